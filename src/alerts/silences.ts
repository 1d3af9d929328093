import { randomBytes } from 'node:crypto';
import { NotFoundError, UsageError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Alert } from './alert.js';
import { linearRegex, linearRegexProblem, type LinearRegex } from '../linear-regex.js';

// Maintenance windows: while a silence is active, an alert its matchers all match opens nothing
// and runs nothing; it is answered `silenced`, counted, and the silence remembers how many it
// suppressed. Matchers follow Alertmanager: `=` `!=` `=~` `!~`, regexes anchored at both ends, a
// missing label reads as the empty string. The table's schema is in src/store/oncall-schema.ts.

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy: string;
  expiredBy: string | null;
  suppressed: number;
  state: 'active' | 'expired';
}

interface SilenceRow {
  id: string;
  matchers: string;
  starts_at: number;
  ends_at: number;
  comment: string;
  created_by: string;
  created_at: number;
  expired_by: string | null;
  suppressed: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;
const MAX_VALUE = 256;
export const MAX_SILENCE_MS = 90 * 24 * 3_600_000;

/** `rule=Terminal shell`, `container!=db`, `rule=~Terminal.*`, `severity!~low|info`. */
export function parseMatcher(text: string): Matcher {
  const found = /^\s*([^=!~\s]+)\s*(=~|!~|!=|=)\s*(.*)$/s.exec(text);
  if (!found) throw new UsageError(`matcher "${text}" is not NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX`);
  const [, name, op, raw] = found as unknown as [string, string, MatchOp, string];
  const value = raw.trim().replace(/^"(.*)"$/s, '$1');
  return checkMatcher({ name, op, value });
}

/** Validate a matcher (from the CLI or the API body): a label name, a bounded value, a regex that compiles. */
export function checkMatcher(matcher: Matcher): Matcher {
  if (!NAME.test(matcher.name)) throw new UsageError(`matcher name "${matcher.name}" is not a label name (letters, digits, _ and .)`);
  if (!['=', '!=', '=~', '!~'].includes(matcher.op)) throw new UsageError(`matcher operator "${matcher.op}" is not one of = != =~ !~`);
  if (matcher.value.length > MAX_VALUE) throw new UsageError(`matcher value for "${matcher.name}" is longer than ${MAX_VALUE} characters`);
  if (matcher.op === '=~' || matcher.op === '!~') {
    const problem = linearRegexProblem(matcher.value);
    if (problem) throw new UsageError(`matcher "${matcher.name}${matcher.op}${matcher.value}": not a regular expression: ${problem}`);
  }
  return { name: matcher.name, op: matcher.op, value: matcher.value };
}

// Matched against alert text, so in linear time (see linear-regex.ts); compiled once per pattern.
const compiled = new Map<string, LinearRegex | undefined>();
const COMPILED_KEPT = 512;

/**
 * Whether `=~` (or, negated, `!~`) holds for the whole value. A pattern stored before silences took
 * RE2 syntax that no longer compiles holds for neither: the silence then suppresses nothing.
 */
function regexHolds(pattern: string, value: string, negated: boolean): boolean {
  let regex = compiled.get(pattern);
  if (!compiled.has(pattern)) {
    if (compiled.size >= COMPILED_KEPT) compiled.clear();
    try {
      regex = linearRegex(pattern, { whole: true });
    } catch {
      regex = undefined;
    }
    compiled.set(pattern, regex);
  }
  if (!regex) return false;
  return regex.test(value) !== negated;
}

/** The names a silence can match on: the alert's labels, and rule, container, source, host, priority. */
export function silenceLabels(alert: Pick<Alert, 'labels' | 'rule' | 'container' | 'source' | 'host' | 'priority'>): Record<string, string> {
  return {
    ...alert.labels,
    rule: alert.rule,
    source: alert.source,
    container: alert.container ?? '',
    host: alert.host ?? '',
    ...(alert.priority ? { priority: String(alert.priority) } : {}),
  };
}

export function matches(matchers: readonly Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((matcher) => {
    const value = (labels[matcher.name] ?? '').slice(0, 4096);
    switch (matcher.op) {
      case '=':
        return value === matcher.value;
      case '!=':
        return value !== matcher.value;
      case '=~':
        return regexHolds(matcher.value, value, false);
      case '!~':
        return regexHolds(matcher.value, value, true);
    }
  });
}

export function addSilence(db: Db, silence: { matchers: Matcher[]; durationMs: number; comment: string; createdBy: string; now?: number }): Silence {
  if (silence.matchers.length === 0) throw new UsageError('a silence needs at least one matcher', { hint: '--match rule="Terminal shell in container"' });
  if (!silence.comment.trim()) throw new UsageError('a silence needs a comment saying why', { hint: '--comment "deploy of web-1"' });
  if (!(silence.durationMs > 0) || silence.durationMs > MAX_SILENCE_MS) throw new UsageError('a silence lasts more than 0 and at most 90 days');
  const matchers = silence.matchers.map(checkMatcher);
  const now = silence.now ?? Date.now();
  const id = `sil-${randomBytes(6).toString('hex')}`;
  db.prepare('INSERT INTO silences (id, matchers, starts_at, ends_at, comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id,
    JSON.stringify(matchers),
    now,
    now + silence.durationMs,
    silence.comment.trim().slice(0, 1000),
    silence.createdBy,
    now,
  );
  return getSilence(db, id, now);
}

export function getSilence(db: Db, id: string, now = Date.now()): Silence {
  const row = db.prepare('SELECT * FROM silences WHERE id = ?').get(id) as SilenceRow | undefined;
  if (!row) throw new NotFoundError(`silence "${id}" not found`, { hint: 'irctl silence ls --all lists them' });
  return toSilence(row, now);
}

/** Active silences, or every one with `all`, newest first. */
export function listSilences(db: Db, options: { all?: boolean; now?: number } = {}): Silence[] {
  const now = options.now ?? Date.now();
  const rows = (
    options.all
      ? db.prepare('SELECT * FROM silences ORDER BY created_at DESC').all()
      : db.prepare('SELECT * FROM silences WHERE ends_at > ? AND starts_at <= ? ORDER BY created_at DESC').all(now, now)
  ) as SilenceRow[];
  return rows.map((row) => toSilence(row, now));
}

/** End a silence now; ending one already over changes nothing. */
export function expireSilence(db: Db, id: string, actor: string, now = Date.now()): Silence {
  const silence = getSilence(db, id, now);
  if (silence.state === 'active') db.prepare('UPDATE silences SET ends_at = ?, expired_by = ? WHERE id = ?').run(now, actor, id);
  return getSilence(db, id, now);
}

/** The active silence that suppresses this alert, counted as having done so; undefined when none does. */
export function silenceFor(db: Db, alert: Alert, now = Date.now()): Silence | undefined {
  const labels = silenceLabels(alert);
  const hit = listSilences(db, { now }).find((silence) => matches(silence.matchers, labels));
  if (hit) db.prepare('UPDATE silences SET suppressed = suppressed + 1 WHERE id = ?').run(hit.id);
  return hit;
}

export function formatMatcher(matcher: Matcher): string {
  return `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`;
}

function toSilence(row: SilenceRow, now: number): Silence {
  return {
    id: row.id,
    matchers: JSON.parse(row.matchers) as Matcher[],
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    comment: row.comment,
    createdBy: row.created_by,
    expiredBy: row.expired_by,
    suppressed: row.suppressed,
    state: row.ends_at > now && row.starts_at <= now ? 'active' : 'expired',
  };
}

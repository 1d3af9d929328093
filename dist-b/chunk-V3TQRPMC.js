import {
  NotFoundError,
  UsageError
} from "./chunk-JMAPXXTL.js";

// dist/alerts/silences.js
import { randomBytes } from "node:crypto";
var NAME = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;
var MAX_VALUE = 256;
var MAX_SILENCE_MS = 90 * 24 * 36e5;
function parseMatcher(text) {
  const found = /^\s*([^=!~\s]+)\s*(=~|!~|!=|=)\s*(.*)$/s.exec(text);
  if (!found)
    throw new UsageError(`matcher "${text}" is not NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX`);
  const [, name, op, raw] = found;
  const value = raw.trim().replace(/^"(.*)"$/s, "$1");
  return checkMatcher({ name, op, value });
}
function checkMatcher(matcher) {
  if (!NAME.test(matcher.name))
    throw new UsageError(`matcher name "${matcher.name}" is not a label name (letters, digits, _ and .)`);
  if (!["=", "!=", "=~", "!~"].includes(matcher.op))
    throw new UsageError(`matcher operator "${matcher.op}" is not one of = != =~ !~`);
  if (matcher.value.length > MAX_VALUE)
    throw new UsageError(`matcher value for "${matcher.name}" is longer than ${MAX_VALUE} characters`);
  if (matcher.op === "=~" || matcher.op === "!~") {
    try {
      anchored(matcher.value);
    } catch (error) {
      throw new UsageError(`matcher "${matcher.name}${matcher.op}${matcher.value}": not a regular expression: ${error.message}`);
    }
  }
  return { name: matcher.name, op: matcher.op, value: matcher.value };
}
var anchored = (pattern) => new RegExp(`^(?:${pattern})$`, "s");
function silenceLabels(alert) {
  return {
    ...alert.labels,
    rule: alert.rule,
    source: alert.source,
    container: alert.container ?? "",
    host: alert.host ?? "",
    ...alert.priority ? { priority: String(alert.priority) } : {}
  };
}
function matches(matchers, labels) {
  return matchers.every((matcher) => {
    const value = (labels[matcher.name] ?? "").slice(0, 4096);
    switch (matcher.op) {
      case "=":
        return value === matcher.value;
      case "!=":
        return value !== matcher.value;
      case "=~":
        return anchored(matcher.value).test(value);
      case "!~":
        return !anchored(matcher.value).test(value);
    }
  });
}
function addSilence(db, silence) {
  if (silence.matchers.length === 0)
    throw new UsageError("a silence needs at least one matcher", { hint: '--match rule="Terminal shell in container"' });
  if (!silence.comment.trim())
    throw new UsageError("a silence needs a comment saying why", { hint: '--comment "deploy of web-1"' });
  if (!(silence.durationMs > 0) || silence.durationMs > MAX_SILENCE_MS)
    throw new UsageError("a silence lasts more than 0 and at most 90 days");
  const matchers = silence.matchers.map(checkMatcher);
  const now = silence.now ?? Date.now();
  const id = `sil-${randomBytes(6).toString("hex")}`;
  db.prepare("INSERT INTO silences (id, matchers, starts_at, ends_at, comment, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)").run(id, JSON.stringify(matchers), now, now + silence.durationMs, silence.comment.trim().slice(0, 1e3), silence.createdBy, now);
  return getSilence(db, id, now);
}
function getSilence(db, id, now = Date.now()) {
  const row = db.prepare("SELECT * FROM silences WHERE id = ?").get(id);
  if (!row)
    throw new NotFoundError(`silence "${id}" not found`, { hint: "irctl silence ls --all lists them" });
  return toSilence(row, now);
}
function listSilences(db, options = {}) {
  const now = options.now ?? Date.now();
  const rows = options.all ? db.prepare("SELECT * FROM silences ORDER BY created_at DESC").all() : db.prepare("SELECT * FROM silences WHERE ends_at > ? AND starts_at <= ? ORDER BY created_at DESC").all(now, now);
  return rows.map((row) => toSilence(row, now));
}
function expireSilence(db, id, actor, now = Date.now()) {
  const silence = getSilence(db, id, now);
  if (silence.state === "active")
    db.prepare("UPDATE silences SET ends_at = ?, expired_by = ? WHERE id = ?").run(now, actor, id);
  return getSilence(db, id, now);
}
function silenceFor(db, alert, now = Date.now()) {
  const labels = silenceLabels(alert);
  const hit = listSilences(db, { now }).find((silence) => matches(silence.matchers, labels));
  if (hit)
    db.prepare("UPDATE silences SET suppressed = suppressed + 1 WHERE id = ?").run(hit.id);
  return hit;
}
function formatMatcher(matcher) {
  return `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`;
}
function toSilence(row, now) {
  return {
    id: row.id,
    matchers: JSON.parse(row.matchers),
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    comment: row.comment,
    createdBy: row.created_by,
    expiredBy: row.expired_by,
    suppressed: row.suppressed,
    state: row.ends_at > now && row.starts_at <= now ? "active" : "expired"
  };
}

export {
  parseMatcher,
  checkMatcher,
  addSilence,
  listSilences,
  expireSilence,
  silenceFor,
  formatMatcher
};

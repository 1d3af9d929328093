import type { SourcePath } from './positions.js';

/** One problem in a runbook before it is given a file, line and column. */
export interface Problem {
  path: SourcePath;
  message: string;
  /** Report at the key's name rather than its value (unknown or duplicate keys). */
  atKey?: boolean;
  /** Report at this character of the string value (an expression's error offset). */
  offset?: number;
  /** Report at this character of the file (when the problem has no path, e.g. a YAML alias). */
  sourceOffset?: number;
}

/** A short, safe rendering of a value for a message: `5`, `"abc"`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

/** The value at a path in plain data, reading own properties only. */
export function valueAt(data: unknown, path: SourcePath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The closest candidate within a small edit distance, for "did you mean …?". */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Words people reach for that are spelled differently here: timeout for a stop's grace period. */
const SYNONYMS: Record<string, readonly string[]> = {
  timeout: ['grace_period', 'stop_timeout', 'health_timeout'],
  grace: ['grace_period'],
  wait: ['grace_period', 'duration'],
  name: ['container'],
  id: ['container'],
  cmd: ['command'],
  args: ['command'],
  tag: ['image'],
  ip: ['address'],
  source: ['address'],
  ttl: ['expires'],
  duration: ['expires'],
};

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const known = [...candidates];
  const suggestion = nearest(word, known) ?? SYNONYMS[word.toLowerCase()]?.find((synonym) => known.includes(synonym));
  return suggestion ? ` (did you mean "${suggestion}"?)` : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Math.abs(a.length - b.length);
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

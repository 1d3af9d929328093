import { AlertRejectedError } from './rejection.js';

// Alert payloads are attacker-reachable: a process under watch chooses its own command line, a
// container its own labels. Before any schema sees a payload it is copied through this guard, which
// rejects what cannot be handled safely and neutralizes the rest (so an attacker cannot make an
// alert be dropped just by making one field odd).

export const PAYLOAD_LIMITS = {
  maxDepth: 32,
  maxValues: 100_000, // every object, array and scalar counts
  maxStringLength: 32_768, // longer strings are cut, not rejected
  maxKeyLength: 1_024,
} as const;

const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// C0 controls except tab/newline/carriage return, DEL, C1 controls, and bidi overrides
// (terminal escape injection and "Trojan source" tricks in anything shown to a responder).
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export interface SanitizedPayload {
  value: unknown;
  notes: string[]; // what was neutralized, for the alert record
}

interface Counters {
  values: number;
  droppedKeys: number;
  truncated: number;
  replaced: number;
}

function cleanString(text: string, counters: Counters, limit: number): string {
  let result = text;
  if (result.length > limit) {
    result = `${result.slice(0, limit)}…[truncated ${result.length - limit} characters]`;
    counters.truncated++;
  }
  if (UNSAFE_CHARACTERS.test(result)) {
    UNSAFE_CHARACTERS.lastIndex = 0;
    result = result.replace(UNSAFE_CHARACTERS, '\uFFFD');
    counters.replaced++;
  }
  return result;
}

function copy(value: unknown, depth: number, counters: Counters): unknown {
  if (++counters.values > PAYLOAD_LIMITS.maxValues) {
    throw new AlertRejectedError(`payload holds more than ${PAYLOAD_LIMITS.maxValues} values`, 400);
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
  if (typeof value === 'string') return cleanString(value, counters, PAYLOAD_LIMITS.maxStringLength);
  if (typeof value !== 'object') return null; // undefined, functions, symbols, bigints: not JSON
  if (depth >= PAYLOAD_LIMITS.maxDepth) {
    throw new AlertRejectedError(`payload is nested deeper than ${PAYLOAD_LIMITS.maxDepth} levels`, 400);
  }
  if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1, counters));
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (DANGEROUS_KEYS.has(key)) {
      counters.droppedKeys++;
      continue;
    }
    const cleanKey = cleanString(key, counters, PAYLOAD_LIMITS.maxKeyLength);
    result[cleanKey] = copy((value as Record<string, unknown>)[key], depth + 1, counters);
  }
  return result;
}

/** A safe deep copy of a parsed JSON payload; throws AlertRejectedError (400) for what it cannot hold. */
export function sanitizePayload(payload: unknown): SanitizedPayload {
  const counters: Counters = { values: 0, droppedKeys: 0, truncated: 0, replaced: 0 };
  const value = copy(payload, 0, counters);
  const notes: string[] = [];
  if (counters.droppedKeys) notes.push(`dropped ${counters.droppedKeys} key(s) named __proto__, constructor or prototype`);
  if (counters.truncated) notes.push(`cut ${counters.truncated} string(s) longer than ${PAYLOAD_LIMITS.maxStringLength} characters`);
  if (counters.replaced) notes.push(`replaced control or bidi-override characters in ${counters.replaced} string(s)`);
  return { value, notes };
}

/**
 * How long alert text may be once it names an incident or fills its inputs: the summary and rule
 * are shown as titles (terminal, console, chat, reports), inputs reach step parameters.
 */
export const ALERT_TEXT_LIMITS = { rule: 256, summary: 1024, host: 253, input: 4096 } as const;

// line breaks of every kind and tabs (kept by sanitizePayload inside payload values) become spaces here
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * Alert text as one line for a title or an input: tabs and line breaks become spaces, any control
 * or bidi character that is left is dropped (sanitizePayload has already replaced them in payloads;
 * this holds for text built from them too), and it is cut at `max` characters (with `mark` at the
 * end when cut). An attacker writes these fields: one cannot make a title span lines, reorder what
 * a responder reads, or fill a screen.
 */
export function alertLine(text: string, max: number, mark = '…'): string {
  let line = text.replace(LINE_BREAKS, ' ').replace(UNSAFE_CHARACTERS, '');
  if (line.length > max) line = `${line.slice(0, Math.max(0, max - mark.length))}${mark}`;
  return line;
}

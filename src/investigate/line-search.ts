import type { JsonValue } from '../json.js';
import { ipv4sIn, type IocMatcher } from './ioc.js';

export interface LineMatch {
  line: number;
  text: string;
  matcher: IocMatcher;
  before: string[];
  after: string[];
  at?: number; // epoch ms of the line's leading timestamp (docker logs --timestamps), when it has one
}

export interface SearchOptions {
  context: number; // lines kept before and after each match
  maxMatches: number; // matches kept with their text; the rest are only counted
}

export interface SearchResult {
  matches: LineMatch[];
  total: number; // every matching line, kept or not
  byIndicator: Map<string, number>;
  timestamps: number[]; // of every matching line that had one
  sourceIps: Map<string, number>; // IPv4 addresses named on matching lines
}

const MAX_LINE = 8192; // a pathological line is cut before any regex sees it
const LEADING_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))\s/;

/** The time a log line starts with (the engine's RFC 3339 stamp), in epoch ms. */
export function leadingTime(text: string): number | undefined {
  const stamp = LEADING_TIME.exec(text)?.[1];
  if (!stamp) return undefined;
  const ms = Date.parse(stamp.replace(/(\.\d{3})\d+/, '$1')); // nanoseconds → the milliseconds Date parses
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Search lines one at a time, keeping only a window of `context` lines: memory stays flat however
 * large the file. Each line counts once, for the first indicator it matches (most specific first).
 */
export async function searchLines(
  lines: AsyncIterable<{ number: number; text: string }>,
  matchers: readonly IocMatcher[],
  options: SearchOptions,
): Promise<SearchResult> {
  const ordered = [...matchers].reverse(); // literal IoCs were compiled last and are the most specific
  const result: SearchResult = { matches: [], total: 0, byIndicator: new Map(), timestamps: [], sourceIps: new Map() };
  const window: string[] = [];
  const waitingForAfter: LineMatch[] = [];
  for await (const { number, text: raw } of lines) {
    const text = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    for (const pending of waitingForAfter) pending.after.push(text);
    while (waitingForAfter.length > 0 && waitingForAfter[0]!.after.length >= options.context) waitingForAfter.shift();

    const matcher = ordered.find((candidate) => candidate.regex.test(text));
    if (matcher) {
      result.total++;
      result.byIndicator.set(matcher.indicator, (result.byIndicator.get(matcher.indicator) ?? 0) + 1);
      const at = leadingTime(text);
      if (at !== undefined) result.timestamps.push(at);
      for (const ip of ipv4sIn(text)) result.sourceIps.set(ip, (result.sourceIps.get(ip) ?? 0) + 1);
      if (result.matches.length < options.maxMatches) {
        const match: LineMatch = { line: number, text, matcher, before: [...window], after: [], ...(at !== undefined ? { at } : {}) };
        result.matches.push(match);
        if (options.context > 0) waitingForAfter.push(match);
      }
    }
    if (options.context > 0) {
      window.push(text);
      if (window.length > options.context) window.shift();
    }
  }
  return result;
}

/** The most matching lines that fall within any one window of `windowMs` (sliding, not calendar). */
export function maxInWindow(timestamps: readonly number[], windowMs: number): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export function matchDetail(match: LineMatch, file: string): Record<string, JsonValue> {
  return {
    indicator: match.matcher.indicator,
    indicator_kind: match.matcher.kind,
    file,
    line: match.line,
    text: match.text.slice(0, 500),
    before: match.before.map((line) => line.slice(0, 500)),
    after: match.after.map((line) => line.slice(0, 500)),
  };
}

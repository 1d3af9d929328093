import { describe, expect, it } from 'vitest';
import { compileIocs } from '../../../src/investigate/ioc.js';
import { leadingTime, maxInWindow, searchLines } from '../../../src/investigate/line-search.js';

async function* numbered(lines: string[]) {
  let number = 0;
  for (const text of lines) yield { number: ++number, text };
}

const matchers = compileIocs({ patterns: ['Failed password'], ips: ['203.0.113.7'], domains: [], hashes: [], defaultPatterns: true });

describe('line search', () => {
  it('reports each matching line once with its number and the lines around it', async () => {
    const result = await searchLines(numbered(['a', 'b', 'Failed password for root', 'c', 'd', 'e']), matchers, { context: 2, maxMatches: 10 });
    expect(result.total).toBe(1);
    expect(result.matches[0]).toMatchObject({ line: 3, before: ['a', 'b'], after: ['c', 'd'] });
    expect(result.matches[0]!.matcher.indicator).toBe('Failed password');
  });

  it('credits a line to the most specific indicator it matches', async () => {
    const result = await searchLines(numbered(['Failed password from 203.0.113.7']), matchers, { context: 0, maxMatches: 10 });
    expect([...result.byIndicator.entries()]).toEqual([['203.0.113.7', 1]]);
  });

  it('counts matches past max_matches without keeping them', async () => {
    const result = await searchLines(numbered(Array.from({ length: 50 }, () => 'error')), matchers, { context: 1, maxMatches: 3 });
    expect(result.total).toBe(50);
    expect(result.matches).toHaveLength(3);
  });

  it('counts the source addresses named on matching lines', async () => {
    const lines = ['Failed password for a from 198.51.100.1', 'Failed password for b from 198.51.100.1', 'ok from 198.51.100.9'];
    const result = await searchLines(numbered(lines), matchers, { context: 0, maxMatches: 10 });
    expect([...result.sourceIps.entries()]).toEqual([['198.51.100.1', 2]]);
  });

  it('reads the engine timestamp a log line starts with, nanoseconds included', () => {
    expect(leadingTime('2024-05-01T10:00:00.123456789Z Failed password')).toBe(Date.parse('2024-05-01T10:00:00.123Z'));
    expect(leadingTime('Failed password')).toBeUndefined();
  });

  it('finds the busiest sliding window, not the busiest calendar minute', () => {
    const t = Date.parse('2024-05-01T10:00:30Z');
    const stamps = [...Array.from({ length: 6 }, (_, i) => t + i * 1000), ...Array.from({ length: 6 }, (_, i) => t + 40_000 + i * 1000)];
    expect(maxInWindow(stamps, 60_000)).toBe(12);
    expect(maxInWindow(stamps, 10_000)).toBe(6);
    expect(maxInWindow([], 60_000)).toBe(0);
  });
});

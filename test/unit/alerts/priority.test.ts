import { describe, expect, it } from 'vitest';
import { normalizePriority, parsePriorityCondition, satisfiesPriority, type PriorityCondition } from '../../../src/alerts/priority.js';

const condition = (text: string) => parsePriorityCondition(text) as PriorityCondition;

describe('priorities', () => {
  it.each([
    ['Critical', 'critical'],
    ['INFO', 'informational'],
    ['high', 'error'],
    ['warn', 'warning'],
    ['page', 'critical'],
    [0, 'emergency'],
    [7, 'debug'],
    ['3', 'error'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizePriority(input)).toBe(expected);
  });

  it('leaves unknown words and non-integers unnormalized', () => {
    expect(normalizePriority('spicy')).toBeUndefined();
    expect(normalizePriority(2.5)).toBeUndefined();
    expect(normalizePriority('constructor')).toBeUndefined();
  });

  it('compares on Falco’s scale, most severe highest', () => {
    expect(satisfiesPriority('critical', condition('>= warning'))).toBe(true);
    expect(satisfiesPriority('notice', condition('>= warning'))).toBe(false);
    expect(satisfiesPriority('warning', condition('< error'))).toBe(true);
    expect(satisfiesPriority('error', condition('< error'))).toBe(false);
    expect(satisfiesPriority('critical', condition('critical'))).toBe(true);
    expect(satisfiesPriority('alert', condition('critical'))).toBe(false);
    expect(satisfiesPriority('debug', condition('!= debug'))).toBe(false);
  });

  it('explains a condition it cannot read', () => {
    expect(parsePriorityCondition('>= spicy')).toEqual({ problem: expect.stringMatching(/unknown priority/) });
    expect(parsePriorityCondition('=> warning')).toEqual({ problem: expect.stringMatching(/is not "<operator> <priority>"/) });
  });
});

import { describe, expect, it } from 'vitest';
import { rejectionOf } from './expect-rejection.js';
import { falcoParser } from '../../../src/alerts/parsers/falco.js';
import { genericParser } from '../../../src/alerts/parsers/generic.js';
import { parsePayloadText } from '../../../src/alerts/payload-text.js';
import { PAYLOAD_LIMITS, sanitizePayload } from '../../../src/alerts/sanitize.js';
import { loadFixture } from './fixtures.js';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
}

describe('hostile payloads', () => {
  it('drops __proto__ and constructor keys without polluting any prototype', () => {
    const alert = falcoParser.parse(loadFixture('made-up/hostile-proto-pollution.json')).alerts[0]!;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(alert.raw)).toBe(Object.prototype);
    expect(Object.keys(alert.output_fields)).toEqual(['container.id', 'proc.cmdline']);
    expect(alert.container).toBe('ee97d9c4186f');
    expect(alert.notes).toContain('dropped 3 key(s) named __proto__, constructor or prototype');
  });

  it('neutralizes terminal escapes and bidi overrides, and refuses a container name with control characters', () => {
    const alert = falcoParser.parse(loadFixture('made-up/hostile-control-chars.json')).alerts[0]!;
    expect(alert.rule).toBe('Terminal shell\uFFFD[2J\uFFFD[31m in container');
    expect(alert.summary).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(alert.container).toBeUndefined();
    expect(alert.containerProblem).toMatch(/output_fields\['container.name'\] ".*" is not a valid container name/);
  });

  it('rejects nesting deeper than the limit with a 400', () => {
    const error = rejectionOf(() => falcoParser.parse({ rule: 'r', output: 'o', output_fields: nested(PAYLOAD_LIMITS.maxDepth + 5) }));
    expect(error.httpStatus).toBe(400);
    expect(error.reason).toBe(`payload is nested deeper than ${PAYLOAD_LIMITS.maxDepth} levels`);
  });

  it('rejects a body of a million nested brackets with a 400 instead of overflowing the stack', () => {
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(rejectionOf(() => falcoParser.parse(parsePayloadText(text))).httpStatus).toBe(400);
  });

  it('rejects a payload with more values than the limit with a 400', () => {
    const alerts = Array.from({ length: PAYLOAD_LIMITS.maxValues }, () => ({ rule: 'r' }));
    const error = rejectionOf(() => genericParser.parse({ alerts }));
    expect(error.httpStatus).toBe(400);
    expect(error.reason).toMatch(/more than 100000 values/);
  });

  it('cuts a huge string instead of dropping the alert (an attacker picks its own command line)', () => {
    const cmdline = 'x'.repeat(PAYLOAD_LIMITS.maxStringLength * 4);
    const alert = falcoParser.parse({ rule: 'r', output: 'o', output_fields: { 'proc.cmdline': cmdline, 'container.id': 'ee97d9c4186f' } }).alerts[0]!;
    const kept = alert.output_fields['proc.cmdline'] as string;
    expect(kept.startsWith('x'.repeat(PAYLOAD_LIMITS.maxStringLength))).toBe(true);
    expect(kept).toMatch(/…\[truncated 98304 characters\]$/);
    expect(alert.container).toBe('ee97d9c4186f');
  });

  it('rejects more alerts in one payload than a notification may hold', () => {
    const alerts = Array.from({ length: 1001 }, (_, i) => ({ rule: `r${i}` }));
    expect(rejectionOf(() => genericParser.parse({ alerts })).reason).toMatch(/1001 alerts in one payload; at most 1000/);
  });
});

describe('sanitizing', () => {
  it('copies values as they are when nothing needs neutralizing', () => {
    expect(sanitizePayload({ a: [1, 'two', null, true] })).toEqual({ value: { a: [1, 'two', null, true] }, notes: [] });
  });
});

import { describe, expect, it, vi } from 'vitest';
import { rejectionOf } from './expect-rejection.js';
import { falcoParser } from '../../../src/alerts/parsers/falco.js';
import { genericParser } from '../../../src/alerts/parsers/generic.js';
import { parsePayloadText } from '../../../src/alerts/payload-text.js';
import { matchAlert } from '../../../src/alerts/match.js';
import { ALERT_TEXT_LIMITS, alertLine, PAYLOAD_LIMITS, sanitizePayload } from '../../../src/alerts/sanitize.js';
import { loadFixture } from './fixtures.js';
import { runbookWith } from './runbooks.js';

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

  it('rejects a body of a million nested brackets with a 400 before JSON.parse builds it', () => {
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const error = rejectionOf(() => parsePayloadText(text));
      expect([error.httpStatus, error.reason]).toEqual([400, `payload is nested deeper than ${PAYLOAD_LIMITS.maxDepth} levels`]);
      expect(parse).not.toHaveBeenCalled(); // building it would hold the server's event loop for a second
    } finally {
      parse.mockRestore();
    }
  });

  it('takes nesting up to the limit, inside strings not counted, and leaves the same limit to the copy', () => {
    const deepest = `${'['.repeat(PAYLOAD_LIMITS.maxDepth)}"[[[{{{"${']'.repeat(PAYLOAD_LIMITS.maxDepth)}`;
    expect(() => sanitizePayload(parsePayloadText(deepest))).not.toThrow();
    const over = `${'['.repeat(PAYLOAD_LIMITS.maxDepth + 1)}${']'.repeat(PAYLOAD_LIMITS.maxDepth + 1)}`;
    expect(rejectionOf(() => parsePayloadText(over)).httpStatus).toBe(400);
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

describe('alert text that becomes an incident title or input', () => {
  const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  it('is one line without control or bidi characters, cut at its limit with a mark', () => {
    expect(alertLine('a\tb\r\nc\u2028d\u202eevil\u0007', 100)).toBe('a b  c devil');
    const cut = alertLine('x'.repeat(50), 10);
    expect(cut).toBe(`${'x'.repeat(9)}…`);
    expect(alertLine('x'.repeat(50), 10, '')).toBe('x'.repeat(10));
  });

  it('bounds the rule, summary and host an attacker writes before they name an incident', () => {
    const long = `line one\nline two\r\n\u001b[2J${'y'.repeat(40_000)}`;
    const alert = genericParser.parse({ rule: `shell\n${'r'.repeat(1_000)}`, summary: long, host: `h\n${'o'.repeat(500)}`, container: 'web-1' }).alerts[0]!;
    for (const [field, limit] of [
      ['rule', ALERT_TEXT_LIMITS.rule],
      ['summary', ALERT_TEXT_LIMITS.summary],
      ['host', ALERT_TEXT_LIMITS.host],
    ] as const) {
      expect(alert[field]!.length, field).toBeLessThanOrEqual(limit);
      expect(alert[field], field).not.toMatch(CONTROL_OR_BREAK);
    }
    expect(alert.summary.startsWith('line one line two  \uFFFD[2Jyyy')).toBe(true);
    expect(alert.summary.endsWith('…')).toBe(true);
  });

  it('bounds trigger inputs built from alert fields, however many fields a template joins', () => {
    const runbook = runbookWith(
      'note',
      [{ source: 'generic', inputs: { note: '${{ alert.labels.a }}\n${{ alert.labels.b }}', container: '${{ alert.container }}' } }],
      {
        note: { type: 'string' },
        container: { required: true },
      },
    );
    const big = 'z'.repeat(PAYLOAD_LIMITS.maxStringLength);
    const alert = genericParser.parse({ rule: 'r', container: 'web-1', labels: { a: `top\r\n${big}`, b: big } }).alerts[0]!;
    const [match] = matchAlert([runbook], alert);
    const note = match!.inputs.note as string;
    expect(note.length).toBe(ALERT_TEXT_LIMITS.input);
    expect(note).not.toMatch(CONTROL_OR_BREAK);
    expect(note.startsWith('top  zzz')).toBe(true);
    expect(match!.inputs.container).toBe('web-1');
  });
});

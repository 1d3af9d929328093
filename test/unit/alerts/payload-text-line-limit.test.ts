// A body of more JSON lines than one payload may hold alerts is refused after counting its lines,
// before any line is parsed: the cost of a refused body is a scan, not one JSON.parse per line.
// (Counted by spying on JSON.parse, not timed.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parsePayloadText } from '../../../src/alerts/payload-text.js';
import { MAX_ALERTS_PER_PAYLOAD } from '../../../src/alerts/parsers/define.js';
import { rejectionOf } from './expect-rejection.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const lines = (count: number, line = '{"rule":"r"}') => `${line}\n`.repeat(count);

describe('payload text: the number of JSON lines', () => {
  it('refuses more lines than the alert limit with a 422 naming it, parsing none of 500,000 lines', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const refused = rejectionOf(() => parsePayloadText(lines(500_000, '1')));
    expect(refused.httpStatus).toBe(422);
    expect(refused.reason).toBe(`more than ${MAX_ALERTS_PER_PAYLOAD} JSON lines in one body; at most ${MAX_ALERTS_PER_PAYLOAD} alerts are accepted`);
    expect(parse.mock.calls.length).toBeLessThanOrEqual(1); // the first line, to tell JSON lines from one document
  });

  it('refuses them the same when the first line is not JSON on its own, after one parse of the whole body', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const refused = rejectionOf(() => parsePayloadText(`[\n${lines(MAX_ALERTS_PER_PAYLOAD + 1, '1')}`));
    expect(refused.httpStatus).toBe(422);
    expect(parse.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('takes exactly the limit, and a pretty-printed document of more lines than that', () => {
    expect(parsePayloadText(lines(MAX_ALERTS_PER_PAYLOAD, '{"rule":"r"}\r'))).toHaveLength(MAX_ALERTS_PER_PAYLOAD);
    const pretty = JSON.stringify({ alerts: Array.from({ length: 400 }, (_, i) => ({ labels: { alertname: `a${i}` } })) }, null, 2);
    expect(pretty.split('\n').length).toBeGreaterThan(MAX_ALERTS_PER_PAYLOAD);
    expect((parsePayloadText(pretty) as { alerts: unknown[] }).alerts).toHaveLength(400);
  });

  it('does not count blank lines', () => {
    expect(parsePayloadText(`${lines(MAX_ALERTS_PER_PAYLOAD)}\n\n  \n`)).toHaveLength(MAX_ALERTS_PER_PAYLOAD);
  });
});

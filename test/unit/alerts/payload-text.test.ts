import { describe, expect, it } from 'vitest';
import { rejectionOf } from './expect-rejection.js';
import { parsePayloadText } from '../../../src/alerts/payload-text.js';

describe('payload text', () => {
  it('reads JSON lines as a list', () => {
    expect(parsePayloadText('{"a":1}\n\n{"b":2}\n')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('rejects text that is not JSON with a 400 naming the line', () => {
    expect(rejectionOf(() => parsePayloadText('{"a":1}\nnot json')).reason).toMatch(/^line 2 is not JSON/);
    expect(rejectionOf(() => parsePayloadText('nope')).httpStatus).toBe(400);
  });
});

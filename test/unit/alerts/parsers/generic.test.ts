import { describe, expect, it } from 'vitest';
import { genericParser } from '../../../../src/alerts/parsers/generic.js';
import { loadFixture } from '../fixtures.js';

describe('generic parser', () => {
  it('reads the documented example', () => {
    const alert = genericParser.parse(loadFixture('made-up/generic-example.json')).alerts[0]!;
    expect(alert).toMatchObject({
      source: 'generic',
      status: 'firing',
      rule: 'Outbound connection to known C2',
      priority: 'critical',
      container: 'web-1',
      host: 'docker-host-1',
      tags: ['network', 'c2'],
      summary: 'web-1 connected to 203.0.113.7:4444',
      startsAt: '2024-03-01T12:00:00.000Z',
    });
    expect(alert.output_fields['dest.port']).toBe(4444);
  });

  it('reads a batch, where a firing and a resolved alert for one thing share a fingerprint', () => {
    const [firing, resolved] = genericParser.parse(loadFixture('made-up/generic-batch.json')).alerts;
    expect(firing).toMatchObject({ status: 'firing', priority: 'error', container: '3f4e8b1c2d5a' });
    expect(resolved).toMatchObject({ status: 'resolved', endsAt: '2024-03-01T12:00:00.000Z' });
    expect(resolved!.fingerprint).toBe(firing!.fingerprint);
  });

  it('uses a sender’s fingerprint when it is printable, and computes one when it is not', () => {
    expect(genericParser.parse({ rule: 'r', fingerprint: 'abc-1' }).alerts[0]!.fingerprint).toBe('abc-1');
    const alert = genericParser.parse({ rule: 'r', fingerprint: 'has space' }).alerts[0]!;
    expect(alert.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(alert.notes).toContain('fingerprint: not 1–128 printable characters; computed instead');
  });

  it('rejects an alert whose rule is not text, saying which field', () => {
    expect(() => genericParser.parse({ rule: { nested: true } })).toThrow(/rule must be a non-empty string, got object/);
  });
});

import { describe, expect, it } from 'vitest';
import { alertmanagerParser } from '../../../../src/alerts/parsers/alertmanager.js';
import { rejectionOf } from '../expect-rejection.js';
import { loadFixture } from '../fixtures.js';

const parse = (name: string) => alertmanagerParser.parse(loadFixture(name));

describe('alertmanager parser on published payloads', () => {
  it('yields one alert per entry of a notification, each with Alertmanager’s own fingerprint', () => {
    const { alerts, skipped } = parse('alertmanager/zulip-firing-two-alerts.json');
    expect(skipped).toEqual([]);
    expect(alerts.map((a) => a.fingerprint)).toEqual(['a1bc48475b20e73d', 'c2ea85182f28cbd9']);
    expect(alerts[1]).toMatchObject({
      source: 'alertmanager',
      status: 'firing',
      rule: 'High CPU Temperature',
      priority: 'critical',
      host: 'andromeda',
      summary: 'High CPU core temperature',
      startsAt: '2020-02-06T00:17:58.432Z',
      endsAt: undefined,
    });
    expect(alerts[1]!.annotations.description).toBe('CPU core temperature is 17.625C');
    expect(alerts[1]!.labels).toEqual({ alertname: 'High CPU Temperature', host: 'andromeda', severity: 'critical' });
  });

  it('reads a resolved alert whose endsAt is still the zero time as resolved with no end time', () => {
    const alert = parse('alertmanager/zulip-resolved-single.json').alerts[0]!;
    expect(alert).toMatchObject({ status: 'resolved', fingerprint: 'a1bc48475b20e73d', endsAt: undefined });
  });

  it('names no container for a host-level alert', () => {
    expect(parse('alertmanager/zulip-firing-two-alerts.json').alerts[0]!.containerProblem).toBe('the alert names no container');
  });
});

describe('alertmanager parser on variants', () => {
  it('fills in what an older or hand-made payload leaves out', () => {
    const alert = parse('made-up/alertmanager-variant-missing-fields.json').alerts[0]!;
    expect(alert.status).toBe('resolved'); // no status anywhere, endsAt has passed
    expect(alert.priority).toBe('error'); // severity "high"
    expect(alert.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(alert.labels).toMatchObject({ cpu: '2', throttled: 'true' });
    expect(alert.labels).not.toHaveProperty('instance'); // null label value dropped
    expect(alert.container).toBe('3f4e8b1c2d5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c'); // from cAdvisor's cgroup id
    expect(alert.summary).toBe('CPU above 90% for 5 minutes');
    expect(alert.endsAt).toBe('2024-03-01T09:30:00.000Z');
  });

  it('computes the same fingerprint for the same label set in any key order', () => {
    const a = alertmanagerParser.parse({ alerts: [{ labels: { alertname: 'X', b: '2', a: '1' } }] }).alerts[0]!;
    const b = alertmanagerParser.parse({ alerts: [{ labels: { a: '1', alertname: 'X', b: '2' } }] }).alerts[0]!;
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('keeps the usable alerts of a notification and reports the others with their reason', () => {
    const { alerts, skipped } = parse('made-up/alertmanager-variant-one-unusable.json');
    expect(alerts.map((a) => [a.rule, a.priority, a.container])).toEqual([['ContainerOOM', 'warning', 'api-2']]);
    expect(skipped).toEqual([
      { index: 0, reason: 'labels.alertname is missing: nothing names this alert' },
      { index: 2, reason: 'expected an object, got string' },
    ]);
  });

  it('notes a webhook version other than 4 and reads it anyway', () => {
    const alert = alertmanagerParser.parse({ version: '5', alerts: [{ labels: { alertname: 'X' } }] }).alerts[0]!;
    expect(alert.notes).toContain('webhook version "5"; read as version 4');
  });

  it('rejects a payload without an alerts list with a 422 and the reason', () => {
    const error = rejectionOf(() => alertmanagerParser.parse({ receiver: 'x', status: 'firing' }));
    expect(error.httpStatus).toBe(422);
    expect(error.reason).toMatch(/^not a usable alertmanager payload: alerts /);
  });

  it('rejects a notification none of whose alerts can be used', () => {
    expect(() => alertmanagerParser.parse({ alerts: [{ labels: {} }] })).toThrow(/labels\.alertname is missing/);
    expect(() => alertmanagerParser.parse({ alerts: [] })).toThrow(/it holds no alerts/);
  });
});

import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIncident, listTimeline } from '../../src/engine/incidents.js';
import { eventually, metricValue, startHarness, type Harness } from './server-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ runbooks: ['generic-note.yaml'] });
});
afterAll(async () => harness.close());

async function send(alert: Record<string, unknown>) {
  const reply = await harness.server.app.inject({ method: 'POST', url: '/v1/alerts/generic', payload: alert, headers: { authorization: `Bearer ${harness.keys.admin}` } });
  expect(reply.statusCode).toBe(202);
  return reply.json().alerts[0].outcomes[0] as { result: string; incidentId?: string; incidentIds?: string[] };
}

describe('irctl serve dedupe', () => {
  it('lets the same alert again join the incident it opened instead of opening another', async () => {
    const alert = { rule: 'suspicious-binary', container: 'dedupe-a', fingerprint: 'fp-dedupe-a' };
    const first = await send(alert);
    const second = await send(alert);
    expect(first.result).toBe('opened');
    expect(second).toEqual({ result: 'joined', runbook: 'generic-note', incidentId: first.incidentId });
    expect((harness.services.db.prepare('SELECT COUNT(*) AS n FROM incidents WHERE target = ?').get('dedupe-a') as { n: number }).n).toBe(1);
    expect(listTimeline(harness.services.db, first.incidentId!).map((entry) => entry.kind)).toContain('alert_joined');
  });

  it('lets another alert for the same runbook and target join while the incident is open', async () => {
    const first = await send({ rule: 'suspicious-binary', container: 'dedupe-b', labels: { path: '/usr/bin/nc' } });
    await eventually('the run to wait for a human', () => (getIncident(harness.services.db, first.incidentId!).status === 'waiting' ? true : undefined));
    const other = await send({ rule: 'suspicious-binary', container: 'dedupe-b', labels: { path: '/tmp/xmrig' } });
    expect(other).toMatchObject({ result: 'joined', incidentId: first.incidentId });
  });

  it('opens a separate incident for another target', async () => {
    const a = await send({ rule: 'suspicious-binary', container: 'dedupe-c1' });
    const b = await send({ rule: 'suspicious-binary', container: 'dedupe-c2' });
    expect(a.result).toBe('opened');
    expect(b.result).toBe('opened');
    expect(b.incidentId).not.toBe(a.incidentId);
  });

  it('opens a new incident once the trigger’s dedupe window has passed', async () => {
    const alert = { rule: 'short-window', container: 'dedupe-d', fingerprint: 'fp-dedupe-d' };
    const first = await send(alert);
    await delay(1_100); // the trigger's dedupe_window is 1s
    const later = await send(alert);
    expect(later.result).toBe('opened');
    expect(later.incidentId).not.toBe(first.incidentId);
  });

  it('records a resolved alert on the timeline of the incident it opened, and starts nothing', async () => {
    const firing = await send({ rule: 'suspicious-binary', container: 'dedupe-e', fingerprint: 'fp-dedupe-e' });
    const before = harness.incidentCount();
    const resolved = await send({ rule: 'suspicious-binary', container: 'dedupe-e', fingerprint: 'fp-dedupe-e', status: 'resolved', endsAt: '2026-01-01T00:00:00Z' });
    expect(resolved).toEqual({ result: 'resolved', incidentIds: [firing.incidentId] });
    expect(harness.incidentCount()).toBe(before);
    const entry = listTimeline(harness.services.db, firing.incidentId!).find((e) => e.kind === 'alert_resolved');
    expect(JSON.parse(entry!.detail)).toMatchObject({ source: 'generic', fingerprint: 'fp-dedupe-e', ends_at: '2026-01-01T00:00:00.000Z' });
  });

  it('counts joined alerts in /metrics and lists the incidents over the API', async () => {
    const text = await harness.server.metrics.registry.metrics();
    expect(metricValue(text, 'irctl_alerts_deduplicated_total', { source: 'generic' })).toBe(2);
    const reply = await harness.server.app.inject({ method: 'GET', url: '/v1/incidents?status=waiting', headers: { authorization: `Bearer ${harness.keys.viewer}` } });
    expect(reply.statusCode).toBe(200);
    const listed = reply.json().incidents as { runbook: string; status: string; auto_only: boolean }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((incident) => incident.runbook === 'generic-note' && incident.status === 'waiting' && incident.auto_only)).toBe(true);
  });
});

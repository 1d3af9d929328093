import type Docker from 'dockerode';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/keys.js';
import { getIncident, listTimeline } from '../../src/engine/incidents.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { eventually, metricValue, startHarness, type Harness } from './server-harness.js';

const docker = testDocker();
let harness: Harness;
// the containers the alerts name: real, and opted in (irctl.protect=true), so intake lets them through
const names: Record<string, string> = {};
const containers: Docker.Container[] = [];

beforeAll(async () => {
  harness = await startHarness({ runbooks: ['generic-note.yaml'] });
  const keys = ['a', 'b', 'c1', 'c2', 'd', 'e', 'f', 'g', 'h', 'i', 'j1', 'j2'];
  for (const key of keys) names[key] = uniqueName(`dedupe-${key}`);
  containers.push(...(await Promise.all(keys.map((key) => startVictim(docker, { name: names[key], labels: { 'irctl.protect': 'true' } })))));
});
afterAll(async () => {
  await harness.close();
  await Promise.all(containers.map(removeQuietly));
});

async function send(alert: Record<string, unknown>, key = harness.keys.admin) {
  const reply = await harness.server.app.inject({ method: 'POST', url: '/v1/alerts/generic', payload: alert, headers: { authorization: `Bearer ${key}` } });
  expect(reply.statusCode).toBe(202);
  return reply.json().alerts[0].outcomes[0] as { result: string; incidentId?: string; incidentIds?: string[] };
}

const incidentsOn = (name: string) => (harness.services.db.prepare('SELECT COUNT(*) AS n FROM incidents WHERE target = ?').get(name) as { n: number }).n;

describe('irctl serve dedupe', () => {
  it('lets the same alert again join the incident it opened instead of opening another', async () => {
    const alert = { rule: 'suspicious-binary', container: names.a, fingerprint: 'fp-dedupe-a' };
    const first = await send(alert);
    const second = await send(alert);
    expect(first.result).toBe('opened');
    expect(second).toEqual({ result: 'joined', runbook: 'generic-note', incidentId: first.incidentId });
    expect(incidentsOn(names.a!)).toBe(1);
    expect(listTimeline(harness.services.db, first.incidentId!).map((entry) => entry.kind)).toContain('alert_joined');
  });

  it('lets another alert for the same runbook and target join while the incident is open', async () => {
    const first = await send({ rule: 'suspicious-binary', container: names.b, labels: { path: '/usr/bin/nc' } });
    await eventually('the run to wait for a human', () => (getIncident(harness.services.db, first.incidentId!).status === 'waiting' ? true : undefined));
    const other = await send({ rule: 'suspicious-binary', container: names.b, labels: { path: '/tmp/xmrig' } });
    expect(other).toMatchObject({ result: 'joined', incidentId: first.incidentId });
  });

  it('opens a separate incident for another target', async () => {
    const a = await send({ rule: 'suspicious-binary', container: names.c1 });
    const b = await send({ rule: 'suspicious-binary', container: names.c2 });
    expect(a.result).toBe('opened');
    expect(b.result).toBe('opened');
    expect(b.incidentId).not.toBe(a.incidentId);
  });

  it('opens a separate incident for another target even when the sender gives both alerts one fingerprint', async () => {
    // Falco's rule-level fingerprint, or a generic sender's, can be the same for two containers: the
    // second container must still be contained, not folded into the first one's incident
    const a = await send({ rule: 'suspicious-binary', container: names.j1, fingerprint: 'fp-shared-by-rule' });
    const b = await send({ rule: 'suspicious-binary', container: names.j2, fingerprint: 'fp-shared-by-rule' });
    expect(a.result).toBe('opened');
    expect(b.result).toBe('opened');
    expect(b.incidentId).not.toBe(a.incidentId);
  });

  it('opens a new incident once the trigger’s dedupe window has passed', async () => {
    const alert = { rule: 'short-window', container: names.d, fingerprint: 'fp-dedupe-d' };
    const first = await send(alert);
    await delay(1_100); // the trigger's dedupe_window is 1s
    const later = await send(alert);
    expect(later.result).toBe('opened');
    expect(later.incidentId).not.toBe(first.incidentId);
  });

  it('records a resolved alert on the timeline of the incident it opened, and starts nothing', async () => {
    const firing = await send({ rule: 'suspicious-binary', container: names.e, fingerprint: 'fp-dedupe-e' });
    const before = harness.incidentCount();
    const resolved = await send({
      rule: 'suspicious-binary',
      container: names.e,
      fingerprint: 'fp-dedupe-e',
      status: 'resolved',
      endsAt: '2026-01-01T00:00:00Z',
    });
    expect(resolved).toEqual({ result: 'resolved', incidentIds: [firing.incidentId] });
    expect(harness.incidentCount()).toBe(before);
    const entry = listTimeline(harness.services.db, firing.incidentId!).find((e) => e.kind === 'alert_resolved');
    expect(JSON.parse(entry!.detail)).toMatchObject({ source: 'generic', fingerprint: 'fp-dedupe-e', ends_at: '2026-01-01T00:00:00.000Z' });
  });

  it('lets an incident that ended absorb nothing: the same alert again opens a new incident', async () => {
    const alert = { rule: 'suspicious-binary', container: names.f, fingerprint: 'fp-dedupe-f' };
    const first = await send(alert);
    await eventually('the run to wait for a human', () => (getIncident(harness.services.db, first.incidentId!).status === 'waiting' ? true : undefined));
    // a responder aborts it (the CLI's irctl abort ends in this state): it is no longer open
    harness.services.db.prepare("UPDATE incidents SET status = 'failed' WHERE id = ?").run(first.incidentId);
    const again = await send(alert);
    expect(again.result).toBe('opened');
    expect(again.incidentId).not.toBe(first.incidentId);
  });

  it('namespaces a sender-chosen fingerprint by the sender: another key cannot join (or hide in) the incident', async () => {
    const other = createApiKey(harness.services.db, { actor: 'other-sender', role: 'alerter', createdBy: 'test' }).key;
    const mine = await send({ rule: 'short-window', container: names.g, fingerprint: 'fp-shared' });
    const theirs = await send({ rule: 'short-window', container: names.h, fingerprint: 'fp-shared' }, other);
    expect(mine.result).toBe('opened');
    expect(theirs.result).toBe('opened');
    expect(theirs.incidentId).not.toBe(mine.incidentId);
  });

  it('does not let joined alerts extend the window: only the opening alert starts it', async () => {
    const alert = { rule: 'short-window', container: names.i, fingerprint: 'fp-dedupe-window' };
    const first = await send(alert);
    expect(first.result).toBe('opened');
    expect((await send(alert)).result).toBe('joined');
    // the opening alert is now older than the trigger's 1 s window; the joined one is fresh
    harness.services.db.prepare("UPDATE server_alerts SET received_at = received_at - 1500 WHERE incident_id = ? AND outcome = 'opened'").run(first.incidentId);
    const later = await send(alert);
    expect(later.result).toBe('opened');
    expect(later.incidentId).not.toBe(first.incidentId);
  });

  it('counts joined alerts in /metrics and lists the incidents over the API', async () => {
    const text = await harness.server.metrics.registry.metrics();
    expect(metricValue(text, 'irctl_alerts_deduplicated_total', { source: 'generic' })).toBe(3);
    const reply = await harness.server.app.inject({
      method: 'GET',
      url: '/v1/incidents?status=waiting&limit=5',
      headers: { authorization: `Bearer ${harness.keys.viewer}` },
    });
    expect(reply.statusCode).toBe(200);
    const listed = reply.json().incidents as { runbook: string; status: string; auto_only: boolean }[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThanOrEqual(5);
    expect(listed.every((incident) => incident.runbook === 'generic-note' && incident.status === 'waiting' && incident.auto_only)).toBe(true);
  });
});

import type Docker from 'dockerode';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIncident } from '../../src/engine/incidents.js';
import { removeQuietly, startVictim, testDocker } from '../helpers/docker.js';
import { ALERT_FIXTURES, eventually, metricValue, startHarness, type Harness } from './server-harness.js';

const docker = testDocker();
const victims: Docker.Container[] = [];
let harness: Harness;
let baseUrl: string;
let hooks: Server;
const webhookBodies: unknown[] = [];

/** A Falco "Terminal shell in container" event (Falco's docs payload) about this container. */
function falcoAlertFor(containerId: string): string {
  const event = JSON.parse(readFileSync(join(ALERT_FIXTURES, 'falco/falco-docs-terminal-shell-critical.json'), 'utf8'));
  event.output_fields['container.id'] = containerId.startsWith('label:') ? containerId : containerId.slice(0, 12);
  return JSON.stringify(event);
}

/** An Alertmanager v4 webhook (the shape of the Zulip fixture) with one alert about this container. */
function alertmanagerAlertFor(name: string): string {
  const notification = JSON.parse(readFileSync(join(ALERT_FIXTURES, 'alertmanager/zulip-firing-two-alerts.json'), 'utf8'));
  const alert = notification.alerts[0];
  alert.labels = { alertname: 'ContainerCompromised', severity: 'critical', container_name: name };
  alert.fingerprint = `e2e${Date.now().toString(16)}`;
  return JSON.stringify({ ...notification, commonLabels: { alertname: 'ContainerCompromised', severity: 'critical' }, alerts: [alert] });
}

async function post(path: string, body: string, key = harness.keys.admin): Promise<{ status: number; json: any }> {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
  return { status: response.status, json: await response.json() };
}

/** Contained = paused, and attached to the quarantine network and nothing else. */
async function containedState(container: Docker.Container) {
  const info = await container.inspect();
  return { paused: info.State.Paused, networks: Object.keys(info.NetworkSettings.Networks ?? {}) };
}

beforeAll(async () => {
  // a webhook receiver that records, and a "Slack" that always fails: the run must not care
  hooks = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/hook') webhookBodies.push(JSON.parse(body));
      response.statusCode = request.url === '/hook' ? 204 : 500;
      response.end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  const hookPort = (hooks.address() as AddressInfo).port;
  harness = await startHarness({
    runbooks: ['falco-shell-contain.yaml', 'alertmanager-compromise-contain.yaml'],
    notify: { webhook: `http://127.0.0.1:${hookPort}/hook`, slack_webhook: `http://127.0.0.1:${hookPort}/slack` },
    // the failing Slack still retries and gives up, without the default 7.5 s of backoff per message
    notifyRetry: { attempts: 3, baseMs: 50 },
  });
  baseUrl = await harness.server.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await harness?.close();
  await Promise.all(victims.map(removeQuietly));
  await docker
    .getNetwork(harness.quarantine)
    .remove()
    .catch(() => undefined);
  hooks?.close();
});

describe('irctl serve contains real containers from alerts', () => {
  it('refuses a selector from an alert that matches several containers without naming them, and pins one that matches one', async () => {
    const marker = `sel-${Date.now().toString(36)}`;
    const pair = await Promise.all([0, 1].map(() => startVictim(docker, { labels: { 'irctl.protect': 'true', [marker]: 'both' } })));
    victims.push(...pair);
    const before = harness.incidentCount();

    const reply = await post('/v1/alerts/falco', falcoAlertFor(`label:${marker}=both`));

    expect(reply.status).toBe(422);
    expect(reply.json.alerts[0].outcomes[0]).toMatchObject({ result: 'refused', reason: 'target_not_found' });
    const said = JSON.stringify(reply.json);
    expect(said).toMatch(/matches 2 containers/);
    for (const victim of pair) {
      const info = await victim.inspect();
      expect(said).not.toContain(info.Id.slice(0, 12)); // which containers carry a label is not the alert's to learn
      expect(said).not.toContain(info.Name.replace(/^\//, ''));
      expect(info.State.Paused).toBe(false);
    }
    expect(harness.incidentCount()).toBe(before);

    // one match: the incident acts on the container intake checked, not on the selector again
    const only = await startVictim(docker, { labels: { 'irctl.protect': 'true', [marker]: 'one' } });
    victims.push(only);
    const opened = await post('/v1/alerts/alertmanager', alertmanagerAlertFor(`label:${marker}=one`));
    expect(opened.json.alerts[0].outcomes[0]).toMatchObject({ result: 'opened' });
    const incident = getIncident(harness.services.db, opened.json.alerts[0].outcomes[0].incidentId);
    expect(JSON.parse(incident.inputs).container).toBe((await only.inspect()).Id);
  });

  it('contains a container named by a Falco alert: paused and on the quarantine network only', async () => {
    const victim = await startVictim(docker, { labels: { 'irctl.protect': 'true' } }); // opted in: the default scope
    victims.push(victim);
    const reply = await post('/v1/alerts/falco', falcoAlertFor(victim.id));
    expect(reply.status).toBe(202);
    expect(reply.json.alerts[0].outcomes[0]).toMatchObject({ result: 'opened', runbook: 'falco-shell-contain' });
    const state = await eventually('the container to be contained', async () => {
      const now = await containedState(victim);
      return now.paused && now.networks.length === 1 && now.networks[0] === harness.quarantine ? now : undefined;
    });
    expect(state).toEqual({ paused: true, networks: [harness.quarantine] });
  });

  it('stops the alert-opened run at the approval gate, and an admin key approving over the API finishes it', async () => {
    const victim = await startVictim(docker, { labels: { 'irctl.protect': 'true' } }); // opted in: the default scope
    victims.push(victim);
    const { json } = await post('/v1/alerts/falco', falcoAlertFor(victim.id));
    const incidentId = json.alerts[0].outcomes[0].incidentId as string;
    await eventually('the gate to wait', () => (getIncident(harness.services.db, incidentId).status === 'waiting' ? true : undefined));
    expect(getIncident(harness.services.db, incidentId).current_step).toBe('approve-close');

    const operator = await post(`/v1/incidents/${incidentId}/approvals`, JSON.stringify({ decision: 'approve' }), harness.keys.operator);
    expect(operator.status).toBe(403); // the gate wants admin; bob is operator
    const admin = await post(`/v1/incidents/${incidentId}/approvals`, JSON.stringify({ decision: 'approve', comment: 'evidence taken' }));
    expect(admin.status).toBe(200);
    expect(admin.json).toMatchObject({ step: 'approve-close', actor: 'alice', resumed: true, gate: { outcome: 'approved', approvers: ['alice'] } });
    await eventually('the run to finish', () => (getIncident(harness.services.db, incidentId).status === 'succeeded' ? true : undefined));

    const detail = await fetch(`${baseUrl}/v1/incidents/${incidentId}`, { headers: { authorization: `Bearer ${harness.keys.viewer}` } }).then((r) => r.json());
    expect(detail.steps.filter((s: { status: string }) => s.status === 'finished').map((s: { step_id: string }) => s.step_id)).toEqual([
      'isolate',
      'freeze',
      'closing-note',
    ]);
    expect(detail.alerts).toMatchObject([{ source: 'falco', outcome: 'opened' }]);
  });

  it('contains a container named by an Alertmanager alert', async () => {
    const victim = await startVictim(docker, { labels: { 'irctl.protect': 'true' } }); // opted in: the default scope
    victims.push(victim);
    const name = (await victim.inspect()).Name.slice(1);
    const reply = await post('/v1/alerts/alertmanager', alertmanagerAlertFor(name));
    expect(reply.status).toBe(202);
    expect(reply.json.alerts[0].outcomes[0]).toMatchObject({ result: 'opened', runbook: 'alertmanager-compromise-contain' });
    const state = await eventually('the container to be contained', async () => {
      const now = await containedState(victim);
      return now.paused && now.networks.length === 1 ? now : undefined;
    });
    expect(state).toEqual({ paused: true, networks: [harness.quarantine] });
  });

  it('posts incident-opened to the JSON webhook and keeps containing while the Slack webhook fails', async () => {
    // serve holds a waiting incident at its gate: wait until no incident is mid-step, so its step metrics are in
    await eventually('every incident to wait or end', () =>
      (harness.services.db.prepare("SELECT COUNT(*) AS n FROM incidents WHERE status = 'running'").get() as { n: number }).n === 0 ? true : undefined,
    );
    await harness.server.notifier.flush();
    expect(webhookBodies).toContainEqual(expect.objectContaining({ event: 'opened', runbook: 'falco-shell-contain', severity: 'critical' }));
    expect(webhookBodies).toContainEqual(expect.objectContaining({ event: 'gate_waiting', step_id: 'approve-close' }));
    const text = await harness.server.metrics.registry.metrics();
    expect(metricValue(text, 'irctl_notifications_total', { channel: 'slack', outcome: 'failed' })).toBeGreaterThan(0);
    expect(metricValue(text, 'irctl_incidents_opened_total', { runbook: 'falco-shell-contain' })).toBe(2);
    expect(metricValue(text, 'irctl_containment_latency_seconds_count', { runbook: 'falco-shell-contain' })).toBe(2);
    const pausesDone = harness.services.db.prepare("SELECT COUNT(*) AS n FROM step_journal WHERE action = 'docker.pause' AND status = 'finished'").get() as {
      n: number;
    };
    expect(pausesDone.n).toBeGreaterThanOrEqual(3); // this file's incidents that reached their pause
    expect(metricValue(text, 'irctl_step_duration_seconds_count', { action: 'docker.pause', outcome: 'done' })).toBe(pausesDone.n);
  });
});

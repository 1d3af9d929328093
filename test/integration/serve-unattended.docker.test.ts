import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIncident, listTimeline } from '../../src/engine/incidents.js';
import type { DeadlineRow } from '../../src/engine/deadlines.js';
import { removeQuietly, startVictim, testDocker } from '../helpers/docker.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { eventually, metricValue, startHarness, type Harness } from './server-harness.js';

// irctl serve with nobody at the keyboard: gates escalate and time out on time, an HTTP approval
// continues the run in the server, an acknowledgement stops the page, a silence holds an alert back.

const docker = testDocker();
const victims: Docker.Container[] = [];
let harness: Harness;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;

const ONCALL = (base: string) => `oncall:
  contacts:
    - { name: primary, webhook: "${base}/primary" }
    - { name: lead, webhook: "${base}/lead" }
  escalation:
    high:
      - { after: 0s, notify: [primary] }
      - { after: 2s, notify: [lead] }
`;

beforeAll(async () => {
  hooks = await startWebhookReceiver();
  harness = await startHarness({
    runbooks: ['unattended-gate.yaml', 'unattended-ack.yaml'],
    notify: { webhook: `${hooks.base}/hook` },
    config: ONCALL(hooks.base),
    notifyRetry: { attempts: 3, baseMs: 50 },
  });
});

afterAll(async () => {
  await harness?.close();
  await Promise.all(victims.map(removeQuietly));
  await docker
    .getNetwork(harness.quarantine)
    .remove()
    .catch(() => undefined);
  await hooks?.close();
});

async function victim(): Promise<{ container: Docker.Container; name: string }> {
  const container = await startVictim(docker, { labels: { 'irctl.protect': 'true' } }); // opted in: the default scope
  victims.push(container);
  return { container, name: (await container.inspect()).Name.replace(/^\//, '') };
}

async function alert(rule: string, container: string): Promise<{ result: string; incidentId?: string; silenceId?: string }> {
  const reply = await harness.server.app.inject({
    method: 'POST',
    url: '/v1/alerts/generic',
    payload: { rule, container, fingerprint: `fp-${container}` },
    headers: { authorization: `Bearer ${harness.keys.admin}` },
  });
  expect(reply.statusCode).toBe(202);
  return reply.json().alerts[0].outcomes[0];
}

const deadlines = (incidentId: string) =>
  harness.services.db.prepare('SELECT * FROM deadlines WHERE incident_id = ? ORDER BY due_at').all(incidentId) as DeadlineRow[];
const networksOf = async (container: Docker.Container) => Object.keys((await container.inspect()).NetworkSettings.Networks ?? {});

describe('irctl serve drives a gate to its deadlines with nobody there', () => {
  it('escalates at 1 s, times out at 3 s, and releases the isolation as the runbook says', async () => {
    const { container, name } = await victim();
    const before = await networksOf(container);
    const opened = await alert('unattended-gate', name);
    expect(opened.result).toBe('opened');
    const id = opened.incidentId!;

    const escalated = await eventually('the gate escalation at the webhook', () =>
      hooks.delivered('/hook', 'escalated', id).find((r) => r.body.step_id === 'keep-contained'),
    );
    const timedOut = await eventually('the gate timeout at the webhook', () => hooks.delivered('/hook', 'timed_out', id)[0]);
    const rows = deadlines(id).filter((row) => row.step_id === 'keep-contained');
    const escalation = rows.find((row) => row.kind === 'escalation')!;
    const timeout = rows.find((row) => row.kind === 'approval_timeout')!;
    expect(timeout.due_at - escalation.due_at).toBe(2000); // 1 s and 3 s after the gate opened
    // each arrived after it was due and soon after (the server was never asked)
    expect(escalated.at).toBeGreaterThanOrEqual(escalation.due_at);
    expect(escalated.at - escalation.due_at).toBeLessThan(1500);
    expect(timedOut.at).toBeGreaterThanOrEqual(timeout.due_at);
    expect(timedOut.at - timeout.due_at).toBeLessThan(1500);

    await eventually('the incident to end', () => (['rolled_back', 'failed'].includes(getIncident(harness.services.db, id).status) ? true : undefined));
    expect(getIncident(harness.services.db, id).status).toBe('rolled_back');
    expect(await networksOf(container)).toEqual(before); // off quarantine, back where it was
    await eventually('the rolled_back notification', () => hooks.delivered('/hook', 'rolled_back', id)[0]);
    const kinds = listTimeline(harness.services.db, id).map((entry) => entry.kind);
    expect(kinds).not.toContain('run_resumed'); // one drive, start to end
  }, 45_000); // waits out a real 3 s gate timeout plus the rollback on the engine

  it('continues the run in the server when a gate is approved over HTTP, with no resume', async () => {
    const { name } = await victim();
    const id = (await alert('unattended-ack', name)).incidentId!;
    await eventually('the gate to wait', () =>
      getIncident(harness.services.db, id).status === 'waiting' && getIncident(harness.services.db, id).current_step === 'decide' ? true : undefined,
    );
    expect(harness.server.pool.drivenIncidents()).toContain(id); // the server holds it while it waits
    const reply = await harness.server.app.inject({
      method: 'POST',
      url: `/v1/incidents/${id}/approvals`,
      payload: { decision: 'approve', comment: 'looked fine' },
      headers: { authorization: `Bearer ${harness.keys.admin}` },
    });
    expect(reply.statusCode).toBe(200);
    await eventually('the run to finish', () => (getIncident(harness.services.db, id).status === 'succeeded' ? true : undefined));
    const kinds = listTimeline(harness.services.db, id).map((entry) => entry.kind);
    expect(kinds).not.toContain('run_resumed');
    expect(kinds.filter((kind) => kind === 'run_started')).toHaveLength(1);
    await eventually('approved and closed notifications', () =>
      hooks.delivered('/hook', 'approved', id).length && hooks.delivered('/hook', 'closed', id).length ? true : undefined,
    );
  });

  it('pages level 0, and an acknowledgement stops the ladder before level 1', async () => {
    const { name } = await victim();
    const id = (await alert('unattended-ack', name)).incidentId!;
    const page = await eventually('the level-0 page to the primary contact', () => hooks.delivered('/primary', 'escalated', id)[0]);
    expect(page.body.to).toEqual(['primary']);
    const reply = await harness.server.app.inject({
      method: 'POST',
      url: `/v1/incidents/${id}/ack`,
      payload: { comment: 'on it' },
      headers: { authorization: `Bearer ${harness.keys.operator}` },
    });
    expect(reply.statusCode).toBe(200);
    const level1 = deadlines(id).find((row) => row.kind === 'page' && JSON.parse(row.payload).level === 1)!;
    expect(level1.cancelled).toBe(1);
    // past level 1's time, the lead was never paged
    await eventually('level 1 to be past', () => (Date.now() > level1.due_at + 500 ? true : undefined));
    expect(hooks.delivered('/lead', undefined, id)).toEqual([]);
    const ack = listTimeline(harness.services.db, id).find((entry) => entry.kind === 'acknowledged');
    expect(ack?.actor).toBe('bob');
    const custody = harness.services.db.prepare("SELECT actor FROM custody_records WHERE incident_id = ? AND act = 'acknowledged'").all(id);
    expect(custody).toEqual([{ actor: 'bob' }]);
    await eventually('the acknowledged notification', () => hooks.delivered('/hook', 'acknowledged', id)[0]);
    await harness.server.app.inject({
      method: 'POST',
      url: `/v1/incidents/${id}/approvals`,
      payload: { decision: 'reject', comment: 'done here' },
      headers: { authorization: `Bearer ${harness.keys.admin}` },
    });
  });

  it('answers a matching alert "silenced" and opens nothing, and lets a non-matching one through', async () => {
    const quiet = await victim();
    const loud = await victim();
    const created = await harness.server.app.inject({
      method: 'POST',
      url: '/v1/silences',
      payload: {
        matchers: [
          { name: 'container', op: '=', value: quiet.name },
          { name: 'rule', op: '=~', value: 'unattended-.*' },
        ],
        duration: '2h',
        comment: 'deploy',
      },
      headers: { authorization: `Bearer ${harness.keys.operator}` },
    });
    expect(created.statusCode).toBe(201);
    const before = harness.incidentCount();
    const silenced = await alert('unattended-ack', quiet.name);
    expect(silenced).toEqual({ result: 'silenced', silenceId: created.json().id });
    expect(harness.incidentCount()).toBe(before);
    const opened = await alert('unattended-ack', loud.name);
    expect(opened.result).toBe('opened');
    const metrics = (await harness.server.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${harness.keys.viewer}` } })).body;
    expect(metricValue(metrics, 'irctl_alerts_silenced_total', { source: 'generic' })).toBe(1);
    expect(metricValue(metrics, 'irctl_silences_active')).toBe(1);
    const listed = (
      await harness.server.app.inject({ method: 'GET', url: '/v1/silences', headers: { authorization: `Bearer ${harness.keys.viewer}` } })
    ).json();
    expect(listed.silences[0]).toMatchObject({ id: created.json().id, suppressed: 1, state: 'active' });
    const expired = await harness.server.app.inject({
      method: 'DELETE',
      url: `/v1/silences/${created.json().id}`,
      headers: { authorization: `Bearer ${harness.keys.operator}` },
    });
    expect(expired.json().state).toBe('expired');
    await harness.server.app.inject({
      method: 'POST',
      url: `/v1/incidents/${opened.incidentId}/approvals`,
      payload: { decision: 'reject', comment: 'done' },
      headers: { authorization: `Bearer ${harness.keys.admin}` },
    });
  });
});

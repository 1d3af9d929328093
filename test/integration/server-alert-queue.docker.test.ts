// Above a key's capacity, a duplicate of an alert whose incident is still open folds into that
// incident at once (joined, recorded on its timeline) instead of waiting in the queue; a new alert
// for another container queues and, once drained, opens its own incident. Real engine, in-process server.
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIncident, listTimeline } from '../../src/engine/incidents.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { eventually, startHarness, type Harness } from './server-harness.js';

const docker = testDocker();
let harness: Harness;
const names = { first: uniqueName('flood-queue-a'), second: uniqueName('flood-queue-b') };
const containers: Docker.Container[] = [];

beforeAll(async () => {
  // a bucket of 2 tokens refilled at 30 a minute (one per 2 s)
  harness = await startHarness({ runbooks: ['generic-note.yaml'], keyRateLimitPerMinute: 30, keyBurst: 2 });
  containers.push(...(await Promise.all(Object.values(names).map((name) => startVictim(docker, { name, labels: { 'irctl.protect': 'true' } })))));
});
afterAll(async () => {
  await harness.close();
  await Promise.all(containers.map(removeQuietly));
});

async function send(alert: Record<string, unknown>) {
  const reply = await harness.server.app.inject({
    method: 'POST',
    url: '/v1/alerts/generic',
    payload: alert,
    headers: { authorization: `Bearer ${harness.keys.alerter}` },
  });
  expect(reply.statusCode).toBe(202);
  return reply.json().alerts[0].outcomes[0] as { result: string; incidentId?: string };
}

describe("irctl serve: folding above a key's capacity", () => {
  it('folds a duplicate into the open incident at once, and queues a new alert that then opens its own incident', async () => {
    const alert = { rule: 'suspicious-binary', container: names.first, fingerprint: 'fp-flood-queue-a' };
    const opened = await send(alert);
    expect(opened.result).toBe('opened');
    await eventually('the run to wait for a human', () => (getIncident(harness.services.db, opened.incidentId!).status === 'waiting' ? true : undefined));
    // spend what is left of the bucket until an alert queues: from then on the key's alerts go through the queue
    let spent = 0;
    while ((await send({ rule: 'nothing-listens-for-this', fingerprint: `spend-${spent}` })).result !== 'queued') expect(++spent).toBeLessThan(5);

    const duplicate = await send(alert);
    expect(duplicate).toMatchObject({ result: 'joined', incidentId: opened.incidentId });
    const joins = listTimeline(harness.services.db, opened.incidentId!).filter((entry) => entry.kind === 'alert_joined');
    expect(joins).toHaveLength(1);
    expect(JSON.parse(joins[0]!.detail)).toMatchObject({ folded: true }); // folded by the queue, not joined by intake

    const other = await send({ rule: 'suspicious-binary', container: names.second, fingerprint: 'fp-flood-queue-b' });
    expect(other.result).toBe('queued');
    const incident = await eventually('the queued alert to open its incident', () => {
      const row = harness.services.db.prepare('SELECT id FROM incidents WHERE target = ?').get(names.second) as { id: string } | undefined;
      return row?.id;
    });
    expect(incident).not.toBe(opened.incidentId);
    // the row is visible at its commit; the queue lets the alert go once its intake is done (WAL synced)
    await eventually('the queue to empty', () => (harness.server.alertQueue.depth() === 0 ? true : undefined));
  });
});

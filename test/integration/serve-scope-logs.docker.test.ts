// irctl serve, on the real engine: the scope an alert-opened incident was opened with binds every
// step (a step naming a second container from an alert label cannot touch it, served or resumed by
// a person), and the server's log tells the story of a served incident line by line.
import type Docker from 'dockerode';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCustody } from '../../src/custody/ledger.js';
import { getIncident, listTimeline } from '../../src/engine/incidents.js';
import { driveIncident } from '../../src/engine/runner.js';
import { openServices } from '../../src/services.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { waitUntil } from '../helpers/wait-until.js';
import { startHarness, type Harness } from './server-harness.js';

const docker = testDocker();
const containers: Docker.Container[] = [];
const logLines: Record<string, unknown>[] = [];
// the server's log destination: every line it writes, parsed
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});
let harness: Harness;
let baseUrl: string;

async function post(body: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${baseUrl}/v1/alerts/generic`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { authorization: `Bearer ${harness.keys.alerter}`, 'content-type': 'application/json' },
  });
  return { status: response.status, json: await response.json() };
}

const stateOf = async (container: Docker.Container) => {
  const info = await container.inspect();
  return { paused: info.State.Paused, running: info.State.Running, networks: Object.keys(info.NetworkSettings.Networks ?? {}).sort() };
};

beforeAll(async () => {
  harness = await startHarness({ runbooks: ['generic-second-container.yaml'], log: pino({ level: 'info' }, sink) }); // default scope: irctl.protect=true
  baseUrl = await harness.server.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await harness?.close();
  await Promise.all(containers.map(removeQuietly));
  await docker
    .getNetwork(harness.quarantine)
    .remove()
    .catch(() => undefined);
});

describe('irctl serve: the scope recorded with an alert-opened incident binds every step; its log tells what happened', () => {
  it('pauses the opted-in container, leaves the one an alert label names untouched, and logs each transition', async () => {
    const inScope = await startVictim(docker, { name: uniqueName('intake2-in'), labels: { 'irctl.protect': 'true' } });
    const outside = await startVictim(docker, { name: uniqueName('intake2-out') }); // never opted in
    containers.push(inScope, outside);
    const outsideName = (await outside.inspect()).Name.slice(1);
    const outsideBefore = await stateOf(outside);

    const reply = await post({ rule: 'second-container', container: inScope.id, labels: { other: outsideName } });
    expect(reply.status).toBe(202);
    const incidentId = reply.json.alerts[0].outcomes[0].incidentId as string;
    expect(reply.json.alerts[0].outcomes[0]).toMatchObject({ result: 'opened', runbook: 'generic-second-container' });

    // the served run pauses the opted-in container, is refused the other, then waits for a person
    await waitUntil(() => getIncident(harness.services.db, incidentId).status === 'waiting', 'the run to wait for a person');
    expect((await stateOf(inScope)).paused).toBe(true);
    expect(await stateOf(outside)).toEqual(outsideBefore);
    expect(JSON.parse(getIncident(harness.services.db, incidentId).scope!)).toEqual({ server: [{ labels: { 'irctl.protect': 'true' } }] });

    const timeline = listTimeline(harness.services.db, incidentId);
    const refused = timeline.filter((entry) => entry.kind === 'out_of_scope');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ step_id: 'freeze-other' });
    expect(JSON.parse(refused[0]!.detail)).toMatchObject({ action: 'docker.pause', container_name: outsideName, host: 'local' });
    const failed = timeline.find((entry) => entry.kind === 'step_failed' && entry.step_id === 'freeze-other')!;
    expect(JSON.parse(failed.detail).error).toMatch(/outside the server's scope \(label irctl\.protect=true\)/);
    const custody = listCustody(harness.services.db, incidentId).filter((record) => record.act === 'refused');
    expect(custody).toHaveLength(1);
    expect(custody[0]).toMatchObject({ subject: (await outside.inspect()).Id, details: { reason: 'out_of_scope' } });

    // the log lines of the served incident: the alert, each run transition, the request
    const runLines = logLines.filter((line) => line.event === 'run' && line.incidentId === incidentId);
    const seen = runLines.map((line) => [line.transition, line.stepId ?? null]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['run_started', null],
        ['step_started', 'freeze'],
        ['step_finished', 'freeze'],
        ['step_started', 'freeze-other'],
        ['step_failed', 'freeze-other'],
        ['human_needed', 'freeze-other-by-hand'],
        ['run_waiting', 'freeze-other-by-hand'],
      ]),
    );
    expect(runLines.find((line) => line.transition === 'step_failed')).toMatchObject({
      level: 40,
      action: 'docker.pause',
      runbook: 'generic-second-container',
      willRetry: false,
    });
    expect(String(runLines.find((line) => line.transition === 'step_failed')!.error)).toContain('outside the server');
    expect(runLines.find((line) => line.transition === 'run_waiting')).toMatchObject({ status: 'waiting', waitingFor: 'takeover' });
    expect(logLines.find((line) => line.event === 'alert' && line.incidentId === incidentId)).toMatchObject({
      result: 'opened',
      sender: 'falcosidekick',
      source: 'generic',
    });
    const request = logLines.find((line) => line.event === 'request' && line.route === '/v1/alerts/generic');
    expect(request).toMatchObject({ status: 202, actor: 'falcosidekick', method: 'POST' });
    expect(typeof request!.reqId).toBe('string');
    expect(typeof request!.ms).toBe('number');

    // a person takes over from another process (as after a crash of serve): the recorded scope still holds
    const later = openServices({ home: harness.home, evidenceDir: join(harness.home, '..', 'evidence'), as: 'alice' });
    try {
      const result = await driveIncident(later, incidentId, { takeOver: true, runAs: 'alice' });
      expect(result.status).toBe('failed');
    } finally {
      later.close();
    }
    expect(await stateOf(outside)).toEqual(outsideBefore);
    const byHand = listTimeline(harness.services.db, incidentId).filter((entry) => entry.kind === 'out_of_scope' && entry.step_id === 'freeze-other-by-hand');
    expect(byHand).toHaveLength(1);
    expect(listCustody(harness.services.db, incidentId).filter((record) => record.act === 'refused')).toHaveLength(2);
  });

  it('logs one line per alert outcome: opened, joined, refused out of scope, target not found, unmatched', async () => {
    const inScope = await startVictim(docker, { name: uniqueName('intake2-in'), labels: { 'irctl.protect': 'true' } });
    const outside = await startVictim(docker, { name: uniqueName('intake2-out') });
    containers.push(inScope, outside);
    const outsideBefore = await stateOf(outside);
    const missing = uniqueName('intake2-missing');
    const fingerprint = uniqueName('intake2-fp');
    const alertLines = (container: string) => logLines.filter((line) => line.event === 'alert' && line.container === container);

    expect((await post({ rule: 'second-container', fingerprint, container: inScope.id, labels: { other: inScope.id } })).status).toBe(202);
    expect((await post({ rule: 'second-container', fingerprint, container: inScope.id, labels: { other: inScope.id } })).status).toBe(202);
    expect((await post({ rule: 'second-container', container: outside.id, labels: { other: outside.id } })).status).toBe(403);
    expect((await post({ rule: 'second-container', container: missing })).status).toBe(422);
    expect((await post({ rule: 'nothing-matches', container: missing })).status).toBe(202);

    expect(alertLines(inScope.id).map((line) => line.result)).toEqual(['opened', 'joined']);
    expect(alertLines(outside.id)).toEqual([expect.objectContaining({ level: 40, result: 'refused', reason: 'out_of_scope', sender: 'falcosidekick' })]);
    expect(String(alertLines(outside.id)[0]!.message)).toContain('label irctl.protect=true');
    expect(alertLines(missing).map((line) => [line.result, line.reason ?? null])).toEqual([
      ['refused', 'target_not_found'],
      ['unmatched', null],
    ]);
    const statuses = logLines
      .filter((line) => line.event === 'request' && line.route === '/v1/alerts/generic')
      .slice(-5)
      .map((line) => line.status);
    expect(statuses).toEqual([202, 202, 403, 422, 202]);
    expect(await stateOf(outside)).toEqual(outsideBefore);
  });
});

import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerIsolate } from '../../src/actions/docker/isolate.js';
import { recoverRelease } from '../../src/actions/recover/release.js';
import { recoverVerify } from '../../src/actions/recover/verify.js';
import { custodyAppender, listCustody } from '../../src/custody/ledger.js';
import { NotFoundError, ActionFailedError } from '../../src/errors.js';
import { openStore } from '../../src/schema.js';
import { contextFor } from '../helpers/action-context.js';
import { removeQuietly, startVictim, TEST_IMAGE, testDocker, uniqueName } from '../helpers/docker.js';

// The write-ahead record on a real engine and a real ledger: isolate records the networks before it
// touches one, a re-run acts from that record, and release / verify refuse to guess without it.

const docker = testDocker();
const quarantine = uniqueName('irctl-q-wa');
const containers: Docker.Container[] = [];
let appNet: string;

beforeAll(async () => {
  appNet = uniqueName('wa-net');
  await docker.createNetwork({ Name: appNet });
});

afterAll(async () => {
  await Promise.all(containers.map((c) => removeQuietly(c)));
  for (const name of [appNet, quarantine])
    await docker
      .getNetwork(name)
      .remove()
      .catch(() => undefined);
});

async function victimOnAppNet(): Promise<Docker.Container> {
  const victim = await startVictim(docker, { network: appNet });
  containers.push(victim);
  return victim;
}

/** Options for a context whose custody ledger is a real one (in-memory SQLite), as a run's is. */
function withLedger(incidentId = uniqueName('inc-wa')) {
  const db = openStore(':memory:');
  return { incidentId, stepId: 'contain', services: { db }, custody: custodyAppender(db, incidentId) };
}

describe('write-ahead of containment', () => {
  it('isolate records the networks in an intent before it changes anything, and a re-run after the change acts from that record', async () => {
    const victim = await victimOnAppNet();
    const ctx = contextFor(dockerIsolate, { container: victim.id, quarantine_network: quarantine }, withLedger());
    const first = await dockerIsolate.run(ctx);
    expect(first.kind).toBe('done');
    const acts = listCustody(ctx.services.db, ctx.incidentId);
    expect(acts.map((r) => r.act)).toEqual(['intent', 'contained']);
    expect(acts[0]!.details).toMatchObject({ quarantine_network: quarantine, original_networks: [expect.objectContaining({ network: appNet })] });

    // the same step again (a crash before the step's end was journaled): the container is on
    // quarantine only now, yet the re-run reports the networks from the intent, not "none"
    const again = await dockerIsolate.run(ctx);
    expect(again).toMatchObject({ kind: 'done', outputs: { networks: [expect.objectContaining({ network: appNet })] } });
    expect(listCustody(ctx.services.db, ctx.incidentId).filter((r) => r.act === 'intent')).toHaveLength(1);
    ctx.close();
  });

  it('release refuses a container on quarantine whose networks before isolation the ledger does not hold, and leaves it there', async () => {
    const victim = await victimOnAppNet();
    const id = (await victim.inspect()).Id;
    const ctx = contextFor(recoverRelease, { container: id }, withLedger());
    // a record from before the write-ahead rule, cut off between the disconnects and the record
    ctx.custody.record({
      act: 'contained',
      actor: 'a',
      subject: id,
      where: { host: 'local', container_id: id },
      how: { action: 'docker.isolate' },
      details: { quarantine_network: quarantine, original_networks: [] },
    });
    const isolate = contextFor(dockerIsolate, { container: id, quarantine_network: quarantine });
    await dockerIsolate.run(isolate);

    const refused = await recoverRelease.run(ctx).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NotFoundError);
    expect((refused as Error).message).toMatch(/refusing to release .* does not record the networks it was on before isolation/);
    expect(Object.keys((await victim.inspect()).NetworkSettings.Networks)).toEqual([quarantine]);
    ctx.close();
  });

  it('verify fails a container that is not back on the networks recorded before isolation', async () => {
    const victim = await victimOnAppNet();
    const ctx = contextFor(dockerIsolate, { container: victim.id, quarantine_network: quarantine }, withLedger());
    await dockerIsolate.run(ctx);
    const verify = contextFor(recoverVerify, { container: victim.id, image: TEST_IMAGE }, { incidentId: ctx.incidentId, services: { db: ctx.services.db } });
    const failed = await recoverVerify.run(verify).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ActionFailedError);
    expect((failed as Error).message).toContain(`it is not on network ${appNet}, which it was on before isolation`);
    expect((failed as Error).message).toContain(`it is still on the quarantine network ${quarantine}`);
    ctx.close();
  });
});

import type Docker from 'dockerode';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerIsolate } from '../../src/actions/docker/isolate.js';
import { ActionFailedError, NotFoundError } from '../../src/errors.js';
import { contextFor } from '../helpers/action-context.js';
import { DockerHosts } from '../../src/docker/hosts.js';
import { connectToQuarantine } from '../../src/docker/networks.js';
import { resolveTarget } from '../../src/actions/docker/container-step.js';
import { removeQuietly, startVictim, TEST_IMAGE, TEST_LABEL, testDocker, uniqueName } from '../helpers/docker.js';

// Each test file gets its own quarantine network so files running in parallel do not share one.
const quarantine = uniqueName('irctl-q');

describe('docker.isolate on the real engine', () => {
  const docker = testDocker();
  const cleanup: Array<() => Promise<unknown>> = [];
  let appNet: Docker.Network;
  let appNetName: string;
  let subnetPrefix: string;

  beforeAll(async () => {
    appNetName = uniqueName('app-net');
    subnetPrefix = `10.${randomInt(100, 250)}.${randomInt(0, 250)}`;
    appNet = await docker.createNetwork({ Name: appNetName, IPAM: { Config: [{ Subnet: `${subnetPrefix}.0/24` }] } });
    cleanup.push(() => appNet.remove());
  });

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await docker
      .getNetwork(quarantine)
      .remove()
      .catch(() => undefined);
  });

  async function victimOnAppNet(): Promise<Docker.Container> {
    // a fixed address and an alias on the app network, and a second network with a dynamic address;
    // set before the start, which is cheaper for the engine than re-plumbing a running container
    const victim = await docker.createContainer({
      name: uniqueName('victim'),
      Image: TEST_IMAGE,
      Labels: { [TEST_LABEL]: '1' },
      HostConfig: { NetworkMode: appNetName },
      NetworkingConfig: { EndpointsConfig: { [appNetName]: { IPAMConfig: { IPv4Address: `${subnetPrefix}.77` }, Aliases: ['db-primary'] } } },
    });
    cleanup.push(() => removeQuietly(victim));
    await docker.getNetwork('bridge').connect({ Container: victim.id });
    await victim.start();
    return victim;
  }

  it('leaves the container only on an internal quarantine network and records its networks before', async () => {
    const victim = await victimOnAppNet();
    const ctx = contextFor(dockerIsolate, { container: victim.id, quarantine_network: quarantine });
    const outcome = await dockerIsolate.run(ctx);

    expect(outcome.kind).toBe('done');
    const after = await victim.inspect();
    expect(Object.keys(after.NetworkSettings.Networks)).toEqual([quarantine]);
    const network = await docker.getNetwork(quarantine).inspect();
    expect(network.Internal).toBe(true);
    expect(network.Labels).toMatchObject({ 'irctl.role': 'quarantine' });
    const recorded = outcome.kind === 'done' ? (outcome.outputs?.networks as Array<Record<string, unknown>>) : [];
    expect(recorded.find((n) => n.network === appNetName)).toMatchObject({ ipv4_address: `${subnetPrefix}.77`, aliases: ['db-primary'] });
    expect(recorded.map((n) => n.network).sort()).toEqual([appNetName, 'bridge'].sort());
  });

  it('records the act in the custody ledger with host, engine version, container and image', async () => {
    const victim = await victimOnAppNet();
    const info = await victim.inspect();
    const ctx = contextFor(dockerIsolate, { container: victim.id, quarantine_network: quarantine }, { actor: 'alice' });
    await dockerIsolate.run(ctx);

    const engineVersion = (await docker.version()).Version;
    // write-ahead: the intent (with the original networks) lands before anything changes
    expect(ctx.recorded.map((entry) => entry.act)).toEqual(['intent', 'contained']);
    expect(ctx.recorded[0]!.details).toMatchObject({
      quarantine_network: quarantine,
      original_networks: expect.arrayContaining([expect.objectContaining({ network: appNetName })]),
    });
    expect(ctx.recorded[1]).toMatchObject({
      act: 'contained',
      actor: 'alice',
      subject: info.Id,
      where: { host: 'local', engine_version: engineVersion, container_id: info.Id, image_id: info.Image },
      how: { action: 'docker.isolate', params: { container: victim.id, host: 'local', quarantine_network: quarantine } },
    });
  });

  it('skips a container that is already isolated and records nothing the second time', async () => {
    const victim = await victimOnAppNet();
    const ctx = contextFor(dockerIsolate, { container: victim.id, quarantine_network: quarantine });
    await dockerIsolate.run(ctx);
    const again = await dockerIsolate.run(ctx);
    expect(again).toEqual({ kind: 'skipped', reason: `already isolated on ${quarantine}` });
    expect(ctx.recorded.map((entry) => entry.act)).toEqual(['intent', 'contained']);
  });

  it('undo puts the container back on its networks with the same fixed address and aliases', async () => {
    const victim = await victimOnAppNet();
    const before = (await victim.inspect()).NetworkSettings.Networks;
    const ctx = contextFor(dockerIsolate, { container: victim.id, quarantine_network: quarantine });
    const done = await dockerIsolate.run(ctx);
    if (done.kind !== 'done') throw new Error('isolate did not act');

    await dockerIsolate.undo!(ctx, done);

    const after = (await victim.inspect()).NetworkSettings.Networks;
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(after[appNetName]!.IPAddress).toBe(`${subnetPrefix}.77`);
    expect(after[appNetName]!.Aliases).toContain('db-primary');
    expect(ctx.recorded.map((entry) => entry.act)).toEqual(['intent', 'contained', 'released']);
  });

  it('undo attaches a dynamically addressed container to the default bridge again', async () => {
    const victim = await startVictim(docker);
    cleanup.push(() => removeQuietly(victim));
    const ctx = contextFor(dockerIsolate, { container: victim.id, quarantine_network: quarantine });
    const done = await dockerIsolate.run(ctx);
    if (done.kind !== 'done') throw new Error('isolate did not act');
    await dockerIsolate.undo!(ctx, done);

    const after = (await victim.inspect()).NetworkSettings.Networks;
    expect(Object.keys(after)).toEqual(['bridge']);
    expect(after.bridge!.IPAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('creates one quarantine network when two containers of one process are isolated at the same moment', async () => {
    const racing = uniqueName('race-q');
    cleanup.push(() => docker.getNetwork(racing).remove());
    const pair = [await startVictim(docker), await startVictim(docker)];
    for (const victim of pair) cleanup.push(() => removeQuietly(victim));
    const oneProcess = { docker: new DockerHosts({ hosts: {} }) };

    await Promise.all(
      pair.map((victim) => dockerIsolate.run(contextFor(dockerIsolate, { container: victim.id, quarantine_network: racing }, { services: oneProcess }))),
    );

    const named = await docker.listNetworks({ filters: { name: [racing] } });
    expect(named.filter((network) => network.Name === racing)).toHaveLength(1);
    for (const victim of pair) expect(Object.keys((await victim.inspect()).NetworkSettings.Networks)).toEqual([racing]);
  });

  it('contains both when two processes isolate at the same moment and each may create the network', async () => {
    // separate engine clients stand for separate irctl processes: no shared creation, and this
    // engine's duplicate-name check is not atomic, so both creates can succeed and each process
    // then removes the duplicates it sees empty, possibly the one the other is about to attach to.
    // Each may also see only its own and stay there: two networks, both internal (seen 1 run in 13)
    const racing = uniqueName('race-p');
    const named = async () => (await docker.listNetworks({ filters: { name: [racing] } })).filter((network) => network.Name === racing);
    // registered before the victims, so it runs after they are removed (cleanup runs in reverse)
    cleanup.push(async () => Promise.all((await named()).map((network) => docker.getNetwork(network.Id).remove())));
    const victims = await Promise.all([0, 1, 2].map(() => startVictim(docker)));
    for (const victim of victims) cleanup.push(() => removeQuietly(victim));

    const outcomes = await Promise.all(
      victims.map((victim) => dockerIsolate.run(contextFor(dockerIsolate, { container: victim.id, quarantine_network: racing }))),
    );

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['done', 'done', 'done']);
    for (const victim of victims) {
      const attached = Object.values((await victim.inspect()).NetworkSettings.Networks);
      expect(attached).toHaveLength(1);
      const network = await docker.getNetwork(attached[0]!.NetworkID).inspect();
      expect(network).toMatchObject({ Name: racing, Internal: true, Labels: { 'irctl.role': 'quarantine' } });
    }
  });

  it('attaches to the surviving network when another process removed the duplicate it had chosen', async () => {
    const doubled = uniqueName('gone-q');
    const make = () =>
      docker.createNetwork({ Name: doubled, Internal: true, CheckDuplicate: false, Labels: { 'irctl.managed': 'true', 'irctl.role': 'quarantine' } });
    const survivor = await make();
    cleanup.push(() => survivor.remove());
    const removed = await make();
    const chosen = await removed.inspect();
    await removed.remove(); // what the other process does between this one's lookup and its connect
    const victim = await startVictim(docker);
    cleanup.push(() => removeQuietly(victim));
    const ctx = contextFor(dockerIsolate, { container: victim.id, quarantine_network: doubled });

    const attachedTo = await connectToQuarantine(await resolveTarget(ctx), chosen, ctx.signal);

    expect(attachedTo.Id).toBe(survivor.id);
    expect((await victim.inspect()).NetworkSettings.Networks[doubled]!.NetworkID).toBe(survivor.id);
  });

  it('settles on the oldest of two same-named quarantine networks another process left, and removes the empty one', async () => {
    const doubled = uniqueName('dup-q');
    const make = () =>
      docker.createNetwork({ Name: doubled, Internal: true, CheckDuplicate: false, Labels: { 'irctl.managed': 'true', 'irctl.role': 'quarantine' } });
    const older = await make();
    const newer = await make();
    cleanup.push(() => older.remove());
    cleanup.push(() => newer.remove());
    const victim = await startVictim(docker);
    cleanup.push(() => removeQuietly(victim));

    await dockerIsolate.run(contextFor(dockerIsolate, { container: victim.id, quarantine_network: doubled }));

    expect((await victim.inspect()).NetworkSettings.Networks[doubled]!.NetworkID).toBe(older.id);
    await expect(newer.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses to use an existing network of the quarantine name that allows egress', async () => {
    const openNetName = uniqueName('not-internal');
    const openNet = await docker.createNetwork({ Name: openNetName });
    cleanup.push(() => openNet.remove());
    const victim = await startVictim(docker);
    cleanup.push(() => removeQuietly(victim));

    const error = await dockerIsolate.run(contextFor(dockerIsolate, { container: victim.id, quarantine_network: openNetName })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionFailedError);
    expect((error as ActionFailedError).message).toContain(`network "${openNetName}" on host "local" exists but is not internal`);
    expect(Object.keys((await victim.inspect()).NetworkSettings.Networks)).toEqual(['bridge']);
  });

  it('refuses a container on the host network, which isolation cannot cut off', async () => {
    const victim = await startVictim(docker, { network: 'host' });
    cleanup.push(() => removeQuietly(victim));
    const error = await dockerIsolate.run(contextFor(dockerIsolate, { container: victim.id, quarantine_network: quarantine })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionFailedError);
    expect((error as ActionFailedError).hint).toContain('docker.pause');
  });

  it('reports a container that does not exist as not found', async () => {
    const error = await dockerIsolate
      .run(contextFor(dockerIsolate, { container: uniqueName('gone'), quarantine_network: quarantine }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('uses the quarantine network named in the config when the step names none', async () => {
    const configured = uniqueName('cfg-q');
    cleanup.push(() => docker.getNetwork(configured).remove()); // runs after the victim is gone
    const victim = await startVictim(docker);
    cleanup.push(() => removeQuietly(victim));
    const ctx = contextFor(dockerIsolate, { container: victim.id }, { hosts: { hosts: {}, quarantine_network: configured } });
    await dockerIsolate.run(ctx);
    expect(Object.keys((await victim.inspect()).NetworkSettings.Networks)).toEqual([configured]);
  });
});

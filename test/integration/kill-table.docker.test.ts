import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIrctl } from '../helpers/cli-process.js';
import { runCli } from '../helpers/run-cli.js';
import { removeQuietly, startVictim, TEST_IMAGE, testDocker, uniqueName } from '../helpers/docker.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// The kill table (issue 12): for each action with side effects, SIGKILL irctl right after each of
// its state-changing (or stream-opening) engine calls, through the test-only hook in
// src/docker/call.ts, then `irctl resume`. The final Docker state must equal the no-crash run's,
// `irctl release` must restore exactly, the ledger and evidence must verify, and no step may have
// acted twice (one finished attempt, one completed act). Every case has a fresh victim; cases run
// concurrently. Only the killed run is a child process; resume, release and verify run in-process.

const KILL_ENV = 'IRCTL_TEST_KILL_AFTER_DOCKER_CALL';
const docker = testDocker();
const quarantine = uniqueName('irctl-q-kill');
const created: Docker.Container[] = [];
const networks: Docker.Network[] = [];
let netA: string;
let netB: string;
let subnetA: string;
let nextAddress = 10;

interface Case {
  action: string;
  step: string; // the step's YAML under `steps:`; the container input is ${{ inputs.container }}
  victim: () => Promise<Docker.Container>;
  calls: number; // engine calls that change state or open a stream: the kill points
  releasable: boolean; // `irctl release` undoes it
  /** the step is not safe to repeat on its own: resume asks (exit 3), resume --retry-step goes on */
  asks?: boolean;
}

const withContainer = 'container: "${{ inputs.container }}"';
const plainVictim =
  (hostConfig: Docker.HostConfig = {}) =>
  async () =>
    track(await startVictim(docker, { hostConfig }));

function track(container: Docker.Container): Docker.Container {
  created.push(container);
  return container;
}

/** On two user networks: a static address and an alias on A, an alias on B. */
async function victimOnTwoNetworks(): Promise<Docker.Container> {
  const address = `${subnetA}.${nextAddress++}`;
  const container = await docker.createContainer({
    name: uniqueName('kill-victim'),
    Image: TEST_IMAGE,
    Labels: { 'irctl.test': '1' },
    HostConfig: { NetworkMode: netA },
    NetworkingConfig: { EndpointsConfig: { [netA]: { IPAMConfig: { IPv4Address: address }, Aliases: ['db-primary'] } } },
  });
  track(container);
  await docker.getNetwork(netB).connect({ Container: container.id, EndpointConfig: { Aliases: ['cache', 'cache-2'] } });
  await container.start();
  return container;
}

const CASES: Case[] = [
  {
    action: 'docker.isolate',
    step: `uses: docker.isolate\n    with: { ${withContainer}, quarantine_network: ${quarantine} }`,
    victim: victimOnTwoNetworks,
    calls: 3,
    releasable: true,
  },
  {
    action: 'docker.limit',
    step: `uses: docker.limit\n    with: { ${withContainer}, cpus: 0.5, memory: 64m, pids: 50 }`,
    victim: plainVictim(),
    calls: 1,
    releasable: true,
  },
  {
    action: 'docker.restart-policy',
    step: `uses: docker.restart-policy\n    with: { ${withContainer} }`,
    victim: plainVictim({ RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } }),
    calls: 1,
    releasable: true,
  },
  { action: 'docker.pause', step: `uses: docker.pause\n    with: { ${withContainer} }`, victim: plainVictim(), calls: 1, releasable: true },
  // busybox httpd ignores SIGTERM as pid 1: a grace period would only be waited out
  { action: 'docker.stop', step: `uses: docker.stop\n    with: { ${withContainer}, grace_period: 0s }`, victim: plainVictim(), calls: 1, releasable: false },
  // commit, then the save stream
  { action: 'evidence.commit', step: `uses: evidence.commit\n    with: { ${withContainer} }`, victim: plainVictim(), calls: 2, releasable: false },
  { action: 'evidence.export', step: `uses: evidence.export\n    with: { ${withContainer} }`, victim: plainVictim(), calls: 1, releasable: false },
  {
    action: 'recover.recreate',
    step: `uses: recover.recreate\n    with: { ${withContainer}, image: "${TEST_IMAGE}", settle: 200ms, stop_timeout: 0s }`,
    victim: victimOnTwoNetworks,
    // create, connect the second network, stop old, start new, rename old, rename new, remove old
    calls: 7,
    releasable: false,
    asks: true,
  },
];

const phaseOf = (action: string) => (action.startsWith('docker.') ? 'containment' : action.startsWith('evidence.') ? 'evidence' : 'recovery');

/** What the kill table compares: the container as the engine reports it, by name. */
async function dockerState(name: string) {
  const info = await docker.getContainer(name).inspect();
  const host = info.HostConfig;
  const shortId = info.Id.slice(0, 12);
  const nets = Object.entries(info.NetworkSettings.Networks ?? {})
    .map(([net, endpoint]) => ({
      network: net === netA ? 'A' : net === netB ? 'B' : net === quarantine ? 'quarantine' : net,
      aliases: (endpoint.Aliases ?? []).filter((alias: string) => alias !== shortId).sort(),
      // A's address is fixed (IPAM config); release pins the address it had on other networks too
      ...(net === netA ? { static_address: endpoint.IPAMConfig?.IPv4Address ? endpoint.IPAddress === endpoint.IPAMConfig.IPv4Address : false } : {}),
    }))
    .sort((a, b) => a.network.localeCompare(b.network));
  return {
    running: info.State.Running,
    paused: info.State.Paused,
    restart: { name: host.RestartPolicy?.Name ?? '', max: host.RestartPolicy?.MaximumRetryCount ?? 0 },
    limits: { nano_cpus: host.NanoCpus, cpu_quota: host.CpuQuota, memory: host.Memory, memory_swap: host.MemorySwap, pids: host.PidsLimit },
    image: info.Config.Image,
    networks: nets,
    addresses: Object.fromEntries(
      Object.entries(info.NetworkSettings.Networks ?? {})
        .filter(([net]) => net === netA)
        .map(([, e]) => ['A', e.IPAddress]),
    ),
  };
}

interface Outcome {
  after: Awaited<ReturnType<typeof dockerState>>;
  released?: Awaited<ReturnType<typeof dockerState>>;
  before: Awaited<ReturnType<typeof dockerState>>;
}

/** Run one case: a fresh victim, the runbook (killed after call `killAfter`, 0: never), resume, checks. */
async function runCase(c: Case, killAfter: number): Promise<Outcome & { killed: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-kill-'));
  const args = ['--home', join(dir, 'home'), '--evidence-dir', join(dir, 'evidence')];
  const runbook = join(dir, 'rb.yaml');
  writeFileSync(
    runbook,
    `apiVersion: irctl/v1\nkind: Runbook\nname: kill-${c.action.replace('.', '-')}\nseverity: low\ninputs:\n  container: { required: true }\nsteps:\n  - id: act\n    phase: ${phaseOf(c.action)}\n    ${c.step}\n`,
  );
  const victim = await c.victim();
  const name = (await victim.inspect()).Name.replace(/^\//, '');
  const before = await dockerState(name);
  const what = `${c.action}, kill after call ${killAfter}`;

  const run = await runIrctl([...args, 'run', runbook, '--input', `container=${name}`], killAfter > 0 ? { [KILL_ENV]: String(killAfter) } : {});
  const killed = run.code === null;
  if (!killed) expect(run.code, `${what}: ${run.output}`).toBe(0);
  const db = () => new Database(join(dir, 'home', 'irctl.db'), { readonly: true });
  const incidentId = (() => {
    const handle = db();
    try {
      return (handle.prepare('SELECT id FROM incidents').get() as { id: string }).id;
    } finally {
      handle.close();
    }
  })();
  if (killed) {
    let resumed = await runCli([...args, 'resume', incidentId]);
    if (c.asks && resumed.code === 3) resumed = await runCli([...args, 'resume', incidentId, '--retry-step', 'act']);
    expect(resumed.code, `${what}: ${resumed.out}${resumed.err}`).toBe(0);
  }
  const after = await dockerState(name);

  // no step ran twice: one finished attempt, one completed act, at most one intent per container
  const handle = db();
  try {
    const finished = handle.prepare("SELECT COUNT(*) AS n FROM step_journal WHERE step_id = 'act' AND status = 'finished'").get() as { n: number };
    expect(finished.n, what).toBe(1);
    const acts = handle.prepare('SELECT act, subject FROM custody_records WHERE incident_id = ?').all(incidentId) as { act: string; subject: string }[];
    const count = (act: string) => acts.filter((record) => record.act === act).length;
    if (c.action.startsWith('docker.')) expect(count('contained'), what).toBe(1);
    if (c.action.startsWith('evidence.')) expect(count('acquired'), what).toBe(1);
    if (c.action === 'recover.recreate') expect(count('recreated'), what).toBe(1);
    expect(count('intent'), what).toBeLessThanOrEqual(1);
  } finally {
    handle.close();
  }
  const verified = await runCli([...args, 'custody', 'verify', incidentId]);
  expect(verified.code, `${what}: ${verified.out}${verified.err}`).toBe(0);
  if (c.action === 'evidence.commit') {
    // the commit a killed attempt made is the one saved: no orphan, no second image
    const images = await docker.listImages({ filters: { label: [`irctl.incident=${incidentId}`] } });
    expect(images, what).toHaveLength(1);
    const listed = await runCli([...args, '--json', 'evidence', 'images', incidentId]);
    expect(listed.code, `${what}: ${listed.err}`).toBe(0);
    expect(JSON.parse(listed.out), what).toEqual([expect.objectContaining({ orphan: false, savedCopy: 'ok' })]);
    await docker.getImage(images[0]!.Id).remove({ force: true });
  }
  let released: Outcome['released'];
  if (c.releasable) {
    const release = await runCli([...args, 'release', incidentId]);
    expect(release.code, `${what}: ${release.out}${release.err}`).toBe(0);
    released = await dockerState(name);
  }
  return { killed, before, after, released };
}

describe.concurrent('kill -9 after every engine call of a step, then resume', LONG, () => {
  beforeAll(async () => {
    netA = uniqueName('kill-a');
    netB = uniqueName('kill-b');
    subnetA = `10.${randomInt(100, 250)}.${randomInt(0, 250)}`;
    networks.push(await docker.createNetwork({ Name: netA, IPAM: { Config: [{ Subnet: `${subnetA}.0/24` }] } }));
    networks.push(await docker.createNetwork({ Name: netB }));
    // made here as irctl would make it, so every isolate makes the same calls
    networks.push(
      await docker.createNetwork({
        Name: quarantine,
        Internal: true,
        Labels: { 'irctl.managed': 'true', 'irctl.role': 'quarantine' },
        Options: { 'com.docker.network.bridge.enable_icc': 'false' },
      }),
    );
  });

  afterAll(async () => {
    await Promise.all(created.map((container) => removeQuietly(container)));
    // recreate removed the old containers and made new ones under the same names
    const left = await docker.listContainers({ all: true, filters: { network: [netA] } });
    await Promise.all(left.map((container) => removeQuietly(docker.getContainer(container.Id))));
    for (const network of networks) await network.remove().catch(() => undefined);
  });

  // the no-crash run of each action, shared by its kill cases; it runs with the kill point just
  // past the last call, so it also proves the table names every call (it must not be killed)
  const baselines = new Map<string, Promise<Outcome & { killed: boolean }>>();
  const baseline = (c: Case) => {
    if (!baselines.has(c.action)) baselines.set(c.action, runCase(c, c.calls + 1));
    return baselines.get(c.action)!;
  };

  for (const c of CASES) {
    it(`${c.action}: the no-crash run makes exactly ${c.calls} engine call(s) to cut after${c.releasable ? ', and release restores the state before' : ''}`, async () => {
      const run = await baseline(c);
      expect(run.killed, `${c.action} made more than ${c.calls} state-changing engine calls`).toBe(false);
      if (c.releasable) expect(normalized(run.released!)).toEqual(normalized(restorable(c, run.before)));
    });
    for (let killAfter = 1; killAfter <= c.calls; killAfter++) {
      it(`${c.action}: killed after engine call ${killAfter}, resumed: the same end state as without the crash`, async () => {
        const [outcome, clean] = await Promise.all([runCase(c, killAfter), baseline(c)]);
        expect(outcome.killed, `${c.action} was not killed after call ${killAfter}`).toBe(true);
        expect(normalized(outcome.after)).toEqual(normalized(clean.after));
        if (c.releasable) expect(normalized(outcome.released!)).toEqual(normalized(clean.released!));
        if (c.action === 'docker.isolate') {
          // back on both networks with the same aliases and the same static address
          expect(outcome.released!.networks).toEqual(outcome.before.networks);
          expect(outcome.released!.addresses).toEqual(outcome.before.addresses);
        }
      });
    }
  }
});

/** States of different victims compare equal when only their ids and addresses differ. */
function normalized(state: Awaited<ReturnType<typeof dockerState>>) {
  const { addresses: _addresses, ...rest } = state;
  return rest;
}

/**
 * What `release` can give back: everything, except that the engine cannot clear a memory limit on
 * a live container (it raises it to the host's total instead), so limits are compared with the
 * no-crash run's release rather than with the state before.
 */
function restorable(c: Case, before: Awaited<ReturnType<typeof dockerState>>) {
  if (c.action !== 'docker.limit') return before;
  return { ...before, limits: expect.anything() as never };
}

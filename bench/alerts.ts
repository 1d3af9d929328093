// Alert-to-contained latency of `irctl serve` running the SHIPPED runbook runbooks/shell-in-container.yaml
// (copied unchanged into the bench's runbook directory; its Falco trigger picks the container): a
// Falco alert POSTed to a real `irctl serve` process (a child process, as deployed, default settings)
// until the container is off its network (POST → disconnected) and paused (POST → paused), against
// the same acts — disconnect, connect to the quarantine network, pause — issued (a) directly with
// dockerode and (b) with the docker CLI, one command after another. No `docker stop`: its 10 s grace
// period is other work. All three are timed the same way: from the first byte we send to the time
// the engine stamps on its own `network disconnect` and `container pause` events (its event stream,
// same clock as ours), so nothing polls the engine while it works and no poll interval is counted. Then a burst: 200 alerts for 50 containers at
// once, each container contained exactly once by one incident, with the server's RSS before and after.
// Each figure is printed with the 1-minute load average beside it; containers are removed a few at a time.
//
//   export $(bash scripts/docker-engine.sh) && npx tsx bench/alerts.ts
//   BENCH_ALERTS=50 (≥ 20)  BENCH_CLI=20  BENCH_BURST_CONTAINERS=50
import Database from 'better-sqlite3';
import Table from 'cli-table3';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { createApiKey } from '../src/auth/keys.js';
import { openStore } from '../src/schema.js';
import { IRCTL_AS_SHIPPED, spawnIrctl } from '../test/helpers/cli-process.js';
import { startVictim, testDocker, uniqueName } from '../test/helpers/docker.js';
import { EngineActs, falcoAlert, nowMs, removeGradually, rssMiB, stats, waitForServerIdle, type Acts } from './shared.js';

const ALERTS = Math.max(20, Number(process.env.BENCH_ALERTS ?? 50));
const CLI = Number(process.env.BENCH_CLI ?? 20);
const BURST_CONTAINERS = Number(process.env.BENCH_BURST_CONTAINERS ?? 50);
const ALERTS_PER_CONTAINER = 4;
const WARMUP = 3;

const SHIPPED_RUNBOOK = new URL('../runbooks/shell-in-container.yaml', import.meta.url).pathname;
const RUNBOOK_NAME = 'shell-in-container';

const docker = testDocker();
const stateDir = mkdtempSync(join(tmpdir(), 'irctl-bench-alerts-'));
const home = join(stateDir, 'home');
const runbookDir = join(stateDir, 'runbooks');
const quarantine = uniqueName('irctl-bench-q');
const load = () => loadavg()[0]!.toFixed(2);
const victims: Docker.Container[] = [];

async function victim(): Promise<Docker.Container> {
  // opted in (irctl.protect=true): serve's default scope acts only on such containers
  const container = await startVictim(docker, { name: uniqueName('bench-alert-victim'), labels: { 'irctl.protect': 'true' } });
  victims.push(container);
  return container;
}

async function isContained(container: Docker.Container): Promise<boolean> {
  const info = await container.inspect();
  const networks = Object.keys(info.NetworkSettings.Networks ?? {});
  return info.State.Paused && networks.length === 1 && networks[0] === quarantine;
}

const engineActs = new EngineActs(docker);

/** The same acts with dockerode: off the bridge, onto the quarantine network, paused. */
async function viaDockerode(container: Docker.Container, quarantineId: string): Promise<Acts> {
  const started = nowMs();
  await docker.getNetwork('bridge').disconnect({ Container: container.id });
  await docker.getNetwork(quarantineId).connect({ Container: container.id });
  await container.pause();
  return engineActs.acts(container.id, started);
}

/** The same acts as a responder types them: three docker CLI commands (argument arrays, no shell). */
async function viaDockerCli(container: Docker.Container): Promise<Acts> {
  const started = nowMs();
  await execa('docker', ['network', 'disconnect', 'bridge', container.id]);
  await execa('docker', ['network', 'connect', quarantine, container.id]);
  await execa('docker', ['pause', container.id]);
  return engineActs.acts(container.id, started);
}

async function startServer(apiKey: string) {
  // default settings: no raised rate limit, as a responder starts it
  const child = spawnIrctl(
    ['--home', home, '--evidence-dir', join(stateDir, 'evidence'), '--runbooks', runbookDir, '--as', 'irctl-serve', 'serve', '--port', '0'],
    {},
    IRCTL_AS_SHIPPED,
  ); // as a responder starts it: no test-only node flags
  for (let i = 0; i < 600; i++) {
    const match = /listening on (http:\/\/\S+)/.exec(child.output());
    if (match) {
      const url = match[1]!;
      const post = (body: string) =>
        fetch(`${url}/v1/alerts/falco`, { method: 'POST', body, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' } });
      return { child, url, post };
    }
    if (child.exitCode !== null) throw new Error(`irctl serve exited: ${child.output()}`);
    await delay(50);
  }
  throw new Error(`irctl serve did not start: ${child.output()}`);
}

type Server = Awaited<ReturnType<typeof startServer>>;

async function throughServer(server: Server, container: Docker.Container): Promise<Acts> {
  const started = nowMs();
  const [reply, acts] = await Promise.all([server.post(falcoAlert(container.id, 'bench-node-0')), engineActs.acts(container.id, started)]);
  if (reply.status !== 202) throw new Error(`alert refused: ${reply.status} ${await reply.text()}`);
  return acts;
}

async function burst(server: Server) {
  const containers: Docker.Container[] = [];
  for (let i = 0; i < BURST_CONTAINERS; i++) containers.push(await victim());
  const rssBefore = rssMiB(server.child.pid!);
  // per container: the same alert twice (fingerprint dedupe) and two variants (same runbook + target)
  const bodies = containers.flatMap((c) => [
    falcoAlert(c.id, 'bench-node-0'),
    falcoAlert(c.id, 'bench-node-0'),
    falcoAlert(c.id, 'bench-node-1'),
    falcoAlert(c.id, 'bench-node-2'),
  ]);
  for (let i = bodies.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [bodies[i], bodies[j]] = [bodies[j]!, bodies[i]!];
  }
  const started = performance.now();
  // at most 32 requests in flight, as a sender's connection pool holds: the server refuses more
  // than server.connections_per_address (64) open connections from one address
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < bodies.length) statuses.push((await server.post(bodies[next++]!)).status);
    }),
  );
  for (const container of containers) while (!(await isContained(container))) await delay(20);
  const elapsed = performance.now() - started;
  await delay(1000); // let the drives reach their gate
  const rssAfter = rssMiB(server.child.pid!);

  const db = new Database(join(home, 'irctl.db'), { readonly: true });
  try {
    const ids = new Set(containers.map((c) => c.id.slice(0, 12)));
    const incidents = (
      db.prepare('SELECT id, target, status FROM incidents WHERE runbook_name = ?').all(RUNBOOK_NAME) as { id: string; target: string; status: string }[]
    ).filter((row) => ids.has(row.target));
    const perTarget = new Map<string, number>();
    for (const row of incidents) perTarget.set(row.target, (perTarget.get(row.target) ?? 0) + 1);
    const acts = db
      .prepare(
        `SELECT i.target AS target, COUNT(*) AS n FROM custody_records c JOIN incidents i ON i.id = c.incident_id WHERE c.act = 'contained' GROUP BY i.target`,
      )
      .all() as { target: string; n: number }[];
    const containedActs = new Map(acts.map((row) => [row.target, row.n]));
    return {
      alerts: bodies.length,
      accepted: statuses.filter((s) => s === 202).length,
      errors: statuses.filter((s) => s !== 202).length,
      refused429: statuses.filter((s) => s === 429).length,
      load: load(),
      incidents: incidents.length,
      containersWithOneIncident: [...ids].filter((id) => perTarget.get(id) === 1).length,
      // isolate + pause: two "contained" custody acts per container, exactly once each
      containedExactlyOnce: [...ids].filter((id) => containedActs.get(id) === 2).length,
      failedIncidents: incidents.filter((row) => row.status === 'failed').length,
      elapsedMs: elapsed,
      rssBeforeMiB: rssBefore,
      rssAfterMiB: rssAfter,
    };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(home, { recursive: true });
  mkdirSync(runbookDir, { recursive: true });
  copyFileSync(SHIPPED_RUNBOOK, join(runbookDir, 'shell-in-container.yaml'));
  writeFileSync(join(home, 'config.yaml'), `quarantine_network: ${quarantine}\n`);
  writeFileSync(join(home, 'roles.yaml'), 'actors:\n  irctl-serve: admin\n  bench: operator\n'); // serve needs an admin identity
  const db = openStore(join(home, 'irctl.db'));
  const { key } = createApiKey(db, { actor: 'bench', createdBy: 'bench' });
  db.close();
  const server = await startServer(key);
  await engineActs.open();
  try {
    process.stderr.write(`starting ${2 * (ALERTS + WARMUP) + CLI} victim containers…\n`);
    const forServer: Docker.Container[] = [];
    const forDirect: Docker.Container[] = [];
    const forCli: Docker.Container[] = [];
    for (let i = 0; i < ALERTS + WARMUP; i++) forServer.push(await victim());
    for (let i = 0; i < ALERTS + WARMUP; i++) forDirect.push(await victim());
    for (let i = 0; i < CLI; i++) forCli.push(await victim());

    for (let i = 0; i < WARMUP; i++) {
      await throughServer(server, forServer[i]!); // creates the quarantine network too
      await waitForServerIdle(home);
    }
    const quarantineId = (await docker.getNetwork(quarantine).inspect()).Id;
    for (let i = 0; i < WARMUP; i++) await viaDockerode(forDirect[i]!, quarantineId);

    const viaServer: Acts[] = [];
    const direct: Acts[] = [];
    const cli: Acts[] = [];
    const loads = { server: [] as number[], direct: [] as number[], cli: [] as number[] };
    for (let i = WARMUP; i < ALERTS + WARMUP; i++) {
      // alternate the order so drift in the engine hits all alike
      const runServer = async () => {
        loads.server.push(loadavg()[0]!);
        viaServer.push(await throughServer(server, forServer[i]!));
        await waitForServerIdle(home);
      };
      const runDirect = async () => {
        loads.direct.push(loadavg()[0]!);
        direct.push(await viaDockerode(forDirect[i]!, quarantineId));
      };
      const runCli = async () => {
        if (i - WARMUP >= CLI) return;
        loads.cli.push(loadavg()[0]!);
        cli.push(await viaDockerCli(forCli[i - WARMUP]!));
      };
      for (const run of i % 2 ? [runServer, runDirect, runCli] : [runCli, runDirect, runServer]) await run();
    }

    process.stderr.write(`burst: ${BURST_CONTAINERS * ALERTS_PER_CONTAINER} alerts for ${BURST_CONTAINERS} containers…\n`);
    const burstResult = await burst(server);

    const meanLoad = (values: number[]) => (values.reduce((sum, x) => sum + x, 0) / values.length).toFixed(2);
    const row = (what: string, samples: Acts[], loadSamples: number[]) => {
      const off = stats(samples.map((s) => s.disconnected));
      const paused = stats(samples.map((s) => s.paused));
      return [what, off.n, off.p50.toFixed(1), off.p95.toFixed(1), paused.p50.toFixed(1), paused.p95.toFixed(1), meanLoad(loadSamples)];
    };
    const table = new Table({
      head: ['shell-in-container (shipped)', 'n', '→ disconnected p50 ms', 'p95', '→ paused p50 ms', 'p95', 'load'],
      style: { head: [], border: [] },
    });
    table.push(row('irctl serve: HTTP POST → …', viaServer, loads.server));
    table.push(row('(a) dockerode: disconnect, connect, pause', direct, loads.direct));
    table.push(row('(b) docker CLI: the same three commands', cli, loads.cli));
    console.log(table.toString());
    const p50 = (samples: Acts[], key: keyof Acts) => stats(samples.map((s) => s[key])).p50;
    const offRatio = p50(viaServer, 'disconnected') / p50(direct, 'disconnected');
    const pausedRatio = p50(viaServer, 'paused') / p50(direct, 'paused');
    console.log(
      `POST → disconnected: ${offRatio.toFixed(2)}× direct dockerode (target ≤ 2×: ${offRatio <= 2 ? 'met' : 'MISSED'}); ${(p50(viaServer, 'disconnected') / p50(cli, 'disconnected')).toFixed(2)}× the docker CLI`,
    );
    console.log(
      `POST → paused: ${pausedRatio.toFixed(2)}× direct dockerode (target ≤ 1.3×: ${pausedRatio <= 1.3 ? 'met' : 'MISSED'}); ${(p50(viaServer, 'paused') / p50(cli, 'paused')).toFixed(2)}× the docker CLI`,
    );

    const burstTable = new Table({ head: ['burst (default settings)', 'value'], style: { head: [], border: [] } });
    burstTable.push(
      [
        'alerts sent / accepted (202) / refused 429 / other errors',
        `${burstResult.alerts} / ${burstResult.accepted} / ${burstResult.refused429} / ${burstResult.errors - burstResult.refused429}`,
      ],
      [`incidents opened (want ${BURST_CONTAINERS})`, burstResult.incidents],
      ['containers with exactly one incident', `${burstResult.containersWithOneIncident} / ${BURST_CONTAINERS}`],
      ['containers contained exactly once (isolate + pause acts)', `${burstResult.containedExactlyOnce} / ${BURST_CONTAINERS}`],
      ['failed incidents', burstResult.failedIncidents],
      ['time to all contained', `${burstResult.elapsedMs.toFixed(0)} ms (load ${burstResult.load})`],
      ['server RSS before → after', `${burstResult.rssBeforeMiB.toFixed(1)} MiB → ${burstResult.rssAfterMiB.toFixed(1)} MiB`],
    );
    console.log(burstTable.toString());
    const burstOk =
      burstResult.errors === 0 &&
      burstResult.incidents === BURST_CONTAINERS &&
      burstResult.containersWithOneIncident === BURST_CONTAINERS &&
      burstResult.containedExactlyOnce === BURST_CONTAINERS &&
      burstResult.failedIncidents === 0;
    console.log(`burst: ${burstOk ? 'every container contained exactly once, one incident each, no errors' : 'NOT as expected'}`);
    if (!burstOk) process.exitCode = 1;
  } finally {
    engineActs.close();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.on('close', resolve));
  }
}

try {
  await main();
} finally {
  process.stderr.write(`removing ${victims.length} victims a few at a time…\n`);
  await removeGradually(victims);
  await docker
    .getNetwork(quarantine)
    .remove()
    .catch(() => undefined);
  rmSync(stateDir, { recursive: true, force: true });
}

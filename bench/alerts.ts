// Alert-to-contained latency of `irctl serve`: a Falco alert POSTed to a real `irctl serve` process
// (a child process, as deployed) until the container is seen paused and on the quarantine network
// only (polling the engine), against (a) the same isolate + pause issued directly with dockerode,
// and (b) the classic manual procedure with the docker CLI: stop, logs > file, commit, diff (the
// issue names `docker-compose stop`; `docker stop` is the same act without compose, and has the same
// 10 s default grace period). Then a burst: 200 alerts for 50 containers at once, each container to
// be contained exactly once by exactly one incident, with the server's RSS before and after.
//
//   export $(bash scripts/docker-engine.sh) && npx tsx bench/alerts.ts
//   BENCH_ALERTS=50 (≥ 50)  BENCH_MANUAL=5 (each takes ~10 s: the stop grace period)  BENCH_BURST_CONTAINERS=50
import Database from 'better-sqlite3';
import Table from 'cli-table3';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { createApiKey } from '../src/auth/keys.js';
import { openStore } from '../src/schema.js';
import { spawnIrctl } from '../test/helpers/cli-process.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../test/helpers/docker.js';
import { rawIsolatePause, stats } from './shared.js';

const ALERTS = Math.max(50, Number(process.env.BENCH_ALERTS ?? 50));
const MANUAL = Number(process.env.BENCH_MANUAL ?? 5);
const BURST_CONTAINERS = Number(process.env.BENCH_BURST_CONTAINERS ?? 50);
const ALERTS_PER_CONTAINER = 4;
const WARMUP = 3;
const POLL_MS = 5;

const RUNBOOK_DIR = new URL('../test/fixtures/runbooks/server/', import.meta.url).pathname;
const FALCO_EVENT = JSON.parse(readFileSync(new URL('../test/fixtures/alerts/falco/falco-docs-terminal-shell-critical.json', import.meta.url), 'utf8'));

const docker = testDocker();
const stateDir = mkdtempSync(join(tmpdir(), 'irctl-bench-alerts-'));
const home = join(stateDir, 'home');
const quarantine = uniqueName('irctl-bench-q');
const victims: Docker.Container[] = [];

async function victim(): Promise<Docker.Container> {
  const container = await startVictim(docker, { name: uniqueName('bench-alert-victim') });
  victims.push(container);
  return container;
}

/** A Falco "Terminal shell in container" event about this container; `variant` changes its fingerprint. */
function falcoAlert(containerId: string, variant = 0): string {
  const event = structuredClone(FALCO_EVENT);
  event.output_fields['container.id'] = containerId.slice(0, 12);
  event.hostname = `bench-node-${variant}`;
  return JSON.stringify(event);
}

async function isContained(container: Docker.Container): Promise<boolean> {
  const info = await container.inspect();
  const networks = Object.keys(info.NetworkSettings.Networks ?? {});
  return info.State.Paused && networks.length === 1 && networks[0] === quarantine;
}

function rssKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, ''));
}

async function startServer(apiKey: string) {
  const child = spawnIrctl(['--home', home, '--evidence-dir', join(stateDir, 'evidence'), '--runbooks', RUNBOOK_DIR, '--as', 'irctl-serve', 'serve', '--port', '0', '--rate-limit', '100000']);
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

async function throughServer(server: Server, container: Docker.Container): Promise<number> {
  const started = performance.now();
  const reply = await server.post(falcoAlert(container.id));
  if (reply.status !== 202) throw new Error(`alert refused: ${reply.status} ${await reply.text()}`);
  while (!(await isContained(container))) await delay(POLL_MS);
  return performance.now() - started;
}

/** The classic manual procedure, each command an argument array (no shell): stop, logs > file, commit, diff. */
async function manualProcedure(container: Docker.Container): Promise<number> {
  const id = container.id;
  const out = join(stateDir, `manual-${id.slice(0, 12)}`);
  mkdirSync(out, { recursive: true });
  const started = performance.now();
  await execa('docker', ['stop', id]);
  await execa('docker', ['logs', id], { stdout: { file: join(out, 'logs.txt') }, stderr: { file: join(out, 'logs.stderr.txt') } });
  await execa('docker', ['commit', id, `irctl-bench/evidence:${id.slice(0, 12)}`]);
  await execa('docker', ['diff', id], { stdout: { file: join(out, 'diff.txt') } });
  const elapsed = performance.now() - started;
  await execa('docker', ['rmi', `irctl-bench/evidence:${id.slice(0, 12)}`]).catch(() => undefined);
  return elapsed;
}

async function burst(server: Server) {
  const containers: Docker.Container[] = [];
  for (let i = 0; i < BURST_CONTAINERS; i++) containers.push(await victim());
  const rssBefore = rssKiB(server.child.pid!);
  // per container: the same alert twice (fingerprint dedupe) and two variants (same runbook + target)
  const bodies = containers.flatMap((c) => [falcoAlert(c.id, 0), falcoAlert(c.id, 0), falcoAlert(c.id, 1), falcoAlert(c.id, 2)]);
  for (let i = bodies.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [bodies[i], bodies[j]] = [bodies[j]!, bodies[i]!];
  }
  const started = performance.now();
  const statuses = await Promise.all(bodies.map(async (body) => (await server.post(body)).status));
  for (const container of containers) while (!(await isContained(container))) await delay(20);
  const elapsed = performance.now() - started;
  await delay(1000); // let the drives reach their gate
  const rssAfter = rssKiB(server.child.pid!);

  const db = new Database(join(home, 'irctl.db'), { readonly: true });
  try {
    const ids = new Set(containers.map((c) => c.id.slice(0, 12)));
    const incidents = (db.prepare("SELECT id, target, status FROM incidents WHERE runbook_name = 'falco-shell-contain'").all() as { id: string; target: string; status: string }[]).filter((row) => ids.has(row.target));
    const perTarget = new Map<string, number>();
    for (const row of incidents) perTarget.set(row.target, (perTarget.get(row.target) ?? 0) + 1);
    const acts = db
      .prepare(`SELECT i.target AS target, COUNT(*) AS n FROM custody_records c JOIN incidents i ON i.id = c.incident_id WHERE c.act = 'contained' GROUP BY i.target`)
      .all() as { target: string; n: number }[];
    const containedActs = new Map(acts.map((row) => [row.target, row.n]));
    return {
      alerts: bodies.length,
      accepted: statuses.filter((s) => s === 202).length,
      errors: statuses.filter((s) => s !== 202).length,
      incidents: incidents.length,
      containersWithOneIncident: [...ids].filter((id) => perTarget.get(id) === 1).length,
      // isolate + pause: two "contained" custody acts per container, exactly once each
      containedExactlyOnce: [...ids].filter((id) => containedActs.get(id) === 2).length,
      failedIncidents: incidents.filter((row) => row.status === 'failed').length,
      elapsedMs: elapsed,
      rssBeforeMiB: rssBefore / 1024,
      rssAfterMiB: rssAfter / 1024,
    };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'config.yaml'), `quarantine_network: ${quarantine}\n`);
  writeFileSync(join(home, 'roles.yaml'), 'actors:\n  irctl-serve: admin\n  bench: operator\n'); // serve needs an admin identity
  const db = openStore(join(home, 'irctl.db'));
  const { key } = createApiKey(db, { actor: 'bench', createdBy: 'bench' });
  db.close();
  const server = await startServer(key);
  try {
    process.stderr.write(`starting ${2 * (ALERTS + WARMUP) + MANUAL} victim containers…\n`);
    const forServer: Docker.Container[] = [];
    const forDirect: Docker.Container[] = [];
    for (let i = 0; i < ALERTS + WARMUP; i++) forServer.push(await victim());
    for (let i = 0; i < ALERTS + WARMUP; i++) forDirect.push(await victim());
    const forManual: Docker.Container[] = [];
    for (let i = 0; i < MANUAL; i++) forManual.push(await victim());

    for (let i = 0; i < WARMUP; i++) await throughServer(server, forServer[i]!); // creates the quarantine network too
    const quarantineId = (await docker.getNetwork(quarantine).inspect()).Id;
    for (let i = 0; i < WARMUP; i++) await rawIsolatePause(docker, forDirect[i]!, quarantineId);

    const viaServer: number[] = [];
    const direct: number[] = [];
    for (let i = WARMUP; i < ALERTS + WARMUP; i++) {
      // alternate the order so drift in the engine hits both alike
      if (i % 2) {
        viaServer.push(await throughServer(server, forServer[i]!));
        direct.push(await rawIsolatePause(docker, forDirect[i]!, quarantineId));
      } else {
        direct.push(await rawIsolatePause(docker, forDirect[i]!, quarantineId));
        viaServer.push(await throughServer(server, forServer[i]!));
      }
    }
    process.stderr.write(`manual procedure on ${MANUAL} containers (docker stop waits its 10 s grace period)…\n`);
    const manual: number[] = [];
    for (const container of forManual) manual.push(await manualProcedure(container));

    process.stderr.write(`burst: ${BURST_CONTAINERS * ALERTS_PER_CONTAINER} alerts for ${BURST_CONTAINERS} containers…\n`);
    const burstResult = await burst(server);

    const s = { server: stats(viaServer), direct: stats(direct), manual: stats(manual) };
    const table = new Table({ head: ['alert → contained', 'n', 'p50 ms', 'p99 ms', 'mean ms'], style: { head: [], border: [] } });
    table.push(['irctl serve (HTTP POST → paused + quarantined)', s.server.n, ...[s.server.p50, s.server.p99, s.server.mean].map((x) => x.toFixed(1))]);
    table.push(['(a) isolate + pause, direct dockerode', s.direct.n, ...[s.direct.p50, s.direct.p99, s.direct.mean].map((x) => x.toFixed(1))]);
    table.push(['(b) manual docker CLI: stop, logs, commit, diff', s.manual.n, ...[s.manual.p50, s.manual.p99, s.manual.mean].map((x) => x.toFixed(1))]);
    console.log(table.toString());
    const vsDirect = s.server.p50 / s.direct.p50;
    const vsManual = s.manual.p50 / s.server.p50;
    console.log(`p50 irctl serve / direct dockerode = ${vsDirect.toFixed(2)}× (goal ≤ 1.3×: ${vsDirect <= 1.3 ? 'met' : 'NOT met'})`);
    console.log(`p50 manual / irctl serve = ${vsManual.toFixed(1)}× faster (goal ≥ 3×: ${vsManual >= 3 ? 'met' : 'NOT met'})`);
    if (MANUAL < 20) console.log(`(b) has ${MANUAL} samples: its p99 is its maximum`);

    const burstTable = new Table({ head: ['burst', 'value'], style: { head: [], border: [] } });
    burstTable.push(
      ['alerts sent / accepted (202) / errors', `${burstResult.alerts} / ${burstResult.accepted} / ${burstResult.errors}`],
      ['incidents opened (want 50)', burstResult.incidents],
      ['containers with exactly one incident', `${burstResult.containersWithOneIncident} / ${BURST_CONTAINERS}`],
      ['containers contained exactly once (isolate + pause acts)', `${burstResult.containedExactlyOnce} / ${BURST_CONTAINERS}`],
      ['failed incidents', burstResult.failedIncidents],
      ['time to all contained', `${burstResult.elapsedMs.toFixed(0)} ms`],
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
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.on('close', resolve));
  }
}

try {
  await main();
} finally {
  process.stderr.write('removing victims…\n');
  await Promise.all(victims.map(removeQuietly));
  await docker.getNetwork(quarantine).remove().catch(() => undefined);
  rmSync(stateDir, { recursive: true, force: true });
}

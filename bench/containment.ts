// Containment overhead: docker.isolate + docker.pause run through the action modules (target
// resolution, quarantine check, custody record in a real SQLite ledger) against the bare dockerode
// calls a script would make (disconnect bridge, connect quarantine, pause), each on fresh victims.
//
//   export $(bash scripts/docker-engine.sh) && npx tsx bench/containment.ts   (BENCH_VICTIMS=20)
import Table from 'cli-table3';
import type Docker from 'dockerode';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dockerIsolate } from '../src/actions/docker/isolate.js';
import { dockerPause } from '../src/actions/docker/pause.js';
import { custodyAppender } from '../src/custody/ledger.js';
import { DockerHosts } from '../src/docker/hosts.js';
import { openStore } from '../src/schema.js';
import { makeActionContext } from '../test/helpers/action-context.js';
import { startVictim, testDocker, uniqueName } from '../test/helpers/docker.js';
import { loadNow, rawIsolatePause, removeGradually, stats } from './shared.js';

const VICTIMS = Number(process.env.BENCH_VICTIMS ?? 20);
const WARMUP = 2;
const TARGET_RATIO = 1.2;

const docker = testDocker();
const quarantine = uniqueName('irctl-bench-q');
const stateDir = mkdtempSync(join(tmpdir(), 'irctl-bench-'));
const db = openStore(join(stateDir, 'irctl.db'));
const hosts = new DockerHosts({ hosts: {}, quarantine_network: quarantine });
const incidentId = uniqueName('inc-bench');
const custody = custodyAppender(db, incidentId);
const victims: Docker.Container[] = [];

async function throughActions(container: Docker.Container): Promise<number> {
  const isolateCtx = makeActionContext(dockerIsolate.params.parse({ container: container.id }), { services: { db, docker: hosts }, custody, incidentId });
  const pauseCtx = makeActionContext(dockerPause.params.parse({ container: container.id }), { services: { db, docker: hosts }, custody, incidentId });
  const started = performance.now();
  const isolated = await dockerIsolate.run(isolateCtx);
  const paused = await dockerPause.run(pauseCtx);
  const elapsed = performance.now() - started;
  if (isolated.kind !== 'done' || paused.kind !== 'done') throw new Error(`actions did not act on ${container.id}`);
  return elapsed;
}

async function main(): Promise<void> {
  const total = 2 * (VICTIMS + WARMUP);
  process.stderr.write(`starting ${total} victim containers…\n`);
  for (let i = 0; i < total; i += 1) victims.push(await startVictim(docker, { name: uniqueName('bench-victim') }));

  // warm both paths (first quarantine creation, engine version lookup, connection pool)
  for (let i = 0; i < WARMUP; i += 1) await throughActions(victims[i]!);
  const quarantineId = (await docker.getNetwork(quarantine).inspect()).Id;
  for (let i = WARMUP; i < 2 * WARMUP; i += 1) await rawIsolatePause(docker, victims[i]!, quarantineId);

  const irctl: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < VICTIMS; i += 1) {
    const a = victims[2 * WARMUP + 2 * i]!;
    const b = victims[2 * WARMUP + 2 * i + 1]!;
    // alternate which path goes first so drift in the engine hits both alike
    if (i % 2 === 0) {
      irctl.push(await throughActions(a));
      raw.push(await rawIsolatePause(docker, b, quarantineId));
    } else {
      raw.push(await rawIsolatePause(docker, b, quarantineId));
      irctl.push(await throughActions(a));
    }
  }

  const s = { irctl: stats(irctl), raw: stats(raw) };
  const table = new Table({ head: ['isolate + pause', 'runs', 'p50 ms', 'mean ms', 'min ms', 'max ms'], style: { head: [], border: [] } });
  table.push(['irctl actions', VICTIMS, ...[s.irctl.p50, s.irctl.mean, s.irctl.min, s.irctl.max].map((x) => x.toFixed(1))]);
  table.push(['raw dockerode', VICTIMS, ...[s.raw.p50, s.raw.mean, s.raw.min, s.raw.max].map((x) => x.toFixed(1))]);
  const ratioP50 = s.irctl.p50 / s.raw.p50;
  const ratioMean = s.irctl.mean / s.raw.mean;
  table.push(['ratio irctl/raw', '', ratioP50.toFixed(2), ratioMean.toFixed(2), '', '']);
  console.log(table.toString());
  console.log(
    `target ≤ ${TARGET_RATIO}×: ${ratioP50 <= TARGET_RATIO ? 'met' : 'NOT met'} (p50 ratio ${ratioP50.toFixed(2)}, mean ratio ${ratioMean.toFixed(2)}; load ${loadNow()})`,
  );
  console.log('in-process action modules only (no engine-side journal, no server): bench/alerts.ts measures the shipped runbook through serve');
  if (ratioP50 > TARGET_RATIO) process.exitCode = 1;
}

try {
  await main();
} finally {
  process.stderr.write('removing victims a few at a time…\n');
  await removeGradually(victims);
  await docker
    .getNetwork(quarantine)
    .remove()
    .catch(() => undefined);
  db.close();
  rmSync(stateDir, { recursive: true, force: true });
}

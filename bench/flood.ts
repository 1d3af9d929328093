// Containment of a real alert during a flood, against idle (issue #17 item 6). A real `irctl serve`
// process (a child process, default settings) runs the SHIPPED runbook runbooks/shell-in-container.yaml.
// Idle: a Falco alert about a protected container, POST → the container off its network, by the time
// the engine stamps on its own `network disconnect` event (nothing polls the engine meanwhile). Flood:
// 2,000 Falco alerts that match the same trigger but name containers that do not exist or are not
// opted in (422 / 403 at intake, or queued above the flood key's capacity and refused when drained),
// posted BENCH_FLOOD_CONCURRENCY at a time; when a quarter, a half and three quarters of them are sent,
// a real alert for a protected container, timed the same way. Three rounds; the ratio is the median
// of the flood's samples over the median of the idle ones. The server's RSS after the first round and
// after the third (each after the round's queue drained). Ratios, with the 1-minute load beside each
// figure; containers are removed a few at a time.
//
// The flood comes from its own API key (a noisy or hostile sender); BENCH_FLOOD_SAME_KEY=1 sends it
// with the real sender's key instead (one Falcosidekick for both: the real alert then waits behind the
// flood in that key's queue once the flood is above the key's capacity).
//
//   export $(bash scripts/docker-engine.sh) && npx tsx bench/flood.ts
//   BENCH_FLOOD_ALERTS=2000  BENCH_FLOOD_ROUNDS=3  BENCH_FLOOD_CONCURRENCY=32  BENCH_FLOOD_IDLE=5
import Table from 'cli-table3';
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { createApiKey } from '../src/auth/keys.js';
import { openStore } from '../src/schema.js';
import { IRCTL_AS_SHIPPED, spawnIrctl } from '../test/helpers/cli-process.js';
import { startVictim, testDocker, uniqueName } from '../test/helpers/docker.js';
import { EngineActs, falcoAlert, loadNow, nowMs, removeGradually, rssMiB, stats, waitForServerIdle } from './shared.js';

const FLOOD = Math.max(4, Number(process.env.BENCH_FLOOD_ALERTS ?? 2000)); // three real alerts go in at ¼, ½ and ¾
const ROUNDS = Math.max(1, Number(process.env.BENCH_FLOOD_ROUNDS ?? 3));
const CONCURRENCY = Number(process.env.BENCH_FLOOD_CONCURRENCY ?? 32);
const IDLE_SAMPLES = Math.max(1, Number(process.env.BENCH_FLOOD_IDLE ?? 5));
/** Real alerts in each round: at a quarter, a half and three quarters of the flood. */
const REAL_AT = [1, 2, 3].map((quarter) => Math.floor((FLOOD * quarter) / 4));
const SAME_KEY = process.env.BENCH_FLOOD_SAME_KEY === '1';

const SHIPPED_RUNBOOK = new URL('../runbooks/shell-in-container.yaml', import.meta.url).pathname;
const docker = testDocker();
const engineActs = new EngineActs(docker);
const stateDir = mkdtempSync(join(tmpdir(), 'irctl-bench-flood-'));
const home = join(stateDir, 'home');
const runbookDir = join(stateDir, 'runbooks');
const quarantine = uniqueName('irctl-bench-flood-q');
const victims: Docker.Container[] = [];

/** A Falco "Terminal shell in container" event naming this container id; `variant` changes its fingerprint. */
async function startServer() {
  const child = spawnIrctl(
    ['--home', home, '--evidence-dir', join(stateDir, 'evidence'), '--runbooks', runbookDir, '--as', 'irctl-serve', 'serve', '--port', '0'],
    {
      IRCTL_LOG_LEVEL: 'warn', // 2,000 refusals a round are warn lines; info would add one per request
    },
    IRCTL_AS_SHIPPED, // as a responder starts it: no test-only node flags
  );
  for (let i = 0; i < 600; i++) {
    const match = /listening on (http:\/\/\S+)/.exec(child.output());
    if (match) return { child, url: match[1]! };
    if (child.exitCode !== null) throw new Error(`irctl serve exited: ${child.output().slice(-2000)}`);
    await delay(50);
  }
  throw new Error(`irctl serve did not start: ${child.output().slice(-2000)}`);
}

type Server = Awaited<ReturnType<typeof startServer>>;

const post = (server: Server, key: string, body: string) =>
  fetch(`${server.url}/v1/alerts/falco`, { method: 'POST', body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });

/** POST the real alert and time until the engine took the container off the bridge (its event's stamp). */
async function containOne(server: Server, key: string, container: Docker.Container): Promise<{ ms: number; answeredMs: number }> {
  const started = nowMs();
  const disconnected = engineActs.disconnected(container.id, started);
  const reply = await post(server, key, falcoAlert(container.id, 'node-real'));
  const answeredMs = nowMs() - started;
  if (reply.status !== 202) throw new Error(`the real alert was refused: ${reply.status} ${await reply.text()}`);
  return { ms: await disconnected, answeredMs };
}

interface Round {
  contained: { ms: number; answeredMs: number; load: string }[];
  floodMs: number;
  statuses: Map<number, number>;
  floodLoad: string;
  rssMiB: number;
  rssLoad: string;
}

async function floodRound(
  server: Server,
  keys: { real: string; flood: string },
  bystander: Docker.Container,
  real: Docker.Container[],
  round: number,
): Promise<Round> {
  // half name containers that do not exist (422), half an existing container nobody opted in (403)
  const bodies = Array.from({ length: FLOOD }, (_, i) =>
    i % 2 ? falcoAlert(randomBytes(6).toString('hex'), `node-flood-${round}-${i}`) : falcoAlert(bystander.id, `node-flood-${round}-${i}`),
  );
  const statuses = new Map<number, number>();
  let next = 0;
  const containing: Promise<{ ms: number; answeredMs: number; load: string }>[] = [];
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const index = next++;
      const realIndex = REAL_AT.indexOf(index);
      if (realIndex >= 0) {
        const load = loadNow();
        containing.push(containOne(server, keys.real, real[realIndex]!).then((timing) => ({ ...timing, load })));
      }
      const reply = await post(server, keys.flood, bodies[index]!);
      await reply.arrayBuffer();
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const floodMs = performance.now() - started;
  const floodLoad = loadNow();
  const contained = await Promise.all(containing);
  await waitForServerIdle(home, 300_000); // the flood's queue drained, the real incident at its gate
  return {
    contained,
    floodMs,
    statuses,
    floodLoad,
    rssMiB: rssMiB(server.child.pid!),
    rssLoad: loadNow(),
  };
}

async function main(): Promise<void> {
  mkdirSync(home, { recursive: true });
  mkdirSync(runbookDir, { recursive: true });
  copyFileSync(SHIPPED_RUNBOOK, join(runbookDir, 'shell-in-container.yaml'));
  writeFileSync(join(home, 'config.yaml'), `quarantine_network: ${quarantine}\n`);
  writeFileSync(join(home, 'roles.yaml'), 'actors:\n  irctl-serve: admin\n');
  const db = openStore(join(home, 'irctl.db'));
  const real = createApiKey(db, { actor: 'falcosidekick', role: 'alerter', createdBy: 'bench' }).key;
  const flood = SAME_KEY ? real : createApiKey(db, { actor: 'noisy-sender', role: 'alerter', createdBy: 'bench' }).key;
  db.close();
  const keys = { real, flood };

  const protectedVictim = async () => {
    const container = await startVictim(docker, { name: uniqueName('bench-flood-victim'), labels: { 'irctl.protect': 'true' } });
    victims.push(container);
    return container;
  };
  const bystander = await startVictim(docker, { name: uniqueName('bench-flood-bystander') }); // not opted in
  victims.push(bystander);
  const idleVictims: Docker.Container[] = [];
  for (let i = 0; i < IDLE_SAMPLES + 1; i++) idleVictims.push(await protectedVictim());
  const floodVictims: Docker.Container[] = [];
  for (let i = 0; i < ROUNDS * REAL_AT.length; i++) floodVictims.push(await protectedVictim());

  await engineActs.open();
  const server = await startServer();
  try {
    await containOne(server, keys.real, idleVictims[0]!); // warm-up; creates the quarantine network
    await waitForServerIdle(home, 300_000);
    const rssStart = rssMiB(server.child.pid!);
    const idle: { ms: number; answeredMs: number; load: string }[] = [];
    for (const container of idleVictims.slice(1)) {
      const load = loadNow();
      idle.push({ ...(await containOne(server, keys.real, container)), load });
      await waitForServerIdle(home, 300_000);
    }
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      process.stderr.write(`flood round ${round + 1}/${ROUNDS}: ${FLOOD} alerts…\n`);
      rounds.push(await floodRound(server, keys, bystander, floodVictims.slice(round * REAL_AT.length, (round + 1) * REAL_AT.length), round));
    }

    const idleP50 = stats(idle.map((sample) => sample.ms)).p50;
    const table = new Table({
      head: ['POST → network disconnected (shipped runbook)', 'ms', '× idle p50', 'of which POST answered', 'load'],
      style: { head: [], border: [] },
    });
    idle.forEach((sample, i) =>
      table.push([`idle ${i + 1}`, sample.ms.toFixed(0), (sample.ms / idleP50).toFixed(2), sample.answeredMs.toFixed(0), sample.load]),
    );
    for (const [i, round] of rounds.entries()) {
      round.contained.forEach((sample, j) =>
        table.push([
          `during flood round ${i + 1}, at ${j + 1}/4`,
          sample.ms.toFixed(0),
          (sample.ms / idleP50).toFixed(2),
          sample.answeredMs.toFixed(0),
          sample.load,
        ]),
      );
    }
    console.log(table.toString());

    const floodTable = new Table({
      head: ['flood round', `${FLOOD} alerts: s`, 'alerts/s', 'answers', 'load', 'RSS after (queue drained) MiB', 'load'],
      style: { head: [], border: [] },
    });
    for (const [i, round] of rounds.entries()) {
      const answers = [...round.statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
      floodTable.push([
        i + 1,
        (round.floodMs / 1000).toFixed(1),
        (FLOOD / (round.floodMs / 1000)).toFixed(0),
        answers,
        round.floodLoad,
        round.rssMiB.toFixed(1),
        round.rssLoad,
      ]);
    }
    console.log(floodTable.toString());
    console.log(`flood from ${SAME_KEY ? "the real sender's own key" : 'its own key'}; server RSS after warm-up and idle samples: ${rssStart.toFixed(1)} MiB`);

    const during = rounds.flatMap((round) => round.contained.map((sample) => sample.ms));
    const worst = Math.max(...during);
    const median = stats(during).p50;
    const ratio = median / idleP50;
    console.log(
      `containment during the flood: median of ${during.length} ${ratio.toFixed(2)}× idle, worst ${(worst / idleP50).toFixed(2)}× (target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'MISSED'}; load ${loadNow()})`,
    );
    const rssRatio = rounds[rounds.length - 1]!.rssMiB / rounds[0]!.rssMiB;
    console.log(
      `server RSS after round ${ROUNDS} / after round 1: ${rssRatio.toFixed(3)} (target ≤ 1.10: ${rssRatio <= 1.1 ? 'met' : 'MISSED'}; load ${loadNow()})`,
    );
  } finally {
    engineActs.close();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.on('close', resolve));
  }
}

try {
  await main();
} finally {
  process.stderr.write(`removing ${victims.length} containers a few at a time…\n`);
  await removeGradually(victims);
  await docker
    .getNetwork(quarantine)
    .remove()
    .catch(() => undefined);
  rmSync(stateDir, { recursive: true, force: true });
}

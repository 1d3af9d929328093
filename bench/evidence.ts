// Evidence benchmark: evidence.export of a container holding ≥ 256 MiB, through the action (with
// the real evidence store and ledger, in a child process so its peak RSS is its own), against
// `docker export C | tee FILE | sha256sum` run as three processes joined by kernel pipes.
// Targets: throughput ≥ 0.9× the pipeline, peak RSS < 150 MB.  Run: npx tsx bench/evidence.ts
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { evidenceExport } from '../src/actions/evidence/export.js';
import { DockerHosts } from '../src/docker/hosts.js';
import { buildActionContext } from '../src/engine/action-context.js';
import { openDb } from '../src/store/db.js';
import { execIn, startVictim, testDocker } from '../test/helpers/docker.js';
import { insertIncident } from '../test/unit/evidence/fixtures.js';

const PAYLOAD_MIB = 256;
const ROUNDS = 5;
const MiB = 1024 * 1024;

interface Measured {
  ms: number;
  bytes: number;
  sha256: string;
  maxRssMB?: number;
  loadedRssMB?: number; // RSS once the modules are loaded, before the export starts
}

/** The child: one evidence.export through the action, timed around run(); prints JSON. */
async function child(containerId: string, home: string): Promise<void> {
  const db = openDb(join(home, 'irctl.db'));
  insertIncident(db, 'inc-bench');
  const ctx = buildActionContext({
    services: { db, evidenceDir: join(home, 'evidence'), docker: new DockerHosts({ hosts: {} }) },
    log: pino({ level: 'silent' }),
    params: evidenceExport.params.parse({ container: containerId }),
    incidentId: 'inc-bench',
    stepId: 'export',
    attempt: 1,
    actor: 'bench',
    signal: new AbortController().signal,
  });
  const loadedRssMB = process.memoryUsage().rss / MiB;
  const started = performance.now();
  const outcome = await evidenceExport.run(ctx);
  const ms = performance.now() - started;
  if (outcome.kind !== 'done') throw new Error('export was skipped');
  const outputs = outcome.outputs as { size: number; sha256: string };
  db.close();
  const result: Measured = { ms, bytes: outputs.size, sha256: outputs.sha256, maxRssMB: process.resourceUsage().maxRSS / 1024, loadedRssMB };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runIrctl(containerId: string): Promise<Measured> {
  const home = mkdtempSync(join(tmpdir(), 'irctl-bench-evidence-'));
  return new Promise<Measured>((resolve, reject) => {
    const self = fileURLToPath(import.meta.url);
    const proc = spawn(process.execPath, ['--import', 'tsx', self, '--child', containerId, home], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      rmSync(home, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`irctl child exited ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as Measured);
    });
  });
}

/** docker export C | tee FILE | sha256sum: the three processes share pipes, node copies nothing. */
function runPipeline(containerId: string): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-bench-pipeline-'));
  const started = performance.now();
  return new Promise<Measured>((resolve, reject) => {
    const exporter = spawn('docker', ['export', containerId], { stdio: ['ignore', 'pipe', 'inherit'] });
    const tee = spawn('tee', [join(dir, 'export.tar')], { stdio: [exporter.stdout, 'pipe', 'inherit'] });
    const sum = spawn('sha256sum', [], { stdio: [tee.stdout, 'pipe', 'inherit'] });
    let out = '';
    sum.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    for (const proc of [exporter, tee, sum]) proc.on('error', reject);
    sum.on('close', (code) => {
      const ms = performance.now() - started;
      const bytes = Number(execFileSync('stat', ['-c', '%s', join(dir, 'export.tar')], { encoding: 'utf8' }).trim());
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`sha256sum exited ${code}`));
      else resolve({ ms, bytes, sha256: out.split(/\s+/)[0]! });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mibps = (m: Measured) => m.bytes / MiB / (m.ms / 1000);

async function main(): Promise<void> {
  if (!process.env.DOCKER_HOST) {
    const line = execFileSync('bash', ['scripts/docker-engine.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
    process.env.DOCKER_HOST = line.slice('DOCKER_HOST='.length);
  }
  const docker = testDocker();
  const victim = await startVictim(docker, { cmd: ['sleep', '3600'] });
  try {
    await execIn(victim, ['dd', 'if=/dev/urandom', 'of=/big', 'bs=1M', `count=${PAYLOAD_MIB}`]);
    const containerId = (await victim.inspect()).Id;
    const pipeline: Measured[] = [];
    const irctl: Measured[] = [];
    await runPipeline(containerId); // warm the page cache for both
    // `sync` between runs (untimed) so no run pays for the previous one's dirty pages
    for (let round = 0; round < ROUNDS; round += 1) {
      execFileSync('sync');
      pipeline.push(await runPipeline(containerId));
      execFileSync('sync');
      irctl.push(await runIrctl(containerId));
    }
    const base = { ms: median(pipeline.map((m) => m.ms)), bytes: pipeline[0]!.bytes, sha256: pipeline[0]!.sha256 };
    const ours = { ms: median(irctl.map((m) => m.ms)), bytes: irctl[0]!.bytes, sha256: irctl[0]!.sha256 };
    const peakRss = Math.max(...irctl.map((m) => m.maxRssMB ?? 0));
    const ratio = mibps(ours) / mibps(base);
    const rows = [
      ['docker export | tee | sha256sum', base.ms.toFixed(0), (base.bytes / MiB).toFixed(1), mibps(base).toFixed(1), '-', ''],
      ['irctl evidence.export', ours.ms.toFixed(0), (ours.bytes / MiB).toFixed(1), mibps(ours).toFixed(1), peakRss.toFixed(1), ''],
      ['ratio (target ≥ 0.90)', '', '', ratio.toFixed(2), '', ratio >= 0.9 ? 'PASS' : 'FAIL'],
      ['peak RSS (target < 150 MB)', '', '', '', peakRss.toFixed(1), peakRss < 150 ? 'PASS' : 'FAIL'],
    ];
    console.log(`evidence.export, ${PAYLOAD_MIB} MiB of random data in the container, median of ${ROUNDS} rounds (fsync included for irctl)`);
    console.table(rows.map(([what, ms, mib, rate, rss, verdict]) => ({ what, 'ms': ms, 'MiB': mib, 'MiB/s': rate, 'peak RSS MB': rss, verdict })));
    console.log(`same bytes as the pipeline (sha256): ${base.sha256 === ours.sha256 ? 'yes' : 'no (export tars differ between runs)'}`);
    console.log(`irctl RSS with modules loaded, before the export: ${median(irctl.map((m) => m.loadedRssMB ?? 0)).toFixed(1)} MB (node + tsx loader thread + irctl modules)`);
    console.log(`all rounds, ms — pipeline: ${pipeline.map((m) => m.ms.toFixed(0)).join(', ')}; irctl: ${irctl.map((m) => m.ms.toFixed(0)).join(', ')}`);
  } finally {
    await victim.remove({ force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else await main();

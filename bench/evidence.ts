// Evidence benchmark: evidence.export of a container holding ≥ 256 MiB, through the real CLI
// (`irctl run` of a one-step runbook: evidence store, ledger, journal; its own process, so its peak
// RSS is irctl's), against
// `docker export C | tee FILE | sha256sum` run as three processes joined by kernel pipes.
// Targets: throughput ≥ 0.9× the pipeline, peak RSS < 150 MB.  Run: npx tsx bench/evidence.ts
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { execIn, startVictim, testDocker } from '../test/helpers/docker.js';

const PAYLOAD_MIB = 256;
const ROUNDS = 5;
const MiB = 1024 * 1024;

interface Measured {
  ms: number;
  bytes: number;
  sha256: string;
  maxRssMB?: number;
}

const IRCTL = fileURLToPath(new URL('../bin/irctl.js', import.meta.url));
const RUNBOOK = `apiVersion: irctl/v1
kind: Runbook
name: export-only
severity: low
inputs:
  container: { required: true }
steps:
  - id: export
    phase: evidence
    uses: evidence.export
    with: { container: "\${{ inputs.container }}" }
`;

/**
 * The real CLI (\`irctl run\` of a one-step runbook) in its own process under /usr/bin/time, so the
 * peak RSS is the whole irctl process's. The time is the export step's own, from the journal.
 */
function runIrctl(containerId: string): Promise<Measured> {
  const home = mkdtempSync(join(tmpdir(), 'irctl-bench-evidence-'));
  writeFileSync(join(home, 'export.yaml'), RUNBOOK);
  return new Promise<Measured>((resolve, reject) => {
    const args = ['-f', 'maxrss=%M', process.execPath, IRCTL, '--home', home, '--evidence-dir', join(home, 'evidence'), 'run', join(home, 'export.yaml'), '-i', `container=${containerId}`];
    const proc = spawn('/usr/bin/time', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`irctl run exited ${code}: ${err}`);
        const db = new Database(join(home, 'irctl.db'), { readonly: true });
        const step = db.prepare("SELECT started_at, ended_at FROM step_journal WHERE step_id = 'export' AND status = 'finished'").get() as { started_at: string; ended_at: string };
        const evidence = db.prepare("SELECT size, sha256 FROM evidence WHERE kind = 'export'").get() as { size: number; sha256: string };
        db.close();
        const maxRssKB = Number(/maxrss=(\d+)/.exec(err)?.[1]);
        resolve({ ms: Date.parse(step.ended_at) - Date.parse(step.started_at), bytes: evidence.size, sha256: evidence.sha256, maxRssMB: maxRssKB / 1024 });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
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
    console.log(`evidence.export, ${PAYLOAD_MIB} MiB of random data in the container, median of ${ROUNDS} rounds (irctl: the whole irctl run process; its export step timed from the journal, fsync included)`);
    console.table(rows.map(([what, ms, mib, rate, rss, verdict]) => ({ what, 'ms': ms, 'MiB': mib, 'MiB/s': rate, 'peak RSS MB': rss, verdict })));
    console.log(`same bytes as the pipeline (sha256): ${base.sha256 === ours.sha256 ? 'yes' : 'no (export tars differ between runs)'}`);
    console.log(`all rounds, ms — pipeline: ${pipeline.map((m) => m.ms.toFixed(0)).join(', ')}; irctl: ${irctl.map((m) => m.ms.toFixed(0)).join(', ')}`);
  } finally {
    await victim.remove({ force: true });
  }
}

await main();

// Evidence benchmark: evidence.export of a container holding 64 MiB, 256 MiB and 1 GiB, through the
// real CLI (`irctl run` of a one-step runbook: evidence store, ledger, journal), timed as a WHOLE
// PROCESS from spawn to exit (start-up, database, fsync included: what a responder waits for), with
// its peak RSS, against the whole `docker export C | tee FILE | sha256sum` pipeline, three processes
// joined by kernel pipes, also spawn to exit. Each figure with the load beside it.
// Targets: 256 MiB ≥ 0.8× the pipeline's throughput, 1 GiB ≥ 0.95×, peak RSS < 150 MB.
// Run: npx tsx bench/evidence.ts   (IRCTL_BENCH_EXPORT_MIB="64,256,1024"; 1 GiB runs one round)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { execIn, startVictim, testDocker } from '../test/helpers/docker.js';
import { removeGradually } from './shared.js';

const SIZES_MIB = (process.env.IRCTL_BENCH_EXPORT_MIB ?? '64,256,1024').split(',').map(Number);
const roundsFor = (mib: number) => (mib >= 1024 ? 1 : 3); // the machine is shared: the big case once
const MiB = 1024 * 1024;

interface Measured {
  ms: number;
  bytes: number;
  sha256: string;
  maxRssMB?: number;
  load: number;
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
 * peak RSS is the whole irctl process's; timed spawn to exit, like the pipeline.
 */
function runIrctl(containerId: string): Promise<Measured> {
  const home = mkdtempSync(join(tmpdir(), 'irctl-bench-evidence-'));
  writeFileSync(join(home, 'export.yaml'), RUNBOOK);
  const load = loadavg()[0]!;
  const started = performance.now();
  return new Promise<Measured>((resolve, reject) => {
    const args = [
      '-f',
      'maxrss=%M',
      process.execPath,
      IRCTL,
      '--home',
      home,
      '--evidence-dir',
      join(home, 'evidence'),
      'run',
      join(home, 'export.yaml'),
      '-i',
      `container=${containerId}`,
    ];
    const proc = spawn('/usr/bin/time', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const ms = performance.now() - started;
      try {
        if (code !== 0) throw new Error(`irctl run exited ${code}: ${err}`);
        const db = new Database(join(home, 'irctl.db'), { readonly: true });
        const evidence = db.prepare("SELECT size, sha256 FROM evidence WHERE kind = 'export'").get() as { size: number; sha256: string };
        db.close();
        const maxRssKB = Number(/maxrss=(\d+)/.exec(err)?.[1]);
        resolve({ ms, bytes: evidence.size, sha256: evidence.sha256, maxRssMB: maxRssKB / 1024, load });
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
  const load = loadavg()[0]!;
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
      else resolve({ ms, bytes, sha256: out.split(/\s+/)[0]!, load });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mibps = (m: Measured) => m.bytes / MiB / (m.ms / 1000);

async function measure(docker: ReturnType<typeof testDocker>, mib: number): Promise<string[][]> {
  const victim = await startVictim(docker, { cmd: ['sleep', '3600'] });
  try {
    await execIn(victim, ['dd', 'if=/dev/urandom', 'of=/big', 'bs=1M', `count=${mib}`]);
    const containerId = (await victim.inspect()).Id;
    const pipeline: Measured[] = [];
    const irctl: Measured[] = [];
    await runPipeline(containerId); // warm the page cache for both
    // `sync` between runs (untimed) so no run pays for the previous one's dirty pages
    for (let round = 0; round < roundsFor(mib); round += 1) {
      execFileSync('sync');
      pipeline.push(await runPipeline(containerId));
      execFileSync('sync');
      irctl.push(await runIrctl(containerId));
    }
    const base = { ms: median(pipeline.map((m) => m.ms)), bytes: pipeline[0]!.bytes };
    const ours = { ms: median(irctl.map((m) => m.ms)), bytes: irctl[0]!.bytes };
    const peakRss = Math.max(...irctl.map((m) => m.maxRssMB ?? 0));
    const ratio = mibps(ours as Measured) / mibps(base as Measured);
    const target = mib >= 1024 ? 0.95 : mib >= 256 ? 0.8 : undefined;
    const loads = (ms: Measured[]) => ms.map((m) => m.load.toFixed(1)).join('/');
    return [
      [`${mib} MiB: docker export | tee | sha256sum`, base.ms.toFixed(0), mibps(base as Measured).toFixed(1), '-', loads(pipeline), ''],
      [`${mib} MiB: irctl run (evidence.export)`, ours.ms.toFixed(0), mibps(ours as Measured).toFixed(1), peakRss.toFixed(1), loads(irctl), ''],
      [
        `${mib} MiB: ratio${target ? ` (target ≥ ${target})` : ''}, RSS < 150 MB`,
        '',
        ratio.toFixed(2),
        peakRss < 150 ? 'RSS met' : 'RSS MISSED',
        '',
        target === undefined ? '' : ratio >= target ? 'met' : 'MISSED',
      ],
    ];
  } finally {
    await removeGradually([victim]);
  }
}

async function main(): Promise<void> {
  if (!process.env.DOCKER_HOST) {
    const line = execFileSync('bash', ['scripts/docker-engine.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      .trim()
      .split('\n')
      .pop()!;
    process.env.DOCKER_HOST = line.slice('DOCKER_HOST='.length);
  }
  const docker = testDocker();
  const rows: string[][] = [];
  for (const mib of SIZES_MIB) rows.push(...(await measure(docker, mib)));
  console.log('evidence.export, random data in the container; both sides whole processes, spawn to exit; median of the rounds (1 GiB: one round)');
  console.table(rows.map(([what, ms, rate, rss, load, verdict]) => ({ what, ms, 'MiB/s (ratio)': rate, 'peak RSS MB': rss, 'load (1 min)': load, verdict })));
}

await main();

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientForUrl } from '../../src/docker/hosts.js';
import { spawnIrctl } from '../helpers/cli-process.js';
import { irctl as inProcess } from '../helpers/run-cli.js';
import { TEST_IMAGE, testDocker } from '../helpers/docker.js';
import { waitUntil } from '../helpers/wait-until.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// The Docker daemon dies (kill -9) in the middle of a run and comes back. This test starts an
// engine of its own — never the shared one — on a bridge of its own and without iptables, so
// killing it touches nothing else. (Not --bridge=none: dockerd then deletes docker0, which the
// shared engine uses.) The step that meets the dead daemon retries and the run completes.
const BRIDGE = 'irctlrst0';
const dir = mkdtempSync(join(tmpdir(), 'irctl-restart-'));
const engineDir = join(dir, 'engine');
const socket = join(engineDir, 'docker.sock');
let engine: Docker;

function startDaemon(): void {
  rmSync(join(engineDir, 'dockerd.pid'), { force: true }); // a killed daemon leaves its pid file
  const daemon = spawn(
    'dockerd',
    [
      '--storage-driver',
      'vfs',
      '--data-root',
      join(engineDir, 'data'),
      '--exec-root',
      join(engineDir, 'exec'),
      '--pidfile',
      join(engineDir, 'dockerd.pid'),
      '-H',
      `unix://${socket}`,
      '--bridge',
      BRIDGE,
      '--iptables=false',
    ],
    { detached: true, stdio: 'ignore' },
  );
  daemon.unref();
}

async function waitForDaemon(): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (
      await engine.ping().then(
        () => true,
        () => false,
      )
    )
      return;
    await delay(200);
  }
  throw new Error(`the test's own dockerd did not answer on ${socket}`);
}

function killDaemon(): void {
  execFileSync('kill', ['-9', readFileSync(join(engineDir, 'dockerd.pid'), 'utf8').trim()]);
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('this test starts and kills a dockerd of its own and needs root (CI runs as root)');
  engine = clientForUrl(`unix://${socket}`);
  execFileSync('ip', ['link', 'add', 'name', BRIDGE, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', '172.31.250.1/24', 'dev', BRIDGE]);
  execFileSync('ip', ['link', 'set', BRIDGE, 'up']);
  startDaemon();
  await waitForDaemon();
  // the local test image, carried over from the shared engine (no registry here)
  await engine
    .loadImage((await testDocker().getImage(TEST_IMAGE).get()) as unknown as NodeJS.ReadableStream)
    .then((stream) => new Promise((done) => engine.modem.followProgress(stream, done)));
});

afterAll(() => {
  try {
    execFileSync('pkill', ['-9', '-f', engineDir]); // dockerd, its containerd and shims
  } catch {
    // nothing left
  }
  // dockerd mounts its data root and network namespaces; take them down, deepest first
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((path) => path.startsWith(engineDir))
    .sort((a, b) => b.length - a.length);
  for (const path of mounts) {
    try {
      execFileSync('umount', ['-l', path]);
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync('ip', ['link', 'del', BRIDGE]);
  } catch {
    // never made
  }
});

describe('a Docker daemon restart in the middle of a run', LONG, () => {
  it('retries the step that met the dead daemon, completes the run, and every evidence file verifies', async () => {
    const victim = await engine.createContainer({
      name: 'restart-victim',
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', 'echo before-the-restart; sleep 3600'],
      HostConfig: { NetworkMode: 'none' },
    });
    await victim.start();
    const home = join(dir, 'home');
    writeFileSync(join(dir, 'config.yaml'), `hosts:\n  isolated: { url: "unix://${socket}" }\n`);
    const runbook = join(dir, 'restart.yaml');
    writeFileSync(
      runbook,
      `apiVersion: irctl/v1
kind: Runbook
name: survive-restart
severity: high
inputs:
  container: { required: true }
steps:
  - id: inspect
    phase: evidence
    uses: evidence.inspect
    with: { container: "\${{ inputs.container }}", host: isolated }
  - id: window
    uses: core.sleep
    with: { duration: 3s }
  - id: logs
    uses: evidence.logs
    with: { container: "\${{ inputs.container }}", host: isolated }
    retry: { attempts: 20, backoff: 1s, factor: 1 }
  - id: diff
    uses: evidence.diff
    with: { container: "\${{ inputs.container }}", host: isolated }
    retry: { attempts: 10, backoff: 500ms, factor: 1 }
`,
    );
    const args = ['--home', home, '--evidence-dir', join(dir, 'evidence'), '--config', join(dir, 'config.yaml')];
    const run = spawnIrctl([...args, 'run', runbook, '--input', 'container=restart-victim']);
    const closed = new Promise<number | null>((done) => run.on('close', done));
    const journal = () => {
      try {
        const db = new Database(join(home, 'irctl.db'), { readonly: true });
        try {
          return db.prepare('SELECT step_id, status FROM step_journal ORDER BY attempt').all() as { step_id: string; status: string }[];
        } finally {
          db.close();
        }
      } catch {
        return [];
      }
    };
    await waitUntil(() => journal().some((row) => row.step_id === 'window'), 'the run to reach the window step', 20_000);
    killDaemon();
    // the logs step starts and fails against the dead daemon: wait for that failure, then revive it
    await waitUntil(() => journal().some((row) => row.step_id === 'logs' && row.status === 'failed'), 'the logs step to fail against the dead daemon', 20_000);
    startDaemon();
    const code = await closed;
    expect(code, run.output()).toBe(0);

    const rows = journal();
    expect(rows.filter((row) => row.step_id === 'logs' && row.status === 'failed').length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.step_id === 'logs' && row.status === 'finished')).toHaveLength(1);
    const db = new Database(join(home, 'irctl.db'), { readonly: true });
    const incidentId = (db.prepare('SELECT id FROM incidents').get() as { id: string }).id;
    db.close();
    const verify = await inProcess([...args, 'custody', 'verify', incidentId]);
    expect(verify.code, verify.output).toBe(0);
    const logs = await inProcess([...args, 'evidence', 'ls', incidentId]);
    expect(logs.output).toContain('logs-restart-victim.stdout.log');
  });
});

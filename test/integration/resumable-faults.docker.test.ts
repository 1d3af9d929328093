import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIrctl } from '../helpers/cli-process.js';
import { execIn, removeQuietly, startVictim, testDocker } from '../helpers/docker.js';
import { startEngineProxy, type EngineProxy } from '../helpers/engine-proxy.js';
import { runCli } from '../helpers/run-cli.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// A fault of the surroundings in the middle of a capture (the engine connection cut mid-stream,
// the evidence disk full) does not end the incident: the step ends interrupted with its cause, the
// partial file is removed, the ledger records the failed attempt, and once the cause is gone
// `irctl resume` finishes the same incident with a custody chain that verifies.

const RUNBOOK = `apiVersion: irctl/v1
kind: Runbook
name: capture-then-log
severity: low
inputs:
  container: { required: true }
steps:
  - id: inspect
    phase: evidence
    uses: evidence.inspect
    with: { container: "\${{ inputs.container }}" }
  - id: export
    uses: evidence.export
    with: { container: "\${{ inputs.container }}" }
  - id: after
    uses: core.log
    with: { message: reached after the capture }
`;

let victim: Docker.Container;

beforeAll(async () => {
  victim = await startVictim(testDocker());
  // about 1 MiB of content, so the export streams for a while
  await execIn(victim, ['sh', '-c', 'dd if=/dev/urandom of=/big bs=1024 count=1024 2>/dev/null']);
});

afterAll(async () => {
  if (victim) await removeQuietly(victim);
});

function workspace(evidenceDir?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-fault-'));
  const runbook = join(dir, 'rb.yaml');
  writeFileSync(runbook, RUNBOOK);
  const evidence = evidenceDir ?? join(dir, 'evidence');
  const args = ['--home', join(dir, 'home'), '--evidence-dir', evidence];
  const read = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(join(dir, 'home', 'irctl.db'), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  return { runbook, args, evidence, read, incidentId: () => read<{ id: string }>('SELECT id FROM incidents')[0]!.id };
}

/** The interrupted incident as the store and the evidence folder show it; then resume finishes it. */
async function expectResumable(ws: ReturnType<typeof workspace>, incidentId: string) {
  const [incident] = ws.read<{ status: string }>('SELECT status FROM incidents WHERE id = ?', incidentId);
  expect(incident!.status).toBe('running'); // open, resumable; no process drives it
  const journal = ws.read<{ step_id: string; status: string; error: string | null }>(
    'SELECT step_id, status, error FROM step_journal WHERE incident_id = ? ORDER BY started_at, attempt',
    incidentId,
  );
  expect(journal.map((row) => `${row.step_id}:${row.status}`)).toEqual(['inspect:finished', 'export:interrupted']);
  const acts = ws.read<{ act: string }>('SELECT act FROM custody_records WHERE incident_id = ? ORDER BY seq', incidentId).map((row) => row.act);
  expect(acts).toEqual(expect.arrayContaining(['capture-failed', 'attempt-interrupted']));
  expect(readdirSync(join(ws.evidence, incidentId)).filter((file) => file.includes('partial') || file.startsWith('export'))).toEqual([]);

  const status = await runCli([...ws.args, 'status', incidentId]);
  expect(status.out).toMatch(/interrupted at step "export"/);
  expect(status.err).toContain(`irctl resume ${incidentId}`);

  const resumed = await runCli([...ws.args, 'resume', incidentId]);
  expect(resumed.code, resumed.out + resumed.err).toBe(0);
  expect(ws.read<{ id: string }>('SELECT id FROM incidents')).toHaveLength(1); // the same incident, no rerun
  const evidence = ws.read<{ kind: string; status: string }>(
    "SELECT kind, status FROM evidence WHERE incident_id = ? AND status = 'complete' ORDER BY captured_at",
    incidentId,
  );
  expect(evidence.map((row) => row.kind)).toEqual(['inspect', 'export']);
  const verified = await runCli([...ws.args, 'custody', 'verify', incidentId]);
  expect(verified.code, verified.out + verified.err).toBe(0);
}

describe('faults in the middle of a capture end resumable', LONG, () => {
  let proxy: EngineProxy;
  beforeAll(async () => {
    proxy = await startEngineProxy();
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('an engine connection cut mid-export: exit 6 with the cause, then resume completes the same incident', async () => {
    const ws = workspace();
    proxy.cutNext(/\/export /, 64 * 1024);
    const run = await runIrctl([...ws.args, 'run', ws.runbook, '--input', `container=${victim.id}`], { DOCKER_HOST: proxy.url });
    expect(proxy.cuts()).toBe(1);
    expect(run.code, run.output).toBe(6);
    expect(run.output).toMatch(/interrupted: incident \S+ stopped at step "export": the connection to the Docker engine was cut/);
    expect(run.output).toContain('irctl resume');
    await expectResumable(ws, ws.incidentId());
  });

  it('a full evidence disk mid-export: exit 1 with how much to free and where, then resume completes the same incident', async () => {
    if (process.getuid?.() !== 0) throw new Error('this test mounts a small tmpfs and needs root (CI runs as root)');
    const mount = join(mkdtempSync(join(tmpdir(), 'irctl-diskfull-')), 'evidence');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', mount]);
    try {
      const ws = workspace(mount);
      const run = await runIrctl([...ws.args, 'run', ws.runbook, '--input', `container=${victim.id}`]);
      expect(run.code, run.output).toBe(1);
      const incidentId = ws.incidentId();
      expect(run.output).toMatch(new RegExp(`the evidence disk is full: free \\d+ bytes in ${join(mount, incidentId)}, then irctl resume ${incidentId}`));
      execFileSync('mount', ['-o', 'remount,size=8m', mount]); // the responder frees space
      await expectResumable(ws, incidentId);
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});

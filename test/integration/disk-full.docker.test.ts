import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIrctl } from '../helpers/cli-process.js';
import { execIn, removeQuietly, startVictim, testDocker } from '../helpers/docker.js';
import type Docker from 'dockerode';

// The evidence store fills up in the middle of a capture: the run must stop cleanly, leave no
// partial file that the ledger calls complete, and the ledger must still verify.
const dir = mkdtempSync(join(tmpdir(), 'irctl-diskfull-'));
const evidenceDir = join(dir, 'evidence');
let victim: Docker.Container;

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('this test mounts a small tmpfs and needs root (CI runs as root)');
  mkdirSync(evidenceDir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', evidenceDir]);
  victim = await startVictim(testDocker());
  await execIn(victim, ['sh', '-c', 'dd if=/dev/urandom of=/big bs=1024 count=1024 2>/dev/null']);
});

afterAll(async () => {
  if (victim) await removeQuietly(victim);
  try {
    execFileSync('umount', [evidenceDir]);
  } catch {
    // not mounted
  }
});

describe('a full disk in the middle of a capture', () => {
  it('fails the run, records the capture as incomplete with no file left, and the ledger still verifies', async () => {
    const runbook = join(dir, 'fill.yaml');
    writeFileSync(
      runbook,
      `apiVersion: irctl/v1
kind: Runbook
name: fill-the-disk
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
    with: { message: never reached }
`,
    );
    const args = ['--home', join(dir, 'home'), '--evidence-dir', evidenceDir];
    const run = await runIrctl([...args, 'run', runbook, '--input', `container=${victim.id}`]);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/step "export" failed/);

    const db = new Database(join(dir, 'home', 'irctl.db'), { readonly: true });
    const incidentId = (db.prepare('SELECT id FROM incidents').get() as { id: string }).id;
    const rows = db.prepare('SELECT kind, status, path FROM evidence WHERE incident_id = ? ORDER BY captured_at').all(incidentId) as { kind: string; status: string; path: string }[];
    const acts = (db.prepare('SELECT act FROM custody_records WHERE incident_id = ? ORDER BY seq').all(incidentId) as { act: string }[]).map((r) => r.act);
    const after = db.prepare("SELECT COUNT(*) AS n FROM step_journal WHERE incident_id = ? AND step_id = 'after'").get(incidentId) as { n: number };
    db.close();

    expect(rows.map((r) => `${r.kind}:${r.status}`)).toEqual(['inspect:complete', 'export:incomplete']);
    expect(acts).toContain('capture-failed');
    expect(after.n).toBe(0);
    const files = readdirSync(join(evidenceDir, incidentId));
    expect(files.filter((f) => f.includes('partial') || f.startsWith('export'))).toEqual([]);

    const verify = await runIrctl([...args, 'custody', 'verify', incidentId]);
    expect(verify.code, verify.output).toBe(0);
  });
});

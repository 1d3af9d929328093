import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { spawnIrctl } from '../helpers/cli-process.js';
import { irctl } from '../helpers/run-cli.js';
import { approvalWorkspace, gateRunbook } from '../helpers/approvals.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

const WORKER = fileURLToPath(new URL('../helpers/approve-worker.mjs', import.meta.url));
const PROCESSES = 5;
const APPROVERS = Array.from({ length: 50 }, (_, i) => `admin${String(i + 1).padStart(2, '0')}`);

function incidentRow(db: string) {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare('SELECT id, status, current_step FROM incidents').get() as { id: string; status: string; current_step: string };
  } finally {
    conn.close();
  }
}

async function waitFor<T>(read: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = read();
      if (value !== undefined) return value;
    } catch {
      // the store may not exist yet
    }
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('approvals across processes', LONG, () => {
  it('50 approvals racing from 5 processes for a quorum of 2: exactly 2 count, 48 are told the gate is already decided', async () => {
    const ws = approvalWorkspace(gateRunbook({ quorum: 2 }), { alice: 'operator', ...Object.fromEntries(APPROVERS.map((a) => [a, 'admin'])) });
    const started = await irctl([...ws.args, '--as', 'alice', 'run', ws.runbook]);
    expect(started.code).toBe(3);
    const { id } = incidentRow(ws.db);

    // every process starts deciding at the same moment: each says "ready" once its store is open,
    // and all are told "go" together, interleaving their actors with the others'
    const workers = Array.from({ length: PROCESSES }, (_, p) => {
      const child = spawn(process.execPath, [WORKER, ws.home, id, ...APPROVERS.filter((_, i) => i % PROCESSES === p)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let stdout = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.startsWith('ready\n')) resolve();
        }),
      );
      const exited = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout: stdout.slice('ready\n'.length) }));
      return { child, ready, exited };
    });
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.child.stdin.end('go\n');
    const outputs = await Promise.all(workers.map((worker) => worker.exited));
    for (const output of outputs) expect(output.code, output.stdout).toBe(0);
    const results = outputs.flatMap((o) =>
      o.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { ok: boolean; code?: number; message?: string }),
    );
    expect(results).toHaveLength(50);
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(48);
    for (const r of refused) {
      expect(r.code).toBe(4);
      expect(r.message).toContain('is already decided (approved)');
    }

    const db = new Database(ws.db, { readonly: true });
    const approvals = db.prepare('SELECT COUNT(*) AS n FROM approvals WHERE incident_id = ?').get(id) as { n: number };
    const custody = db.prepare("SELECT COUNT(*) AS n FROM custody_records WHERE incident_id = ? AND act = 'approved'").get(id) as { n: number };
    db.close();
    expect(approvals.n).toBe(2);
    expect(custody.n).toBe(2);
  });

  it('a runner waiting with --wait in one process picks up an approval made by irctl approve in another within 1 second', async () => {
    const ws = approvalWorkspace();
    const runner = spawnIrctl([...ws.args, '--as', 'alice', 'run', ws.runbook, '--wait']);
    const exited = new Promise<number | null>((resolve) => runner.on('close', resolve));
    const { id } = await waitFor(() => {
      const row = incidentRow(ws.db);
      return row?.current_step === 'approve-recovery' ? row : undefined;
    }, 20_000);

    const approved = await irctl([...ws.args, '--as', 'bob', 'approve', id]);
    expect(approved.code).toBe(0);
    expect(approved.output).toContain('the process running this incident picks the decision up');
    expect(await exited).toBe(0);

    const db = new Database(ws.db, { readonly: true });
    const decidedAt = (db.prepare('SELECT decided_at FROM gates WHERE incident_id = ?').get(id) as { decided_at: string }).decided_at;
    const nextStarted = (db.prepare("SELECT started_at FROM step_journal WHERE incident_id = ? AND step_id = 'rebuild'").get(id) as { started_at: string })
      .started_at;
    db.close();
    const latencyMs = Date.parse(nextStarted) - Date.parse(decidedAt);
    console.log(`cross-process approval latency: ${latencyMs} ms (decision stored → next step started in the waiting runner)`);
    expect(latencyMs).toBeGreaterThanOrEqual(0);
    expect(latencyMs).toBeLessThan(1000);
    expect(runner.output()).toContain('succeeded');
  });
});

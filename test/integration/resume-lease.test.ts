import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { spawnIrctl } from '../helpers/cli-process.js';
import { runCli } from '../helpers/run-cli.js';
import { approvalWorkspace } from '../helpers/approvals.js';
import { waitUntilStepStarted } from '../helpers/journal-wait.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// One process drives a run. Another may not slip a decision into it, a resume that loses the race
// for the lease says so (exit 4), and a signal ends the driver with 130/143 and a free lease even
// when nobody reads its output any more.

const holdRunbook = stringify({
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'hold',
  severity: 'high',
  steps: [
    { id: 'contain', phase: 'containment', uses: 'core.log', with: { message: 'contained' } },
    { id: 'hold', phase: 'recovery', uses: 'core.sleep', with: { duration: '10m' } },
  ],
});

const closed = (child: ReturnType<typeof spawnIrctl>) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));

function read<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** Wait until the step's newest attempt has started (the driver holds the lease then). */
async function holding(dbPath: string, attempt: number): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const rows = read<{ n: number }>(dbPath, `SELECT COUNT(*) AS n FROM step_journal WHERE step_id = 'hold' AND status = 'started' AND attempt = ${attempt}`);
    if (rows[0]!.n === 1) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`attempt ${attempt} of "hold" never started`);
}

describe('a run driven by another process', LONG, () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`refuses a decision for it (exit 4, not stored); ${signal} with closed output pipes exits ${code} and frees the lease; the loser of two resumes exits 4`, async () => {
      const ws = approvalWorkspace(holdRunbook);
      const runner = spawnIrctl([...ws.args, '--as', 'alice', 'run', ws.runbook]);
      const incidentId = await waitUntilStepStarted(ws.db, 'hold');

      const skip = await runCli([...ws.args, '--as', 'alice', 'resume', incidentId, '--skip-step', 'hold']);
      expect(skip.code, skip.err).toBe(4);
      expect(skip.err).toContain(`${incidentId} is being run by another process: refusing --skip-step hold`);
      const plain = await runCli([...ws.args, '--as', 'alice', 'resume', incidentId]);
      expect(plain.code, plain.err).toBe(4);
      expect(read(ws.db, 'SELECT * FROM step_decisions')).toEqual([]);

      // nobody reads its output any more: writing the stop message meets EPIPE
      runner.stdout!.destroy();
      runner.stderr!.destroy();
      runner.kill(signal);
      expect((await closed(runner)).code).toBe(code);
      expect(read(ws.db, 'SELECT status, runner_id FROM incidents')).toEqual([{ status: 'running', runner_id: null }]);

      // two resumes at once: one drives, the other exits 4 and leaves nothing behind
      const first = spawnIrctl([...ws.args, '--as', 'alice', 'resume', incidentId, '--retry-step', 'hold']);
      const second = spawnIrctl([...ws.args, '--as', 'alice', 'resume', incidentId, '--retry-step', 'hold']);
      const loser = await Promise.race([closed(first).then((end) => ({ end, winner: second })), closed(second).then((end) => ({ end, winner: first }))]);
      expect(loser.end.code).toBe(4);
      await holding(ws.db, 2);
      loser.winner.kill(signal);
      expect((await closed(loser.winner)).code).toBe(code);
      expect(read<{ consumed: number }>(ws.db, 'SELECT consumed FROM step_decisions')).toEqual([{ consumed: 1 }]);
      expect(read(ws.db, 'SELECT runner_id FROM incidents')).toEqual([{ runner_id: null }]);
    });
  }
});

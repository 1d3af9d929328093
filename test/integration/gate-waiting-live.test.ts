import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { spawnIrctl } from '../helpers/cli-process.js';
import { irctl as inProcess } from '../helpers/run-cli.js';
import { approvalWorkspace, gateRunbook } from '../helpers/approvals.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

interface IncidentState {
  id: string;
  status: string;
  current_step: string | null;
  runner_id: string | null;
}

/** Poll the store (no timing assumptions) until the incident is in the wanted state. */
async function waitForIncident(dbPath: string, wanted: (row: IncidentState) => boolean): Promise<IncidentState> {
  for (let i = 0; i < 1000; i++) {
    if (existsSync(dbPath)) {
      const db = new Database(dbPath, { readonly: true });
      try {
        const row = db.prepare('SELECT id, status, current_step, runner_id FROM incidents').get() as IncidentState | undefined;
        if (row && wanted(row)) return row;
      } catch {
        // the schema may not be there yet
      } finally {
        db.close();
      }
    }
    await delay(20);
  }
  throw new Error('the incident never reached the expected state');
}

describe('a run waiting at a gate while its process is alive', LONG, () => {
  it('is listed as waiting at the gate, keeps its process attached against another resume, and runs on once approved', async () => {
    // after the gate, a step that lasts until the test has seen the run go back to running
    const ws = approvalWorkspace(gateRunbook({}, [{ id: 'settle', uses: 'core.sleep', with: { duration: '60s' } }]));
    const irctl = (actor: string, ...args: string[]) => inProcess([...ws.args, '--as', actor, ...args]);
    const child = spawnIrctl([...ws.args, '--as', 'alice', 'run', ws.runbook, '--wait']);
    const waiting = await waitForIncident(ws.db, (row) => row.status === 'waiting');
    expect(waiting.current_step).toBe('approve-recovery');
    expect(waiting.runner_id).not.toBeNull();

    const listed = await irctl('alice', '--json', 'incidents', '--status', 'waiting');
    expect((JSON.parse(listed.output) as { id: string }[]).map((row) => row.id)).toEqual([waiting.id]);
    const status = await irctl('alice', 'status', waiting.id);
    expect(status.output).toContain('waiting (a process is attached)');
    expect(status.output).toContain('waiting at gate "approve-recovery": approvals so far: none');
    expect(status.output).toContain(`a process is attached (${waiting.runner_id}) and goes on once the gate is decided`);

    const resumed = await irctl('carol', 'resume', waiting.id);
    expect(resumed.output).toContain(`${waiting.id} is being run by another process`);
    const still = await waitForIncident(ws.db, () => true);
    expect(still).toEqual(waiting); // same holder, still waiting

    const approved = await irctl('bob', 'approve', waiting.id);
    expect(approved.code, approved.output).toBe(0);
    const running = await waitForIncident(ws.db, (row) => row.current_step === 'settle');
    expect(running.status).toBe('running');
    const listedRunning = await irctl('alice', '--json', 'incidents', '--status', 'waiting');
    expect(JSON.parse(listedRunning.output)).toEqual([]);

    child.kill('SIGINT'); // the sleep is long; the stop path ends it (exit 130)
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code, child.output()).toBe(130);
  });
});

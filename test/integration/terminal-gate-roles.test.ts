import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runIrctl } from '../helpers/cli-process.js';
import { approvalWorkspace, gateRunbook } from '../helpers/approvals.js';
import { killTerminals, startInTerminal } from '../helpers/terminal.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

afterEach(killTerminals);

const incidentId = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM incidents').get() as { id: string }).id;
  } finally {
    db.close();
  }
};

describe('the gate prompt for someone who may not decide', LONG, () => {
  it('tells an operator at an admin gate who may decide, offers only wait and detach, and detach stops with exit 3', async () => {
    const ws = approvalWorkspace();
    const term = await startInTerminal([...ws.args, '--as', 'olga', 'run', ws.runbook]);
    const prompt = await term.waitFor('Gate "approve-recovery" waits for someone else');
    expect(prompt).toContain('you (olga: operator) may not decide this gate; it needs admin');
    expect(prompt).toContain('❯ Wait for someone else');
    expect(prompt).not.toContain('Approve');
    expect(prompt).not.toContain('Reject');

    await term.keys('Down', 'Enter'); // Detach
    await term.waitFor('is waiting for approval at "approve-recovery"');
    expect(await term.exitStatus()).toBe(3);
    const db = new Database(ws.db, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM approvals').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT status, runner_id FROM incidents').get()).toEqual({ status: 'waiting', runner_id: null });
    db.close();
  });

  it('tells the initiator under separation of duties, waits, and runs on when another admin approves from elsewhere', async () => {
    const ws = approvalWorkspace(gateRunbook({ separate_from_initiator: true }));
    const term = await startInTerminal([...ws.args, '--as', 'alice', 'run', ws.runbook]);
    const prompt = await term.waitFor('Gate "approve-recovery" waits for someone else');
    expect(prompt).toContain('you (alice) opened this incident and may not decide this gate (separation of duties); it needs admin, someone else');
    expect(prompt).not.toContain('Approve');

    await term.keys('Enter'); // Wait for someone else
    await term.waitFor('waiting at "approve-recovery" for someone else to decide');
    const approved = await runIrctl([...ws.args, '--as', 'bob', 'approve', incidentId(ws.db)]);
    expect(approved.code, approved.output).toBe(0);
    expect(approved.output).toContain('the process running this incident picks the decision up');

    const end = await term.waitFor('succeeded');
    expect(end).toContain('✓ rebuild');
    expect(await term.exitStatus()).toBe(0);
  });
});

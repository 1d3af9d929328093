import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { approvalWorkspace, gateLoopRunbook, gateRunbook } from '../helpers/approvals.js';
import { runIrctl } from '../helpers/cli-process.js';
import { killTerminals, startInTerminal } from '../helpers/terminal.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// The gate prompt of `irctl run` in a real pseudo-terminal (tmux): a gate the run comes back to,
// and a quorum gate after this person's own decision.
afterEach(killTerminals);

type Terminal = Awaited<ReturnType<typeof startInTerminal>>;

/** The screen from the last line showing `marker` on, once it shows `text` there too. */
async function waitForAfter(term: Terminal, marker: string, text: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = await term.screen();
    const from = screen.lastIndexOf(marker);
    if (from >= 0 && screen.slice(from).includes(text)) return screen.slice(from);
    if (Date.now() > deadline) throw new Error(`"${text}" never appeared after "${marker}"; the terminal shows:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const approvalsIn = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT actor, visit, decision FROM approvals ORDER BY visit, at').all();
  } finally {
    db.close();
  }
};

describe('the gate prompt of irctl run on a gate the run comes back to', LONG, () => {
  it('asks again on the second visit, records that approval on visit 2, and asks once more on visit 3', async () => {
    const ws = approvalWorkspace(gateLoopRunbook);
    const term = await startInTerminal([...ws.args, '--as', 'bob', 'run', ws.runbook]);

    await term.waitFor('Decide gate "gate" as bob');
    await term.keys('Enter'); // Approve
    await term.waitFor('Comment (optional)');
    await term.keys('Enter');

    // back at the gate after note: visit 2 must ask again
    const second = await waitForAfter(term, '✓ note', 'Decide gate "gate" as bob');
    expect(second).toContain('approvals so far: none (0 of 1)');
    await term.keys('Enter');
    await term.waitFor('Comment (optional)');
    await term.keys('-l', 'second look');
    await term.keys('Enter');

    await waitForAfter(term, 'second look', 'Decide gate "gate" as bob'); // visit 3
    await term.keys('Down', 'Down', 'Down', 'Enter'); // Detach
    expect(await term.exitStatus()).toBe(3);
    expect(approvalsIn(ws.db)).toEqual([
      { actor: 'bob', visit: 1, decision: 'approve' },
      { actor: 'bob', visit: 2, decision: 'approve' },
    ]);
  });
});

describe('the gate prompt of irctl run after this person has decided', LONG, () => {
  it('offers only wait and detach to an admin who approved a quorum-2 gate, says how many more it needs, and runs on when a second admin approves', async () => {
    const ws = approvalWorkspace(gateRunbook({ quorum: 2 }));
    const term = await startInTerminal([...ws.args, '--as', 'bob', 'run', ws.runbook]);

    await term.waitFor('Decide gate "approve-recovery" as bob');
    await term.keys('Enter'); // Approve
    await term.waitFor('Comment (optional)');
    await term.keys('Enter');

    const after = await term.waitFor('Gate "approve-recovery" waits for someone else');
    expect(after).toContain('approvals so far: bob (1 of 2)');
    expect(after).toContain('you approved; waiting for 1 more approval from admin');
    expect(after).toContain('❯ Wait for someone else');
    expect(after.slice(after.lastIndexOf('waits for someone else'))).not.toContain('Approve');
    expect(after).not.toContain('a quorum needs distinct people');

    await term.keys('Enter'); // Wait for someone else
    await term.waitFor('waiting at "approve-recovery" for someone else to decide');
    const db = new Database(ws.db, { readonly: true });
    const { id } = db.prepare('SELECT id FROM incidents').get() as { id: string };
    db.close();
    const approved = await runIrctl([...ws.args, '--as', 'carol', 'approve', id]);
    expect(approved.code, approved.output).toBe(0);

    await term.waitFor('succeeded');
    expect(await term.exitStatus()).toBe(0);
    expect(approvalsIn(ws.db)).toEqual([
      { actor: 'bob', visit: 1, decision: 'approve' },
      { actor: 'carol', visit: 1, decision: 'approve' },
    ]);
  });
});

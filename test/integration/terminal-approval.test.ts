import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { approvalWorkspace } from '../helpers/approvals.js';
import { killTerminals, startInTerminal } from '../helpers/terminal.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// `irctl run` in a real pseudo-terminal (tmux). Who may not decide a gate is covered by
// terminal-gate-roles.test.ts.
afterEach(killTerminals);

describe('irctl run in a terminal', LONG, () => {
  it('shows what the gate will allow, takes an approval with a comment at the prompt, and runs to the end', async () => {
    const ws = approvalWorkspace();
    const term = await startInTerminal([...ws.args, '--as', 'bob', 'run', ws.runbook]);

    const prompt = await term.waitFor('Decide gate "approve-recovery" as bob');
    expect(prompt).toContain('Recreate web-1 from a clean image');
    expect(prompt).toContain('if approved, next:');
    expect(prompt).toContain('[recovery] rebuild (core.log)');
    expect(prompt).toContain('if rejected: the run stops as failed');

    await term.keys('Enter'); // Approve is the first choice
    await term.waitFor('Comment (optional)');
    await term.keys('-l', 'image hash checked');
    await term.keys('Enter');

    const end = await term.waitFor('succeeded');
    expect(end).toContain('gate approve-recovery approved');
    expect(end).toContain('✓ rebuild');
    expect(await term.exitStatus()).toBe(0);

    const db = new Database(ws.db, { readonly: true });
    expect(db.prepare('SELECT actor, role, decision, comment FROM approvals').all()).toEqual([
      { actor: 'bob', role: 'admin', decision: 'approve', comment: 'image hash checked' },
    ]);
    db.close();
  });
});

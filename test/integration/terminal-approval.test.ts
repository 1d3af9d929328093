import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { IRCTL_BIN } from '../helpers/cli-process.js';
import { approvalWorkspace, gateRunbook } from '../helpers/approvals.js';

// `irctl run` in a real pseudo-terminal: tmux runs it in a detached session; the test types with
// send-keys and reads the screen with capture-pane.
const exec = promisify(execFile);
const sockets: string[] = [];

async function tmux(socket: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  return stdout;
}

async function startInTerminal(args: string[]) {
  const socket = `irctl-test-${process.pid}-${sockets.length}`;
  sockets.push(socket);
  // The exit status goes to a file: tmux (3.3a) does not always keep a dead pane's status.
  const statusFile = join(mkdtempSync(join(tmpdir(), 'irctl-term-')), 'status');
  await tmux(socket, 'new-session', '-d', '-s', 'run', '-x', '120', '-y', '50', 'sh', '-c', `"$0" "$@"; echo $? > '${statusFile}'`, process.execPath, IRCTL_BIN, ...args);
  await tmux(socket, 'set-option', '-t', 'run', 'remain-on-exit', 'on'); // keep the pane to read its exit status
  const screen = () => tmux(socket, 'capture-pane', '-p', '-J', '-t', 'run'); // -J: join wrapped lines
  return {
    screen,
    keys: (...keys: string[]) => tmux(socket, 'send-keys', '-t', 'run', ...keys),
    async waitFor(text: string, timeoutMs = 20_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const shown = await screen();
        if (shown.includes(text)) return shown;
        if (Date.now() > deadline) throw new Error(`"${text}" never appeared on the terminal; it shows:\n${shown}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async exitStatus(timeoutMs = 20_000): Promise<number> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (existsSync(statusFile)) {
          const text = readFileSync(statusFile, 'utf8').trim();
          if (text) return Number(text);
        }
        if (Date.now() > deadline) throw new Error(`irctl did not exit; the terminal shows:\n${await screen()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) await tmux(socket, 'kill-server').catch(() => undefined);
});

describe('irctl run in a terminal', () => {
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
    expect(db.prepare('SELECT actor, role, decision, comment FROM approvals').all()).toEqual([{ actor: 'bob', role: 'admin', decision: 'approve', comment: 'image hash checked' }]);
    db.close();
  });

  it('refuses the initiator at the prompt under separation of duties, asks again, and detach stops with exit 3', async () => {
    const ws = approvalWorkspace(gateRunbook({ separate_from_initiator: true }));
    const term = await startInTerminal([...ws.args, '--as', 'alice', 'run', ws.runbook]);
    await term.waitFor('Decide gate "approve-recovery" as alice');
    await term.keys('Enter');
    await term.waitFor('Comment (optional)');
    await term.keys('Enter');
    const refused = await term.waitFor('(separation of duties)');
    expect(refused.split('Decide gate "approve-recovery" as alice').length).toBeGreaterThanOrEqual(2);

    await term.waitFor('❯ Approve');
    await term.keys('Down', 'Down', 'Down', 'Enter'); // Detach
    await term.waitFor('is waiting for approval at "approve-recovery"');
    expect(await term.exitStatus()).toBe(3);
  });
});

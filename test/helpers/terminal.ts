import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { IRCTL_NODE_ARGS } from './cli-process.js';

// The real CLI in a real pseudo-terminal: tmux runs it in a detached session; a test types with
// send-keys and reads the screen with capture-pane. Call killTerminals() after each test.
const exec = promisify(execFile);
const sockets: string[] = [];
let started = 0; // a fresh socket name each time, even after killTerminals()

async function tmux(socket: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  return stdout;
}

export async function startInTerminal(args: string[]) {
  const socket = `irctl-term-${process.pid}-${started++}`;
  sockets.push(socket);
  // The exit status goes to a file: tmux (3.3a) does not always keep a dead pane's status.
  const statusFile = join(mkdtempSync(join(tmpdir(), 'irctl-term-')), 'status');
  await tmux(
    socket,
    'new-session',
    '-d',
    '-s',
    'run',
    '-x',
    '120',
    '-y',
    '50',
    'sh',
    '-c',
    `"$0" "$@"; echo $? > '${statusFile}'`,
    process.execPath,
    ...IRCTL_NODE_ARGS,
    ...args,
  );
  await tmux(socket, 'set-option', '-t', 'run', 'remain-on-exit', 'on');
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

export async function killTerminals(): Promise<void> {
  for (const socket of sockets.splice(0)) await tmux(socket, 'kill-server').catch(() => undefined);
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const IRCTL_BIN = fileURLToPath(new URL('../../bin/irctl.js', import.meta.url));

/**
 * What follows `node` when a test starts irctl as a process. `--no-opt`: V8's optimizing compiler
 * works on background threads for code a one-shot process runs a few times; turning it off changes
 * no behaviour and saves ~15% of each process's CPU, which on two cores the rest of the suite is
 * waiting for.
 */
export const IRCTL_NODE_ARGS: readonly string[] = ['--no-opt', IRCTL_BIN];

/** irctl as a user runs it, no flags: what a benchmark times (a server under load needs the optimizer). */
export const IRCTL_AS_SHIPPED: readonly string[] = [IRCTL_BIN];

/** Start the real CLI as a child process (for kill -9 and cross-process tests). */
export function spawnIrctl(
  args: string[],
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = IRCTL_NODE_ARGS,
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return Object.assign(child, { output: () => output });
}

/** Run the CLI to completion; resolves with exit code and combined output. */
export function runIrctl(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawnIrctl(args, env);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output: child.output() })));
}

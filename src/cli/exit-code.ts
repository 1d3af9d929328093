import type { Command } from 'commander';

type WithExitCode = Command & { exitCodeResult?: number };

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/** Commands that end with a non-zero code without an error (a failed run) set it here. */
export function setExitCode(command: Command, code: number): void {
  (rootOf(command) as WithExitCode).exitCodeResult = code;
}

/** The code a command set with setExitCode, if any. */
export function exitCodeSet(program: Command): number | undefined {
  return (rootOf(program) as WithExitCode).exitCodeResult;
}

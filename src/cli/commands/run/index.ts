import type { Command } from 'commander';
import { registerRunCommand } from './run.js';
import { registerResumeCommand } from './resume.js';
import { registerAbortCommand } from './abort.js';
import { registerStatusCommands } from './status.js';
import { registerCompletionCommand } from './completion.js';

/** Running incidents: run, resume, abort, incidents, status; and the shell completion script. */
export function registerRunCommands(program: Command): void {
  registerRunCommand(program);
  registerResumeCommand(program);
  registerAbortCommand(program);
  registerStatusCommands(program);
  registerCompletionCommand(program);
}

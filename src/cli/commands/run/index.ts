import type { Command } from 'commander';
import { registerRunCommand } from './run.js';
import { registerResumeCommand } from './resume.js';
import { registerAbortCommand } from './abort.js';
import { registerStatusCommands } from './status.js';
import { registerCompletionCommand } from './completion.js';
import { registerRerunCommand } from './rerun.js';

/** Running incidents: run, resume, rerun, abort, incidents, status; and the shell completion script. */
export function registerRunCommands(program: Command): void {
  registerRunCommand(program);
  registerResumeCommand(program);
  registerAbortCommand(program);
  registerStatusCommands(program);
  registerRerunCommand(program);
  registerCompletionCommand(program);
}

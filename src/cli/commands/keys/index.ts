import type { Command } from 'commander';
import { keysCreateCommand } from './create.js';
import { keysListCommand } from './list.js';
import { keysRevokeCommand } from './revoke.js';

/** `irctl keys create|list|revoke`: API keys for the HTTP side. */
export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('API keys for the HTTP API: create (shown once), list, revoke — admins only');
  for (const command of [keysCreateCommand(), keysListCommand(), keysRevokeCommand()]) {
    // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
    keys.addCommand(command.copyInheritedSettings(keys));
  }
}

import type { Command } from 'commander';
import { decisionCommand } from './decision-command.js';

/** `irctl approve` and `irctl reject`. */
export function registerApprovalCommands(program: Command): void {
  for (const command of [decisionCommand('approve'), decisionCommand('reject')]) {
    // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
    program.addCommand(command.copyInheritedSettings(program));
  }
}

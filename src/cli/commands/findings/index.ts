import type { Command } from 'commander';
import { findingsListCommand } from './list.js';

/** `irctl findings <incident>`. */
export function registerFindingsCommands(program: Command): void {
  // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
  program.addCommand(findingsListCommand().copyInheritedSettings(program));
}

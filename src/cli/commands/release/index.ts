import type { Command } from 'commander';
import { releaseCommand } from './release.js';

/** `irctl release`: undo an incident's containment from the command line. */
export function registerReleaseCommands(program: Command): void {
  // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
  program.addCommand(releaseCommand().copyInheritedSettings(program));
}

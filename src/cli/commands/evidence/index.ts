import type { Command } from 'commander';
import { evidenceLsCommand } from './ls.js';
import { evidencePathCommand } from './path.js';
import { evidenceImagesCommand } from './images.js';

/** `irctl evidence ls|path|images`. */
export function registerEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('the evidence store: captured artifacts, their hashes and whether the files still match');
  for (const command of [evidenceLsCommand(), evidencePathCommand(), evidenceImagesCommand()]) {
    // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
    evidence.addCommand(command.copyInheritedSettings(evidence));
  }
}

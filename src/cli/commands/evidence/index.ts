import type { Command } from 'commander';
import { evidenceLsCommand } from './ls.js';
import { evidencePathCommand } from './path.js';
import { evidenceImagesCommand } from './images.js';

/** `irctl evidence ls|path|images`. */
export function registerEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('the evidence store: captured artifacts, their hashes, whether the files still match, and the forensic images left in the engine');
  for (const command of [evidenceLsCommand(), evidencePathCommand(), evidenceImagesCommand()]) {
    // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
    evidence.addCommand(command.copyInheritedSettings(evidence));
  }
}

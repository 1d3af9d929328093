import type { Command } from 'commander';
import { incidentAnnotateCommand } from './annotate.js';
import { exportCommand } from './export.js';
import { reportCommand } from './report.js';
import { verifyBundleCommand } from './verify-bundle.js';

/** `irctl report`, `irctl export`, `irctl verify-bundle` and `irctl incident annotate`. */
export function registerReportCommands(program: Command): void {
  for (const command of [reportCommand(), exportCommand(), verifyBundleCommand()]) {
    // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
    program.addCommand(command.copyInheritedSettings(program));
  }
  // the `incident` group may be shared with other commands: join it if it exists
  const incident =
    program.commands.find((command) => command.name() === 'incident') ?? program.command('incident').description('one incident: its post-incident review');
  incident.addCommand(incidentAnnotateCommand().copyInheritedSettings(incident));
}

import type { Command } from 'commander';
import { alertsTestCommand } from './test.js';

/** `irctl alerts test` — registered by the alerts module. */
export function registerAlertCommands(program: Command): void {
  const alerts = program.command('alerts').description('alert payloads: parse them and see which runbooks they would start');
  // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
  alerts.addCommand(alertsTestCommand().copyInheritedSettings(alerts));
}

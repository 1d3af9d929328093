import type { Command } from 'commander';
import { serveCommand } from './serve.js';

/** `irctl serve`. */
export function registerServeCommands(program: Command): void {
  // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
  program.addCommand(serveCommand().copyInheritedSettings(program));
}

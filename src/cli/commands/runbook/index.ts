import type { Command } from 'commander';
import { runbookGraphCommand } from './graph.js';
import { runbookListCommand } from './list.js';
import { runbookSchemaCommand } from './schema.js';
import { runbookShowCommand } from './show.js';
import { runbookValidateCommand } from './validate.js';

/** `irctl runbook validate|list|show|graph|schema`: work on runbook files, no database needed. */
export function registerRunbookCommands(program: Command): void {
  const runbook = program.command('runbook').description('runbooks: validate, list, show, graph (Mermaid), JSON Schema');
  for (const command of [runbookValidateCommand(), runbookListCommand(), runbookShowCommand(), runbookGraphCommand(), runbookSchemaCommand()]) {
    // addCommand does not inherit like .command() does: exitOverride and the output sink matter here
    runbook.addCommand(command.copyInheritedSettings(runbook));
  }
}

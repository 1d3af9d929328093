import { Command } from 'commander';
import { relative } from 'node:path';
import { loadRunbooks } from '../../../runbook/load.js';
import type { Runbook, Trigger } from '../../../runbook/schema.js';
import { isParallelStep } from '../../../runbook/schema.js';
import { color, printJson, table } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { runbookDirs } from './runbook-dirs.js';

/** Steps counted as they run: each branch of a parallel group is one. */
export function stepCount(runbook: Runbook): number {
  return runbook.steps.reduce((count, step) => count + (isParallelStep(step) ? step.parallel.length : 1), 0);
}

export function triggerSummary(trigger: Trigger): string {
  const what = trigger.rule ?? trigger.alertname ?? trigger.event ?? trigger.if ?? '*';
  return `${trigger.source}: ${what}`;
}

export function runbookListCommand(): Command {
  return new Command('list')
    .description('the runbooks in the runbook directories (--runbooks), with severity, steps and triggers')
    .action((_options: unknown, command: Command) => {
      const output = commandOutput(command);
      const catalog = loadRunbooks(runbookDirs(command));
      const rows = catalog.runbooks
        .map(({ runbook, file }) => ({
          name: runbook.name,
          severity: runbook.severity,
          steps: stepCount(runbook),
          triggers: runbook.triggers.map(triggerSummary),
          file: relative(process.cwd(), file) || file,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      if (output.json) {
        printJson(output, { runbooks: rows, invalid: catalog.invalid.map(({ file, error }) => ({ file, issues: error.issues })) });
        return;
      }
      for (const { file, error } of catalog.invalid) {
        output.err(`${color.yellow('warning:')} skipped invalid runbook ${file}: ${error.issues.length} problem(s); irctl runbook validate ${file}`);
      }
      if (rows.length === 0) {
        output.out('no runbooks found');
        return;
      }
      output.out(table(['NAME', 'SEVERITY', 'STEPS', 'TRIGGERS', 'FILE'], rows.map((r) => [r.name, r.severity, r.steps, r.triggers.join('; '), r.file])));
    });
}

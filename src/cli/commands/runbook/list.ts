import { Command } from 'commander';
import { relative } from 'node:path';
import { BUILTIN_RUNBOOKS } from '../../../package-files.js';
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

/** Where a runbook file comes from: "built-in" for the shipped ones, else its path. */
export function runbookOrigin(file: string): string {
  if (file.startsWith(`${BUILTIN_RUNBOOKS}/`)) return 'built-in';
  return displayPath(file);
}

/** Relative to the working directory when the file is below it, else absolute. */
function displayPath(file: string): string {
  const near = relative(process.cwd(), file);
  return near && !near.startsWith('..') ? near : file;
}

export function runbookListCommand(): Command {
  return new Command('list')
    .description(
      'the runbooks on the search path (--runbooks dirs, else ./runbooks, then the built-in ones), with severity, steps, triggers and where each comes from; invalid ones with their first problem',
    )
    .action((_options: unknown, command: Command) => {
      const output = commandOutput(command);
      const catalog = loadRunbooks(runbookDirs(command));
      const rows = catalog.runbooks
        .map(({ runbook, file }) => ({
          name: runbook.name,
          valid: true,
          severity: runbook.severity,
          steps: stepCount(runbook),
          triggers: runbook.triggers.map(triggerSummary),
          from: runbookOrigin(file),
          file,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const invalid = catalog.invalid.map(({ file, name, error }) => {
        const first = error.issues[0];
        return {
          name,
          valid: false,
          from: runbookOrigin(file),
          file,
          problems: error.issues.length,
          first_problem: first ? `${displayPath(first.file)}:${first.line}:${first.column}: ${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid',
          issues: error.issues,
        };
      });
      const overridden = catalog.overridden.map(({ file, name, by }) => ({ name, from: runbookOrigin(file), file, by: runbookOrigin(by) }));
      if (output.json) {
        printJson(output, { runbooks: rows, invalid, overridden });
        return;
      }
      if (rows.length === 0 && invalid.length === 0) {
        output.out('no runbooks found');
        return;
      }
      const lines = [
        ...rows.map((r) => [r.name, r.severity, r.steps, r.triggers.join('; '), r.from]),
        ...invalid.map((r) => [r.name, color.red('INVALID'), '-', r.first_problem, r.from]),
      ];
      output.out(table(['NAME', 'SEVERITY', 'STEPS', 'TRIGGERS', 'FROM'], lines));
      for (const r of invalid)
        output.err(
          `${color.yellow('warning:')} ${r.from} is invalid (${r.problems === 1 ? '1 problem' : `${r.problems} problems`}); irctl runbook validate ${r.file}`,
        );
      for (const r of overridden) output.err(`${r.name} from ${r.from} is overridden by ${r.by}`);
    });
}

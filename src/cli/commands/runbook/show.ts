import { Command } from 'commander';
import { stepPhases } from '../../../engine/compile.js';
import { findRunbook } from '../../../runbook/load.js';
import { plural } from '../../../text.js';
import { isApprovalStep, isParallelStep, type Runbook, type Step } from '../../../runbook/schema.js';
import { color, printJson, table } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { stepCount, triggerSummary } from './list.js';
import { runbookDirs } from './runbook-dirs.js';

const SLA: Record<string, string> = { critical: '4h', high: '24h', medium: '1 week', low: '1 month' };

function whatItDoes(step: Step): string {
  if (isApprovalStep(step)) {
    const { roles, quorum, timeout } = step.approval;
    return `approval by ${roles.join('|')}${quorum > 1 ? ` ×${quorum}` : ''}${timeout ? ` within ${timeout}` : ''}`;
  }
  if (isParallelStep(step)) return `parallel: ${step.parallel.map((branch) => branch.id).join(', ')}`;
  return `${step.uses}${step.auto ? ' (auto)' : ''}`;
}

function flowOf(step: Step): string {
  const parts: string[] = [];
  if (step.if !== undefined) parts.push(`if ${step.if}`);
  if (typeof step.next === 'string') parts.push(`next ${step.next}`);
  else if (step.next) parts.push(`next ${step.next.map((branch) => (branch.if ? `${branch.goto} if ${branch.if}` : branch.goto)).join(' | ')}`);
  if (step.on_failure !== 'abort') parts.push(`on failure ${step.on_failure}`);
  if (isApprovalStep(step)) parts.push(`rejected → ${step.approval.on_reject}`);
  return parts.join('; ');
}

function stepRows(runbook: Runbook): string[][] {
  const phases = stepPhases(runbook);
  const rows: string[][] = [];
  runbook.steps.forEach((step, index) => {
    rows.push([String(index + 1), step.id, phases.get(step.id) ?? '', whatItDoes(step), flowOf(step)]);
    if (isParallelStep(step)) {
      for (const branch of step.parallel) rows.push(['', `  ${branch.id}`, '', whatItDoes(branch), flowOf(branch)]);
    }
  });
  return rows;
}

export function runbookShowCommand(): Command {
  return new Command('show')
    .description('a runbook: summary, inputs, triggers and steps')
    .argument('<runbook>', 'runbook name (from the runbook directories) or path to a .yaml file')
    .action((nameOrPath: string, _options: unknown, command: Command) => {
      const output = commandOutput(command);
      const dirs = nameOrPath.endsWith('.yaml') || nameOrPath.endsWith('.yml') ? [] : runbookDirs(command);
      const { runbook, file } = findRunbook(nameOrPath, dirs);
      if (output.json) {
        printJson(output, { file, runbook });
        return;
      }
      output.out(`${color.bold(runbook.name)}  ${runbook.severity} (respond within ${SLA[runbook.severity]})  ${plural(stepCount(runbook), 'step')}  ${file}`);
      if (runbook.description) output.out(runbook.description.trim());
      const inputs = Object.entries(runbook.inputs);
      if (inputs.length > 0) {
        output.out(`\n${color.bold('Inputs')}`);
        output.out(
          table(
            ['NAME', 'TYPE', 'REQUIRED', 'DEFAULT', 'DESCRIPTION'],
            inputs.map(([name, input]) => [
              name,
              input.type,
              input.required ? 'yes' : 'no',
              input.default === undefined ? '' : String(input.default),
              input.description ?? '',
            ]),
          ),
        );
      }
      if (runbook.triggers.length > 0) {
        output.out(`\n${color.bold('Triggers')}`);
        for (const trigger of runbook.triggers) output.out(`  ${triggerSummary(trigger)}${trigger.priority ? ` (priority ${trigger.priority})` : ''}`);
      }
      output.out(`\n${color.bold('Steps')}`);
      output.out(table(['#', 'STEP', 'PHASE', 'DOES', 'FLOW'], stepRows(runbook)));
    });
}

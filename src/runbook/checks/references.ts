import { describeValue, didYouMean, type Problem } from '../problem.js';
import { formatPath } from '../positions.js';
import { isApprovalStep, type Runbook } from '../schema.js';
import { stepEntries, type StepEntry } from './steps.js';

// Step ids are unique (branches of parallel groups included) and every jump names a step a run
// can go to: a top-level step, or one of the outcomes allowed at that place.

export function checkReferences(runbook: Runbook): Problem[] {
  const entries = stepEntries(runbook);
  return [...duplicateIds(entries), ...danglingReferences(runbook, entries)];
}

function duplicateIds(entries: StepEntry[]): Problem[] {
  const firstUse = new Map<string, StepEntry>();
  const problems: Problem[] = [];
  for (const entry of entries) {
    const first = firstUse.get(entry.step.id);
    if (first) {
      problems.push({ path: [...entry.path, 'id'], message: `duplicate step id "${entry.step.id}": already used by ${formatPath(first.path)}` });
    } else {
      firstUse.set(entry.step.id, entry);
    }
  }
  return problems;
}

function danglingReferences(runbook: Runbook, entries: StepEntry[]): Problem[] {
  const topLevel = new Set(runbook.steps.map((step) => step.id));
  const branchOf = new Map(entries.filter((entry) => entry.group).map((entry) => [entry.step.id, entry.group!.id]));
  const problems: Problem[] = [];
  const check = (name: string, outcomes: readonly string[], path: (string | number)[]) => {
    if (outcomes.includes(name) || topLevel.has(name)) return;
    const group = branchOf.get(name);
    if (group !== undefined) {
      problems.push({ path, message: `step "${name}" is a branch of parallel group "${group}": jump to the group "${group}" instead` });
      return;
    }
    const expected = `${outcomes.join(', ')} or a step id`;
    problems.push({ path, message: `unknown step ${describeValue(name)}${didYouMean(name, topLevel)}; expected ${expected}` });
  };

  for (const entry of entries) {
    const { step, path } = entry;
    if (entry.group && step.next !== undefined) {
      problems.push({
        path: [...path, 'next'],
        message: `a branch of parallel group "${entry.group.id}" cannot jump: the group goes on as one; put next on the group`,
      });
      continue;
    }
    if (typeof step.next === 'string') check(step.next, ['end'], [...path, 'next']);
    else step.next?.forEach((branch, index) => check(branch.goto, ['end'], [...path, 'next', index, 'goto']));
    check(step.on_failure, ['abort', 'continue', 'rollback'], [...path, 'on_failure']);
    if (isApprovalStep(step)) {
      check(step.approval.on_reject, ['abort', 'continue', 'rollback'], [...path, 'approval', 'on_reject']);
      check(step.approval.on_timeout, ['abort', 'continue'], [...path, 'approval', 'on_timeout']);
    }
  }
  return problems;
}

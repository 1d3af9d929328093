import { isParallelStep, type ActionStep, type Runbook, type Step } from '../schema.js';

/** A step with where it sits: top-level steps and the branches of parallel groups. */
export interface StepEntry {
  step: Step;
  path: (string | number)[]; // ['steps', 2] or ['steps', 2, 'parallel', 0]
  order: number; // index of the top-level step (a branch shares its group's)
  group?: Step; // the parallel group holding a branch
}

export function stepEntries(runbook: Pick<Runbook, 'steps'>): StepEntry[] {
  const entries: StepEntry[] = [];
  runbook.steps.forEach((step, order) => {
    entries.push({ step, path: ['steps', order], order });
    if (isParallelStep(step)) {
      step.parallel.forEach((branch: ActionStep, index) => {
        entries.push({ step: branch, path: ['steps', order, 'parallel', index], order, group: step });
      });
    }
  });
  return entries;
}

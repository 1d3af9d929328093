import { buildFlow, loopsWithNoWayOut, unreachableSteps } from '../flow.js';
import type { Problem } from '../problem.js';
import type { Runbook } from '../schema.js';

/** Steps no run can reach, and `next` loops a run could never leave. */
export function checkFlow(runbook: Runbook): Problem[] {
  const flow = buildFlow(runbook);
  const problems: Problem[] = [];
  for (const index of unreachableSteps(flow)) {
    const before = runbook.steps[index - 1];
    const why = before?.next !== undefined ? ` (step "${before.id}" before it always jumps away with next)` : '';
    problems.push({
      path: ['steps', index],
      message: `step "${runbook.steps[index]!.id}" can never run${why}: no step continues to it and no next, on_failure, on_reject or on_timeout names it`,
    });
  }
  for (const loop of loopsWithNoWayOut(flow)) {
    const ids = loop.map((index) => `"${runbook.steps[index]!.id}"`).join(', ');
    const jump = flow.edges.find((edge) => edge.kind === 'next' && loop.includes(edge.from));
    problems.push({
      path: jump?.source ?? ['steps', loop[0]!],
      message: `loop with no way out: steps ${ids} only ever lead to each other; let one of them leave: a next entry with an if, next: end, or an approval gate`,
    });
  }
  return problems;
}

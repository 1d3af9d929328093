import { findAction, actionNames } from '../../actions/registry.js';
import { hasExpression } from '../expressions.js';
import { describeValue, didYouMean, valueAt, type Problem } from '../problem.js';
import { isActionStep, type Runbook } from '../schema.js';
import { schemaKeys, schemaProblems } from '../schema-issues.js';
import { stepEntries } from './steps.js';

/** Every `uses` names a registered action, every `with` fits that action's parameters, and
 *  `auto` is only set on actions that may run without a human. */
export function checkActions(runbook: Runbook): Problem[] {
  const problems: Problem[] = [];
  for (const { step, path } of stepEntries(runbook)) {
    if (!isActionStep(step)) continue;
    const action = findAction(step.uses);
    if (!action) {
      problems.push({
        path: [...path, 'uses'],
        message: `unknown action ${describeValue(step.uses)}${didYouMean(step.uses, actionNames())}; see irctl actions list`,
      });
      continue;
    }
    const parsed = action.params.safeParse(step.with);
    if (!parsed.success) {
      // a value written as an expression is only known at run time: its type is checked then
      const decided = parsed.error.issues.filter((issue) => !passesThroughExpression(step.with, issue.path as (string | number)[]));
      problems.push(...schemaProblems(decided, runbook, schemaKeys(action.params), [...path, 'with']));
    }
    if (step.auto && !action.auto) {
      problems.push({
        path: [...path, 'auto'],
        message: `action "${action.name}" may not run automatically: it needs a human to start it; remove auto: true`,
      });
    }
  }
  return problems;
}

function passesThroughExpression(params: unknown, path: (string | number)[]): boolean {
  for (let length = 1; length <= path.length; length++) {
    const value = valueAt(params, path.slice(0, length));
    if (typeof value === 'string' && hasExpression(value)) return true;
  }
  return false;
}

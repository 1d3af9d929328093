import type { Problem } from '../problem.js';
import type { Runbook } from '../schema.js';
import { checkActions } from './actions.js';
import { checkExpressions } from './expressions.js';
import { checkFlow } from './flow.js';
import { checkInputs } from './inputs.js';
import { checkReferences } from './references.js';

/** The static checks on a runbook that fits the schema, all of them in one pass (reachability and
 *  loops only with `flow`, which a caller that edited the runbook's flow turns off). */
export function checkRunbook(runbook: Runbook, options: { flow?: boolean } = {}): Problem[] {
  return [
    ...checkInputs(runbook),
    ...checkActions(runbook),
    ...checkReferences(runbook),
    ...(options.flow === false ? [] : checkFlow(runbook)),
    ...checkExpressions(runbook),
  ];
}

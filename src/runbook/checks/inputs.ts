import { describeValue, didYouMean, type Problem } from '../problem.js';
import type { Runbook } from '../schema.js';

/** Inputs are consistent: a pattern compiles and applies to a string, a default fits its type and
 *  pattern, and triggers only set declared inputs. */
export function checkInputs(runbook: Runbook): Problem[] {
  const problems: Problem[] = [];
  for (const [name, input] of Object.entries(runbook.inputs)) {
    const path = ['inputs', name];
    let pattern: RegExp | undefined;
    if (input.pattern !== undefined) {
      if (input.type !== 'string') {
        problems.push({ path: [...path, 'pattern'], message: `pattern applies only to string inputs, but input "${name}" is a ${input.type}` });
      }
      try {
        pattern = new RegExp(input.pattern);
      } catch (error) {
        problems.push({ path: [...path, 'pattern'], message: `pattern is not a valid regular expression: ${(error as Error).message}` });
      }
    }
    if (input.default === undefined) continue;
    if (typeof input.default !== input.type) {
      problems.push({
        path: [...path, 'default'],
        message: `default ${describeValue(input.default)} is not a ${input.type} (input "${name}" has type ${input.type})`,
      });
    } else if (pattern && typeof input.default === 'string' && !pattern.test(input.default)) {
      problems.push({ path: [...path, 'default'], message: `default ${describeValue(input.default)} does not match the input's pattern ${input.pattern}` });
    }
  }
  const declared = Object.keys(runbook.inputs);
  runbook.triggers.forEach((trigger, index) => {
    for (const name of Object.keys(trigger.inputs)) {
      if (declared.includes(name)) continue;
      problems.push({
        path: ['triggers', index, 'inputs', name],
        atKey: true,
        message: `trigger sets input "${name}" that the runbook does not declare${didYouMean(name, declared)}`,
      });
    }
  });
  return problems;
}

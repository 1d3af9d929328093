import { UsageError } from '../errors.js';
import { checkRunbookInputs, type InputValue } from '../runbook/inputs.js';
import type { Runbook } from '../runbook/schema.js';

/** Check and type the inputs of a run (defaults, required, types, patterns); refuse with every problem. */
export function resolveInputs(runbook: Runbook, given: Record<string, unknown>): Record<string, InputValue> {
  const checked = checkRunbookInputs(runbook, given);
  if (checked.problems.length) throw new UsageError(checked.problems.join('\n'), { hint: `irctl runbook show ${runbook.name} lists its inputs` });
  return checked.inputs;
}

/** `--input k=v` pairs into an object. */
export function parseInputPairs(pairs: readonly string[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input expects name=value, got "${pair}"`);
    inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return inputs;
}

import type { Runbook } from './schema.js';

export type InputValue = string | number | boolean;

export interface CheckedInputs {
  inputs: Record<string, InputValue>;
  /** Why the runbook could not start with these inputs; empty when it can. */
  problems: string[];
}

function coerce(name: string, value: InputValue, type: 'string' | 'number' | 'boolean'): InputValue | { problem: string } {
  if (type === 'string') return String(value);
  if (type === 'number') {
    const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return Number.isFinite(number) ? number : { problem: `input "${name}" must be a number, got ${JSON.stringify(value)}` };
  }
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return { problem: `input "${name}" must be true or false, got ${JSON.stringify(value)}` };
}

/**
 * Check values mapped from an alert against the runbook's declared inputs: defaults applied,
 * required ones present, types coerced ("42" → 42 for a number), patterns matched, and no values
 * for inputs the runbook does not declare.
 */
export function checkRunbookInputs(runbook: Runbook, values: Record<string, unknown>): CheckedInputs {
  const inputs: Record<string, InputValue> = {};
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(runbook.inputs, name)) problems.push(`input "${name}" is not declared by runbook "${runbook.name}"`);
  }
  for (const [name, declared] of Object.entries(runbook.inputs)) {
    const given = Object.hasOwn(values, name) ? values[name] : undefined;
    const value = given === undefined || given === null || given === '' ? declared.default : given;
    if (value === undefined) {
      if (declared.required)
        problems.push(
          `required input "${name}" has no value${declared.description ? ` (${declared.description})` : ''}: give it with --input ${name}=…, or map it from the alert in the trigger`,
        );
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      problems.push(`input "${name}" resolved to ${Array.isArray(value) ? 'a list' : 'an object'}, not a ${declared.type}`);
      continue;
    }
    const coerced = coerce(name, value, declared.type);
    if (typeof coerced === 'object') {
      problems.push(coerced.problem);
      continue;
    }
    if (declared.pattern !== undefined && !patternMatches(declared.pattern, String(coerced))) {
      problems.push(`input "${name}" value ${JSON.stringify(coerced)} does not match the pattern /${declared.pattern}/`);
      continue;
    }
    inputs[name] = coerced;
  }
  return { inputs, problems };
}

function patternMatches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false; // an invalid pattern is a runbook error the static checks report; here it never matches
  }
}

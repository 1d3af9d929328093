import { UsageError } from '../errors.js';
import type { Runbook } from '../runbook/schema.js';

/** Check and type the inputs of a run against the runbook's declared inputs, applying defaults. */
export function resolveInputs(runbook: Runbook, given: Record<string, unknown>): Record<string, string | number | boolean> {
  const problems: string[] = [];
  const resolved: Record<string, string | number | boolean> = {};
  for (const name of Object.keys(given)) {
    if (!(name in runbook.inputs)) problems.push(`unknown input "${name}" (runbook ${runbook.name} declares: ${Object.keys(runbook.inputs).join(', ') || 'none'})`);
  }
  for (const [name, spec] of Object.entries(runbook.inputs)) {
    const raw = given[name] ?? spec.default;
    if (raw === undefined || raw === '') {
      if (spec.required) problems.push(`input "${name}" is required${spec.description ? ` (${spec.description})` : ''}`);
      continue;
    }
    const value = coerce(raw, spec.type);
    if (value === undefined) {
      problems.push(`input "${name}" must be a ${spec.type}, got ${JSON.stringify(raw)}`);
      continue;
    }
    if (spec.pattern && typeof value === 'string' && !new RegExp(spec.pattern).test(value)) {
      problems.push(`input "${name}" = ${JSON.stringify(value)} does not match ${spec.pattern}`);
      continue;
    }
    resolved[name] = value;
  }
  if (problems.length) throw new UsageError(problems.join('\n'), { hint: `irctl runbook show ${runbook.name} lists its inputs` });
  return resolved;
}

function coerce(raw: unknown, type: 'string' | 'number' | 'boolean'): string | number | boolean | undefined {
  if (type === 'string') return typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
  if (type === 'number') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return undefined;
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

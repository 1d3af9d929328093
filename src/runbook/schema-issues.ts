import type { z } from 'zod';
import type { SourcePath } from './positions.js';
import { describeValue, didYouMean, valueAt, type Problem } from './problem.js';

// Turns zod's issues into problems a responder can act on: what was found, what was expected,
// pointed at the offending key or value. Zod's own wording ("Invalid input") is too vague for a
// runbook author, and a step union reports every branch; here the branch the author meant is chosen.

type Issue = z.core.$ZodIssue;

/** The keys that distinguish the kinds of step, in the order of the step union's branches. */
const STEP_KINDS = ['uses', 'approval', 'parallel'] as const;

/** Unions whose failure is explained by the key that holds them. */
const UNION_EXPECTATIONS: Record<string, string> = {
  next: 'expected a step id, "end", or a list of { if, goto }',
  default: 'expected a string, a number or a boolean',
  on_failure: 'expected abort, continue, rollback or a step id',
};

export function schemaProblems(issues: readonly Issue[], data: unknown, knownKeys: ReadonlySet<string>, base: SourcePath = []): Problem[] {
  return issues.flatMap((issue) => problemsOf(issue, data, knownKeys, base));
}

function problemsOf(issue: Issue, data: unknown, knownKeys: ReadonlySet<string>, base: SourcePath): Problem[] {
  const path: SourcePath = [...base, ...(issue.path as (string | number)[])];
  const value = valueAt(data, path);
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) {
        const key = path[path.length - 1];
        return [{ path, message: `missing required key "${String(key)}" (expected ${article(issue.expected)})` }];
      }
      return [{ path, message: `expected ${article(issue.expected)}, got ${describeValue(value)}` }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `unknown key ${describeValue(key)}${didYouMean(key, knownKeys)}`,
      }));
    case 'invalid_value': {
      const options = issue.values.map((option) => JSON.stringify(option));
      const expected = options.length === 1 ? options[0] : `one of ${options.join(', ')}`;
      if (value === undefined) return [{ path, message: `missing required key "${String(path[path.length - 1])}" (expected ${expected})` }];
      const choices = issue.values.filter((option): option is string => typeof option === 'string');
      const hint = typeof value === 'string' ? didYouMean(value, choices) : '';
      return [{ path, message: `expected ${expected}, got ${describeValue(value)}${hint}` }];
    }
    case 'invalid_union':
      return unionProblems(issue, path, value, data, knownKeys);
    case 'invalid_key': {
      const reason = issue.issues.map((inner) => inner.message).join('; ');
      return [{ path, atKey: true, message: `key ${describeValue(String(path[path.length - 1]))} is not allowed: ${reason}` }];
    }
    case 'invalid_element':
      return [{ path, message: issue.message }];
    case 'too_small':
      return [{ path, message: `${sizeMessage('at least', issue.origin, issue.minimum, issue.inclusive)}, got ${describeSize(value)}` }];
    case 'too_big':
      return [{ path, message: `${sizeMessage('at most', issue.origin, issue.maximum, issue.inclusive)}, got ${describeSize(value)}` }];
    case 'invalid_format': {
      const expected = issue.message.startsWith('Invalid') ? `expected text matching ${issue.pattern ?? issue.format}` : issue.message;
      return [{ path, message: `${expected}, got ${describeValue(value)}` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

function unionProblems(issue: Issue & { code: 'invalid_union' }, path: SourcePath, value: unknown, data: unknown, knownKeys: ReadonlySet<string>): Problem[] {
  const branches = issue.errors;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && branches.length === STEP_KINDS.length) {
    const present = STEP_KINDS.filter((kind) => Object.prototype.hasOwnProperty.call(value, kind));
    if (present.length === 1) {
      return schemaProblems(branches[STEP_KINDS.indexOf(present[0]!)]!, data, knownKeys, path);
    }
    if (present.length > 1) {
      return [{ path: [...path, present[1]!], atKey: true, message: `a step has exactly one of uses, approval or parallel; found ${present.join(' and ')}` }];
    }
    return [{ path, message: 'expected a step with uses (run an action), approval (wait for a human) or parallel (a group of actions)' }];
  }
  // a branch that failed only below the top level is the shape the author chose: report its details
  const matchedShape = branches.filter((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0));
  if (matchedShape.length === 1) return schemaProblems(matchedShape[0]!, data, knownKeys, path);
  const key = path[path.length - 1];
  const expected = typeof key === 'string' && UNION_EXPECTATIONS[key] ? UNION_EXPECTATIONS[key] : `expected ${unionExpectation(branches)}`;
  return [{ path, message: `${expected}, got ${describeValue(value)}` }];
}

function unionExpectation(branches: readonly (readonly Issue[])[]): string {
  const expected = new Set<string>();
  for (const branch of branches) {
    for (const inner of branch) {
      if (inner.code === 'invalid_type') expected.add(article(inner.expected));
      else if (inner.code === 'invalid_value') for (const option of inner.values) expected.add(JSON.stringify(option));
    }
  }
  return expected.size > 0 ? [...expected].join(' or ') : 'a different value';
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    record: 'a mapping',
  };
  return names[type] ?? type;
}

function sizeMessage(bound: string, origin: string, limit: number | bigint, inclusive: boolean | undefined): string {
  const amount = Number(limit) + (inclusive === false ? (bound === 'at least' ? 1 : -1) : 0);
  if (origin === 'array' || origin === 'set') return `expected ${bound} ${amount} item${amount === 1 ? '' : 's'}`;
  if (origin === 'string') return `expected ${bound} ${amount} character${amount === 1 ? '' : 's'}`;
  return `expected a number ${bound === 'at least' ? '≥' : '≤'} ${Number(limit)}${inclusive === false ? ' (exclusive)' : ''}`;
}

function describeSize(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  return describeValue(value);
}

/** Every object key a schema knows, for "did you mean" on unknown keys. */
export function schemaKeys(schema: z.core.$ZodType, into = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  if (seen.has(schema)) return into;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const visit = (inner: unknown) => {
    if (inner && typeof inner === 'object' && '_zod' in inner) schemaKeys(inner as z.core.$ZodType, into, seen);
  };
  if (def.type === 'object') {
    const shape = def.shape as Record<string, unknown>;
    for (const [key, inner] of Object.entries(shape)) {
      into.add(key);
      visit(inner);
    }
  }
  for (const field of ['innerType', 'element', 'valueType', 'in', 'out']) visit(def[field]);
  if (Array.isArray(def.options)) def.options.forEach(visit);
  return into;
}

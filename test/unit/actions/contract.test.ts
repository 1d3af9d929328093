import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PHASES } from '../../../src/actions/contract.js';
import { actions, findAction } from '../../../src/actions/registry.js';
import { loadRunbook } from '../../../src/runbook/load.js';

// The registry's promise (src/actions/registry.ts, contract.ts): every action is fully described
// by its definition, so the runbook schema, `irctl actions` and docs/actions.md can be made from it.

/** Containment acts that cannot be taken back: a stopped or killed process does not come back. */
const IRREVERSIBLE = new Set(['docker.stop', 'docker.kill']);

const ROUTES = new Set(['abort', 'rollback', 'continue']);

/** An example step inside the smallest runbook that gives it the `container` input it reads and
 *  a step for each step id it routes to (`on_failure: isolate`). */
function runbookAround(example: string, name: string): string {
  const step = (parseYaml(example) as Record<string, unknown>[])[0] ?? {};
  const targets = ['on_failure', 'on_timeout', 'on_reject', 'next'].map((key) => step[key]).filter((v): v is string => typeof v === 'string' && !ROUTES.has(v));
  return [
    'apiVersion: irctl/v1',
    'kind: Runbook',
    `name: contract-${name.replace('.', '-')}`,
    'description: the example step of one action',
    'severity: low',
    'inputs:',
    '  container: { required: true }',
    'steps:',
    ...example.split('\n').map((line) => `  ${line}`),
    ...targets.map((target) => `  - { id: ${target}, uses: core.log, with: { message: routed here } }`),
    '',
  ].join('\n');
}

describe('the action registry', () => {
  it('names each action once, as group.verb, and finds it by name', () => {
    const names = actions.map((action) => action.name);
    expect(new Set(names).size).toBe(names.length);
    for (const action of actions) {
      expect(action.name).toMatch(/^[a-z]+\.[a-z][a-z-]*$/);
      expect(findAction(action.name)).toBe(action);
    }
  });

  describe.each(actions.map((action) => [action.name, action] as const))('%s', (name, action) => {
    it('has a one-line summary and a known phase', () => {
      expect(action.summary.trim()).not.toBe('');
      expect(action.summary).not.toContain('\n');
      expect([...PHASES, 'core', 'notify']).toContain(action.phase);
    });

    it('has a params schema of an object that JSON Schema can describe, refusing unknown keys', () => {
      expect(action.params).toBeInstanceOf(z.ZodType);
      const schema = z.toJSONSchema(action.params, { io: 'input', unrepresentable: 'any' }) as { type?: string; additionalProperties?: unknown };
      expect(schema.type).toBe('object');
      expect(action.params.safeParse({ no_such_parameter_x: 1 }).success).toBe(false);
    });

    it('has an example that is one step using this action, valid in a runbook', () => {
      const steps = parseYaml(action.example) as unknown;
      expect(Array.isArray(steps) && steps.length === 1).toBe(true);
      expect((steps as { uses?: string }[])[0]!.uses).toBe(name);
      expect(() => loadRunbook(runbookAround(action.example, name), `${name}.example.yaml`)).not.toThrow();
    });

    it('keeps its flags consistent: auto only for idempotent actions, requirements spelled as area.verb', () => {
      if (action.auto) expect(action.idempotent).toBe(true);
      for (const requirement of action.requires) expect(requirement).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
    });

    it('can be undone when it contains, unless it is one of the acts that cannot be taken back', () => {
      if (action.phase === 'containment' && !IRREVERSIBLE.has(name)) expect(typeof action.undo).toBe('function');
      if (IRREVERSIBLE.has(name)) expect(action.undo).toBeUndefined();
      if (action.undo) expect(action.phase).toMatch(/^(containment|recovery|evidence)$/);
    });
  });
});

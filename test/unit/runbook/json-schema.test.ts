import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionNames } from '../../../src/actions/registry.js';
import { RunbookInvalidError } from '../../../src/errors.js';
import { runbookJsonSchema } from '../../../src/runbook/json-schema.js';
import { loadRunbook } from '../../../src/runbook/load.js';

// The emitted JSON Schema is checked with a real validator (ajv, draft 2020-12, strict mode) and
// must agree with the loader: what loads passes the schema; what the schema could know is wrong
// (types, keys, unknown actions, action parameters) it refuses too.

const FIXTURES = fileURLToPath(new URL('../../fixtures/runbooks/', import.meta.url));
const SHIPPED = fileURLToPath(new URL('../../../runbooks/', import.meta.url));
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, validateFormats: false });
const validate = ajv.compile(runbookJsonSchema());

function fixtures(folder: string): [string, string][] {
  return readdirSync(join(FIXTURES, folder))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => [file, readFileSync(join(FIXTURES, folder, file), 'utf8')]);
}

/** Invalid fixtures whose problem is one of shape, which a JSON Schema can see. */
const SHAPE_PROBLEMS = [
  'bad-duration.yaml',
  'bad-next-type.yaml',
  'bad-runbook-name.yaml',
  'bad-severity.yaml',
  'bad-step-id.yaml',
  'empty-steps.yaml',
  'injection-proto-key.yaml',
  'injection-terminal-escape.yaml',
  'input-bad-name.yaml',
  'missing-steps.yaml',
  'retry-too-many.yaml',
  'step-two-kinds.yaml',
  'step-without-kind.yaml',
  'top-level-list.yaml',
  'top-level-scalar.yaml',
  'trigger-unknown-source.yaml',
  'unknown-action.yaml',
  'unknown-step-key.yaml',
  'unknown-top-key.yaml',
  'with-missing-param.yaml',
  'with-unknown-param.yaml',
  'with-wrong-type.yaml',
  'wrong-api-version.yaml',
  'wrong-kind.yaml',
  'wrong-type-auto.yaml',
];

describe('runbookJsonSchema', () => {
  it('is a draft 2020-12 schema that a strict validator compiles', () => {
    const schema = runbookJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it('lists every registered action for uses', () => {
    expect(JSON.stringify(runbookJsonSchema())).toContain(JSON.stringify(actionNames()));
  });

  it.each(fixtures('valid'))('accepts %s, which the loader accepts', (_file, source) => {
    loadRunbook(source, _file);
    expect(validate(parse(source)), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(fixtures('invalid').filter(([file]) => SHAPE_PROBLEMS.includes(file)))('refuses %s, which the loader refuses', (file, source) => {
    expect(() => loadRunbook(source, file)).toThrow(RunbookInvalidError);
    expect(validate(parse(source) ?? null)).toBe(false);
  });

  it('accepts a parameter written as an expression whatever type the action expects, as the loader does', () => {
    const source = `apiVersion: irctl/v1
kind: Runbook
name: t
severity: low
inputs: { cmd: { required: true } }
steps:
  - id: host
    uses: exec.host
    with: { command: "\${{ inputs.cmd }}", allow_failure: "\${{ inputs.cmd }}" }
`;
    loadRunbook(source, 'expression.yaml');
    expect(validate(parse(source)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('is what runbooks/runbook.schema.json holds (regenerate with irctl runbook schema -o runbooks/runbook.schema.json)', () => {
    expect(JSON.parse(readFileSync(join(SHIPPED, 'runbook.schema.json'), 'utf8'))).toEqual(runbookJsonSchema());
  });

  it('validates every shipped runbook and every valid fixture, as the loader does', () => {
    const files = [
      ...readdirSync(SHIPPED, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(SHIPPED, f)),
      ...readdirSync(join(FIXTURES, 'valid')).map((f) => join(FIXTURES, 'valid', f)),
    ];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      loadRunbook(source, file);
      expect(validate(parse(source)), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('checks with against the action named in uses, also inside a parallel group', () => {
    const runbook = (params: string) => ({
      apiVersion: 'irctl/v1',
      kind: 'Runbook',
      name: 't',
      severity: 'low',
      steps: [
        {
          id: 'g',
          parallel: [
            { id: 'a', uses: 'core.sleep', with: JSON.parse(params) },
            { id: 'b', uses: 'core.log', with: { message: 'x' } },
          ],
        },
      ],
    });
    expect(validate(runbook('{"duration":"1s"}'))).toBe(true);
    expect(validate(runbook('{"message":"1s"}'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { RunbookInvalidError } from '../../../src/errors.js';
import { loadRunbook } from '../../../src/runbook/load.js';

function problems(source: string): string[] {
  try {
    loadRunbook(source, 'rb.yaml');
  } catch (error) {
    if (error instanceof RunbookInvalidError) return error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`);
    throw error;
  }
  throw new Error('the runbook loaded');
}

const HEAD = 'apiVersion: irctl/v1\nkind: Runbook\nname: rb\nseverity: low\ninputs:\n  container: { required: true }\nsteps:\n';

describe('one validate run reports schema and static problems together', () => {
  it('a wrong type, a duplicate id and an unknown action in one file are all reported', () => {
    const found = problems(
      `${HEAD}  - id: a\n    uses: core.log\n    auto: yes please\n    with: { message: hi }\n  - id: a\n    uses: docker.isolat\n    with: { container: x }\n`,
    );
    expect(found).toEqual([
      '10:11 expected true or false, got "yes please"',
      '12:9 duplicate step id "a": already used by steps[0]',
      '13:11 unknown action "docker.isolat" (did you mean "docker.isolate"?); see irctl actions list',
    ]);
  });

  it('an unknown key and a bad expression elsewhere are both reported', () => {
    const found = problems(`${HEAD}  - id: a\n    uses: core.log\n    on_falure: continue\n    with: { message: "\${{ inputs.containr }}" }\n`);
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('unknown key "on_falure"');
    expect(found[1]).toContain('input "containr" is not declared');
  });

  it('does not judge the flow once a flow key was taken out: a removed if does not make a loop with no way out', () => {
    const found = problems(`${HEAD}  - id: a\n    uses: core.log\n    with: { message: hi }\n    next:\n      - if: 5\n        goto: a\n      - goto: end\n`);
    expect(found).toEqual(['12:13 expected a string, got 5']);
  });

  it('reports only the schema problem when the fix would be a guess: a step with two kinds', () => {
    const found = problems(`${HEAD}  - id: a\n    uses: core.log\n    approval: { roles: [admin] }\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('a step has exactly one of uses, approval or parallel');
  });
});

describe('a bad value in a required top-level key', () => {
  it('does not hide the problems in the steps: a severity typo and an unknown action are both reported', () => {
    const found = problems(HEAD.replace('severity: low', 'severity: critcal') + '  - id: a\n    uses: docker.isolat\n    with: { container: x }\n');
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('got "critcal"');
    expect(found[1]).toContain('unknown action "docker.isolat"');
  });

  it('nor when the key is missing altogether', () => {
    const found = problems(HEAD.replace('severity: low\n', '') + '  - id: a\n    uses: docker.isolat\n    with: { container: x }\n');
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('missing required key "severity"');
    expect(found[1]).toContain('unknown action "docker.isolat"');
  });

  it('but a missing steps list is not invented: only the schema problem is reported', () => {
    const found = problems('apiVersion: irctl/v1\nkind: Runbook\nname: rb\nseverity: critcal\n');
    expect(found.some((line) => line.includes('missing required key "steps"'))).toBe(true);
  });
});

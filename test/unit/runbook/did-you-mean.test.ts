import { describe, expect, it } from 'vitest';
import { RunbookInvalidError } from '../../../src/errors.js';
import { loadRunbook } from '../../../src/runbook/load.js';

const withParams = (uses: string, params: string) =>
  `apiVersion: irctl/v1\nkind: Runbook\nname: t\nseverity: low\nsteps:\n  - id: a\n    uses: ${uses}\n    with: { container: web, ${params} }\n`;

function problems(source: string): string[] {
  try {
    loadRunbook(source, 't.yaml');
  } catch (error) {
    if (error instanceof RunbookInvalidError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('did you mean, for action parameters', () => {
  it('points timeout on docker.stop at grace_period', () => {
    expect(problems(withParams('docker.stop', 'timeout: 5s'))).toEqual(['steps[0].with.timeout: unknown key "timeout" (did you mean "grace_period"?)']);
  });

  it('still suggests by spelling first, and says nothing when no key is close', () => {
    expect(problems(withParams('docker.stop', 'grace_perod: 5s'))).toEqual([
      'steps[0].with.grace_perod: unknown key "grace_perod" (did you mean "grace_period"?)',
    ]);
    expect(problems(withParams('docker.stop', 'flavour: 5s'))).toEqual(['steps[0].with.flavour: unknown key "flavour"']);
  });
});

import { describe, expect, it } from 'vitest';
import { RunbookInvalidError } from '../../../src/errors.js';
import { loadRunbook } from '../../../src/runbook/load.js';

const runbook = (withBlock: string) => `apiVersion: irctl/v1
kind: Runbook
name: params
severity: low
steps:
  - id: scan
    uses: investigate.grep
    with:
${withBlock}
`;

function issues(text: string) {
  try {
    loadRunbook(text, 'params.yaml');
  } catch (error) {
    if (error instanceof RunbookInvalidError) return error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('investigation parameters are checked when the runbook loads', () => {
  it('reports a regex that does not compile at its line and column', () => {
    expect(issues(runbook("      patterns: ['ok', '(unclosed']"))).toEqual([
      '9:24 steps[0].with.patterns[1]: Invalid regular expression: /(unclosed/u: Unterminated group',
    ]);
  });

  it('refuses a pattern with a quantified group inside a quantifier, which evidence could make run for hours', () => {
    expect(issues(runbook("      patterns: ['(a+)+$', 'Failed password']"))).toEqual([
      '9:18 steps[0].with.patterns[0]: a quantifier inside a quantified group (such as (a+)+) can take exponential time on a crafted line: rewrite it without the nesting',
    ]);
  });

  it('reports an IP address, domain or hash that is not one', () => {
    const found = issues(runbook("      ips: [10.0.0.300]\n      domains: ['no spaces.example']\n      hashes: [abc]"));
    expect(found.map((issue) => issue.split(': ')[0])).toEqual([
      '9:13 steps[0].with.ips[0]',
      '10:17 steps[0].with.domains[0]',
      '11:16 steps[0].with.hashes[0]',
    ]);
  });

  it('accepts a runbook pattern written as an expression, checked when the step runs', () => {
    const withInput = runbook('      patterns: ["${{ inputs.pattern }}"]').replace('steps:', 'inputs:\n  pattern: { default: "a(" }\nsteps:');
    expect(issues(withInput)).toEqual([]);
  });
});

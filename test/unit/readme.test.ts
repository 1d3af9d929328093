import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRunbook } from '../../src/runbook/load.js';

const README = new URL('../../README.md', import.meta.url);

describe('README', () => {
  it('shows a runbook that irctl accepts', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf('apiVersion: irctl/v1');
    const runbookYaml = text.slice(start, text.indexOf('```', start));
    expect(loadRunbook(runbookYaml, 'README.md').runbook.name).toBe('shell-in-container');
  });

  it('gives the test command that CI runs', () => {
    expect(readFileSync(README, 'utf8')).toContain('npm test');
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toMatch(/^npm test$/m);
  });
});

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

describe('README: Running serve unattended', () => {
  it('shows an on-call config that irctl accepts', async () => {
    const { parse } = await import('yaml');
    const { configSchema } = await import('../../src/config.js');
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf('notify:\n  webhook: https://hooks.example.org/irctl');
    const config = configSchema.parse(parse(text.slice(start, text.indexOf('```', start))));
    expect(config.oncall.contacts.map((c) => c.name)).toEqual(['on-call', 'security-lead']);
    expect(config.oncall.escalation.critical?.[0]?.notify).toEqual(['on-call', 'security-lead']);
  });
});

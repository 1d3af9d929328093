import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runbookJsonSchema } from '../../../../../src/runbook/json-schema.js';
import { runCli } from '../../../../helpers/run-cli.js';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/runbooks/', import.meta.url));
const VALID = join(FIXTURES, 'valid');
const out = mkdtempSync(join(tmpdir(), 'irctl-runbook-cli-'));

describe('irctl runbook validate', () => {
  it('prints ok for each valid file and exits 0', async () => {
    const result = await runCli(['runbook', 'validate', join(VALID, 'host-triage.yaml'), join(VALID, 'poll-until-ready.yaml')]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(`ok ${join(VALID, 'host-triage.yaml')}\nok ${join(VALID, 'poll-until-ready.yaml')}\n`);
  });

  it('takes a runbook name as irctl runbook list shows it, and names the runbooks there when it is unknown', async () => {
    const result = await runCli(['--runbooks', VALID, 'runbook', 'validate', 'host-triage']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(`ok ${join(VALID, 'host-triage.yaml')}\n`);
    const unknown = await runCli(['--runbooks', VALID, 'runbook', 'validate', 'host-triag']);
    expect(unknown.code).toBe(5);
    expect(unknown.err).toContain('runbook "host-triag" not found');
    expect(unknown.err).toContain('host-triage');
  });

  it('reports every file with --json and puts the issues in the error details', async () => {
    const bad = join(FIXTURES, 'invalid', 'unknown-action.yaml');
    const result = await runCli(['--json', 'runbook', 'validate', join(VALID, 'host-triage.yaml'), bad]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.out);
    expect(report.valid).toBe(false);
    expect(report.files.map((f: { valid: boolean }) => f.valid)).toEqual([true, false]);
    const error = JSON.parse(result.err).error;
    expect(error.code).toBe('RUNBOOK_INVALID');
    expect(error.details.issues[0]).toMatchObject({ file: bad, line: 8, column: 11, path: 'steps[0].uses' });
  });
});

describe('irctl runbook list', () => {
  it('lists the runbooks of --runbooks with severity, steps and triggers', async () => {
    const result = await runCli(['--runbooks', VALID, 'runbook', 'list']);
    expect(result.code).toBe(0);
    const rows = result.out.split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(rows[1]?.slice(0, 4)).toEqual(['host-triage', 'high', '7', 'generic: suspicious-process']);
    expect(rows[2]?.slice(0, 3)).toEqual(['poll-until-ready', 'low', '3']);
  });

  it('warns about invalid files and still lists the valid ones, as JSON too', async () => {
    const result = await runCli(['--json', '--runbooks', FIXTURES, 'runbook', 'list']);
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.out);
    expect(listing.runbooks.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['host-triage', 'poll-until-ready']));
    expect(listing.invalid.length).toBeGreaterThanOrEqual(30);
  });

  it('says where it looked when no runbook directory exists (exit 5)', async () => {
    const result = await runCli(['--runbooks', join(out, 'missing'), 'runbook', 'list']);
    expect(result.code).toBe(5);
    expect(result.err).toContain('no runbook directory found');
    expect(result.err).toContain('hint:');
  });
});

describe('irctl runbook show', () => {
  it('shows the summary, inputs and a table of steps with their phases', async () => {
    const result = await runCli(['--runbooks', VALID, 'runbook', 'show', 'host-triage']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('host-triage  high (respond within 24h)  7 steps');
    expect(result.out).toMatch(/approve-recovery\s+recovery\s+approval by admin within 4h\s+rejected → give-up/);
    expect(result.out).toMatch(/\n\s+kernel\s+exec\.host\s+on failure continue/);
  });

  it('names the available runbooks when the name is unknown (exit 5)', async () => {
    const result = await runCli(['--runbooks', VALID, 'runbook', 'show', 'nope']);
    expect(result.code).toBe(5);
    expect(result.err).toContain('available: host-triage, poll-until-ready');
  });
});

describe('irctl runbook graph and schema', () => {
  it('writes the Mermaid graph of a runbook to a file', async () => {
    const file = join(out, 'graph', 'host-triage.mmd');
    const result = await runCli(['--runbooks', VALID, 'runbook', 'graph', 'host-triage', '-o', file]);
    expect(result).toMatchObject({ code: 0, out: `wrote ${file}\n` });
    const graph = readFileSync(file, 'utf8');
    expect(graph.startsWith('flowchart TD\n')).toBe(true);
    expect(graph).toContain('step4{{"approve-recovery<br/>approval: admin, 4h"}}');
  });

  it('writes the JSON Schema that the generator makes', async () => {
    const file = join(out, 'runbook.schema.json');
    const result = await runCli(['runbook', 'schema', '-o', file]);
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(runbookJsonSchema());
  });
});

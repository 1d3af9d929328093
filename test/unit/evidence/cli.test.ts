import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { runCli } from '../../helpers/run-cli.js';
import { evidenceFixture, type EvidenceFixture } from './fixtures.js';

let fixture: EvidenceFixture;
afterEach(() => fixture?.db.close());

async function captureTwo(f: EvidenceFixture) {
  const first = await f.store().capture({ name: 'inspect-web.json', kind: 'inspect', source: Readable.from(['{"Id":"abc"}']), subject: 'abc' });
  const second = await f.store().capture({ name: 'logs-web.stdout.log', kind: 'logs', source: Readable.from(['line\n']), subject: 'abc' });
  return [first, second] as const;
}

const cli = (f: EvidenceFixture, ...argv: string[]) => runCli(['--db', join(dirname(f.evidenceDir), 'irctl.db'), '--evidence-dir', f.evidenceDir, ...argv]);

describe('irctl evidence', () => {
  it('ls lists each artifact with its full hash and verification ok in --json', async () => {
    fixture = evidenceFixture();
    const [first, second] = await captureTwo(fixture);
    const result = await cli(fixture, '--json', 'evidence', 'ls', fixture.incidentId);
    expect(result.code).toBe(ExitCode.OK);
    expect(JSON.parse(result.out).map((row: Record<string, unknown>) => [row.id, row.sha256, row.verification])).toEqual([
      [first.evidenceId, first.sha256, 'ok'],
      [second.evidenceId, second.sha256, 'ok'],
    ]);
  });

  it('ls shows a table with names, short hashes and status', async () => {
    fixture = evidenceFixture();
    const [first] = await captureTwo(fixture);
    const result = await cli(fixture, 'evidence', 'ls', fixture.incidentId);
    expect(result.out).toContain('inspect-web.json');
    expect(result.out).toContain(first.sha256.slice(0, 16));
    expect(result.out).not.toContain(first.sha256);
  });

  it('ls marks a changed file MODIFIED and a deleted one MISSING, and exits 7', async () => {
    fixture = evidenceFixture();
    const [first, second] = await captureTwo(fixture);
    const firstFile = join(fixture.evidenceDir, first.path);
    chmodSync(firstFile, 0o644);
    writeFileSync(firstFile, '{"Id":"abd"}');
    rmSync(join(fixture.evidenceDir, second.path));
    const result = await cli(fixture, 'evidence', 'ls', fixture.incidentId);
    expect(result.code).toBe(ExitCode.INTEGRITY);
    expect(result.out).toMatch(/inspect-web\.json.*MODIFIED/);
    expect(result.out).toMatch(/logs-web\.stdout\.log.*MISSING/);
    expect(result.err).toMatch(/2 evidence file\(s\).*no longer match/);
  });

  it('ls of an unknown incident exits 5', async () => {
    fixture = evidenceFixture();
    const result = await cli(fixture, 'evidence', 'ls', 'inc-nope');
    expect(result.code).toBe(ExitCode.NOT_FOUND);
    expect(result.err).toContain('incident "inc-nope" not found');
  });

  it('path prints the absolute file path of an evidence id', async () => {
    fixture = evidenceFixture();
    const [first] = await captureTwo(fixture);
    const result = await cli(fixture, 'evidence', 'path', first.evidenceId);
    expect(result.out.trim()).toBe(join(fixture.evidenceDir, first.path));
  });

  it('path of an unknown evidence id exits 5 with a hint', async () => {
    fixture = evidenceFixture();
    const result = await cli(fixture, 'evidence', 'path', 'ev-nope');
    expect(result.code).toBe(ExitCode.NOT_FOUND);
    expect(result.err).toContain('irctl evidence ls');
  });
});

import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { ExitCode } from '../../src/errors.js';
import { createLedgerFixture, seedIncident, type LedgerFixture } from '../unit/custody/fixtures/ledger.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the real CLI entry in-process against the fixture's state and evidence directories. */
async function irctl(fixture: LedgerFixture, ...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const output: Output = { json: args.includes('--json'), out: (text) => void (stdout += text), err: (text) => void (stderr += text) };
  fixture.db.close(); // the CLI opens the store itself, as a separate process would
  const code = await main(['--home', fixture.home, '--evidence-dir', fixture.evidenceDir, ...args], output);
  fixture.reopen();
  return { code, stdout, stderr };
}

describe('irctl custody', () => {
  let fixture: LedgerFixture;
  beforeEach(() => {
    fixture = createLedgerFixture();
    seedIncident(fixture);
  });
  afterEach(() => fixture.cleanup());

  it('log lists the records in chain order as a table', async () => {
    const run = await irctl(fixture, 'custody', 'log', fixture.incidentId);
    expect(run.code).toBe(ExitCode.OK);
    const acts = run.stdout
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.trim().split(/\s+/)[3]);
    expect(acts).toEqual(['contained', 'acquired', 'acquired', 'verified', 'approved', 'exported', 'acquired', 'released']);
  });

  it('log --json prints the records with their hashes', async () => {
    const run = await irctl(fixture, '--json', 'custody', 'log', fixture.incidentId);
    const records = JSON.parse(run.stdout) as { seq: number; hash: string }[];
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(records[7]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('log of an unknown incident exits 5 with a hint', async () => {
    const run = await irctl(fixture, 'custody', 'log', 'inc-missing');
    expect(run.code).toBe(ExitCode.NOT_FOUND);
    expect(run.stderr).toContain('incident inc-missing has no custody records');
    expect(run.stderr).toContain('hint:');
  });

  it('verify of a clean ledger exits 0 and says ok', async () => {
    const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId);
    expect(run.code).toBe(ExitCode.OK);
    expect(run.stdout).toContain(`ok   ${fixture.incidentId}: 8 records, 3 evidence file(s), 1 checkpoint(s)`);
  });

  it('verify --all exits 7 naming the first broken record of the broken incident', async () => {
    seedIncident(fixture, 'inc-clean');
    const raw = new Database(fixture.dbPath);
    raw.exec('DROP TRIGGER custody_records_no_update');
    raw.prepare("UPDATE custody_records SET subject = 'nothing' WHERE incident_id = ? AND seq = 6").run(fixture.incidentId);
    raw.close();
    const run = await irctl(fixture, 'custody', 'verify', '--all');
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('ok   inc-clean');
    expect(run.stdout).toContain(`FAIL ${fixture.incidentId}`);
    expect(run.stdout).toContain('  record 6 [hash] record 6 does not match its hash');
    expect(run.stderr).toContain(`custody verification failed for incident ${fixture.incidentId}: first broken record is 6`);
  });

  it('verify --json puts the result on stdout and the error on stderr', async () => {
    const raw = new Database(fixture.dbPath);
    raw.exec('DROP TRIGGER custody_records_no_delete');
    raw.prepare('DELETE FROM custody_records WHERE seq >= 5').run();
    raw.close();
    const run = await irctl(fixture, '--json', 'custody', 'verify', fixture.incidentId);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, incidents: [{ problems: [{ seq: 5, kind: 'checkpoint-ahead' }] }] });
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { code: 'INTEGRITY' } });
  });

  it('checkpoint prints a signed note that verify --checkpoint later proves', async () => {
    const written = await irctl(fixture, 'custody', 'checkpoint', fixture.incidentId, '--reason', 'handover');
    expect(written.stdout).toMatch(/^irctl\.local\/incident\/inc-20250101-0001\n8\n/);
    const file = join(fixture.root, 'ticket.txt');
    writeFileSync(file, written.stdout);
    const run = await irctl(fixture, 'custody', 'verify', '--checkpoint', file);
    expect(run.code).toBe(ExitCode.OK);
    expect(run.stdout).toContain('2 checkpoint(s) + 1 external');
  });

  it('verify --checkpoint with an empty file exits 2 naming the file and how to make a checkpoint', async () => {
    const file = join(fixture.root, 'head.txt');
    writeFileSync(file, '');
    const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId, '--checkpoint', file);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.stderr).toContain(`checkpoint file ${file} is empty`);
    expect(run.stderr).toContain('irctl.local/incident/');
    expect(run.stderr).toContain(`irctl custody checkpoint ${fixture.incidentId} > head.txt`);
    expect(run.stderr).toContain('operator role');
    expect(run.stdout).not.toContain('FAIL');
  });

  it('verify --checkpoint with a file that is not a signed note exits 2, not 7', async () => {
    const file = join(fixture.root, 'notes.txt');
    writeFileSync(file, 'wrote incident.tar.gz: 9 files, 4096 bytes\nsha256 0123abcd\n');
    const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId, '--checkpoint', file);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.stderr).toContain(`checkpoint file ${file} is not a checkpoint`);
  });

  it('verify --checkpoint with a well-formed note whose signature was altered still exits 7', async () => {
    const written = await irctl(fixture, 'custody', 'checkpoint', fixture.incidentId);
    const [body, signatureLine] = written.stdout.trimEnd().split('\n\n') as [string, string];
    const [dash, name, encoded] = signatureLine.split(' ') as [string, string, string];
    const bytes = Buffer.from(encoded, 'base64');
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
    const file = join(fixture.root, 'altered.txt');
    writeFileSync(file, `${body}\n\n${dash} ${name} ${bytes.toString('base64')}\n`);
    const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId, '--checkpoint', file);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[checkpoint-signature]');
  });

  it('verify --pubkey checks signatures with an exported public key', async () => {
    const exported = await irctl(fixture, 'custody', 'pubkey');
    expect(exported.stdout).toContain('-----BEGIN PUBLIC KEY-----');
    const file = join(fixture.root, 'custody.pub');
    writeFileSync(file, exported.stdout);
    const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId, '--pubkey', file);
    expect(run.code).toBe(ExitCode.OK);
  });

  it('verify without an incident or --all is a usage error', async () => {
    const run = await irctl(fixture, 'custody', 'verify');
    expect(run.code).toBe(ExitCode.USAGE);
  });
});

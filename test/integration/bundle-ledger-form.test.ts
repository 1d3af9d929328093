import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';
import { exportedBundle } from '../unit/report/fixtures/exported-bundle.js';
import type { IncidentFixture } from '../unit/report/fixtures/incident.js';
import { writeEntries, type RawEntry } from '../unit/report/fixtures/tar.js';

const LONG = { timeout: 60_000 };

// The ledger and checkpoint notes exactly as export writes them: the records stay the same ones
// (so the chain still verifies), only their form changes, and the manifest is re-made to match.

const LEDGER = 'custody/ledger.jsonl';

describe('verify-bundle checks the ledger and checkpoints are in the form export writes', LONG, () => {
  let fixture: IncidentFixture;
  let entries: RawEntry[];
  let dir: string;
  let n = 0;
  beforeAll(async () => {
    ({ fixture, entries, dir } = await exportedBundle('irctl-ledger-form-'));
  });
  afterAll(() => {
    fixture.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Verify the bundle with one file's bytes or name changed, the manifest re-made to match. */
  async function verifyChanged(path: string, change: (entry: RawEntry) => RawEntry) {
    const all = entries.map((entry) => (entry.path === path ? change({ ...entry }) : { ...entry }));
    const manifest = JSON.parse(all[0]!.data.toString()) as { files: { path: string; size: number; sha256: string }[] };
    manifest.files = manifest.files.map((file) => {
      const entry = all[entries.findIndex((original) => original.path === file.path)]!;
      return { path: entry.path, size: entry.data.length, sha256: createHash('sha256').update(entry.data).digest('hex') };
    });
    all[0]!.data = Buffer.from(JSON.stringify(manifest));
    const file = join(dir, `changed-${++n}.tar.gz`);
    writeEntries(file, all);
    return runCli(['verify-bundle', file, '--trust-embedded-key']);
  }

  const editLines = (edit: (lines: string[]) => string[]) => (entry: RawEntry) => ({
    ...entry,
    data: Buffer.from(`${edit(entry.data.toString().trimEnd().split('\n')).join('\n')}\n`),
  });

  it('the unchanged bundle, re-manifested the same way, verifies', async () => {
    const run = await verifyChanged(LEDGER, (entry) => entry);
    expect(run.code, run.out + run.err).toBe(ExitCode.OK);
  });

  it('a blank line between records exits 7', async () => {
    const run = await verifyChanged(
      LEDGER,
      editLines((lines) => [lines[0]!, '', ...lines.slice(1)]),
    );
    expect(run.code, run.out).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[ledger] line 2 of the ledger is blank');
  });

  it('two records swapped exits 7 (the store would have re-sorted them)', async () => {
    const run = await verifyChanged(
      LEDGER,
      editLines(([first, second, ...rest]) => [second!, first!, ...rest]),
    );
    expect(run.code, run.out).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[ledger] line 1 of the ledger holds record 2 where record 1 belongs');
  });

  it('a record with its keys reordered, or a key repeated, exits 7', async () => {
    const reordered = await verifyChanged(
      LEDGER,
      editLines((lines) => lines.map((line, i) => (i === 0 ? JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(line) as object).reverse())) : line))),
    );
    expect(reordered.code, reordered.out).toBe(ExitCode.INTEGRITY);
    expect(reordered.out).toContain('[ledger] line 1 of the ledger is not record 1 as irctl writes it');

    const repeated = await verifyChanged(
      LEDGER,
      editLines((lines) => lines.map((line, i) => (i === 0 ? line.replace('{', '{"actor":"someone else",') : line))),
    );
    expect(repeated.code, repeated.out).toBe(ExitCode.INTEGRITY);
    expect(repeated.out).toContain('[ledger] line 1 of the ledger is not record 1 as irctl writes it');
  });

  it('CRLF line ends exit 7', async () => {
    const run = await verifyChanged(LEDGER, (entry) => ({ ...entry, data: Buffer.from(entry.data.toString().replaceAll('\n', '\r\n')) }));
    expect(run.code, run.out).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('is not record 1 as irctl writes it');
  });

  it('a checkpoint note renamed out of the 0001… sequence exits 7', async () => {
    const notes = entries.filter((entry) => entry.path.startsWith('custody/checkpoints/'));
    expect(notes.length).toBeGreaterThan(0);
    const last = notes.at(-1)!.path;
    const run = await verifyChanged(last, (entry) => ({ ...entry, path: 'custody/checkpoints/0009.note' }));
    expect(run.code, run.out).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[checkpoint-name] custody/checkpoints/0009.note: irctl names the');
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';
import { createIncidentFixture, type IncidentFixture } from '../unit/report/fixtures/incident.js';
import { gnuLongName, paxPath, readEntries, writeEntries, type RawEntry } from '../unit/report/fixtures/tar.js';

const LONG = { timeout: 60_000 };

// Bundles that two tar readers read differently: verify-bundle must refuse them (exit 7), since
// what it checked would not be what `tar -x` writes.

describe('verify-bundle refuses archives tar readers disagree on', LONG, () => {
  let fixture: IncidentFixture;
  let entries: RawEntry[];
  let dir: string;
  beforeAll(async () => {
    fixture = await createIncidentFixture();
    const bundle = join(fixture.dir, 'incident.tar.gz');
    const run = await runCli([...fixture.args, 'export', fixture.incidentId, '-o', bundle]);
    if (run.code !== 0) throw new Error(`export failed: ${run.err}`);
    entries = await readEntries(bundle);
    dir = mkdtempSync(join(tmpdir(), 'irctl-ambiguous-bundles-'));
  });
  afterAll(() => {
    fixture.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const MD = 'report/report.md';
  const HTML = 'report/report.html';

  /** Each of the two reports also named as the other by a pax path (`first` decides which header comes first). */
  function crossNamed(first: 'pax' | 'gnu'): RawEntry[] {
    const other = { [MD]: HTML, [HTML]: MD } as Record<string, string>;
    return entries.map((entry) => {
      const swapped = other[entry.path];
      if (!swapped) return { ...entry };
      const meta = first === 'pax' ? [paxPath(swapped), gnuLongName(entry.path)] : [gnuLongName(entry.path), paxPath(swapped)];
      return { ...entry, meta: Buffer.concat(meta) };
    });
  }

  it.each(['pax', 'gnu'] as const)('an entry named by both a pax path and a GNU long name (%s first) exits 7, naming both', async (first) => {
    const file = join(dir, `cross-named-${first}.tar.gz`);
    writeEntries(file, crossNamed(first));
    // what GNU tar makes of it: the pax name wins, so the two reports' bytes are swapped
    const gnu = join(dir, `gnu-${first}`);
    mkdirSync(gnu);
    execFileSync('tar', ['-xzf', file, '-C', gnu]);
    expect(readFileSync(join(gnu, MD))).toEqual(entries.find((entry) => entry.path === HTML)!.data);

    const run = await runCli(['verify-bundle', file, '--trust-embedded-key']);
    expect(run.code, run.out).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain(`[ambiguous] an entry's name is given twice`);
    expect(run.out).toContain(
      first === 'pax' ? `by a pax header ("${HTML}") and by a GNU long name ("${MD}")` : `by a GNU long name ("${MD}") and by a pax header ("${HTML}")`,
    );
  });

  it('the unchanged bundle, rewritten, still verifies', async () => {
    const file = join(dir, 'same.tar.gz');
    writeEntries(file, entries);
    const run = await runCli(['verify-bundle', file, '--trust-embedded-key']);
    expect(run.code, run.out + run.err).toBe(ExitCode.OK);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';
import { exportedBundle } from '../unit/report/fixtures/exported-bundle.js';
import type { IncidentFixture } from '../unit/report/fixtures/incident.js';
import { gnuLongName, paxPath, writeEntries, type RawEntry } from '../unit/report/fixtures/tar.js';

const LONG = { timeout: 60_000 };

// Bundles that two tar readers read differently: verify-bundle must refuse them (exit 7), since
// what it checked would not be what `tar -x` writes.

describe('verify-bundle refuses archives tar readers disagree on', LONG, () => {
  let fixture: IncidentFixture;
  let entries: RawEntry[];
  let dir: string;
  beforeAll(async () => {
    ({ fixture, entries, dir } = await exportedBundle('irctl-ambiguous-bundles-'));
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

  /** The tar of `list` (with its end-of-archive marker), uncompressed. */
  function tarOf(list: RawEntry[]): Buffer {
    const file = join(dir, 'scratch.tar.gz');
    writeEntries(file, list);
    return gunzipSync(readFileSync(file));
  }

  /** A forged copy of report.md, the same size, so only its bytes differ. */
  const forgedReport = (): RawEntry => {
    const report = entries.find((entry) => entry.path === MD)!;
    return { ...report, data: Buffer.alloc(report.data.length, 'F') };
  };

  async function verify(name: string, bytes: Buffer) {
    const file = join(dir, `${name}.tar.gz`);
    writeFileSync(file, bytes);
    return runCli(['verify-bundle', file, '--trust-embedded-key']);
  }

  it('a forged entry after the end-of-archive marker (what tar -i reads) exits 7', async () => {
    const run = await verify('after-end', gzipSync(Buffer.concat([tarOf(entries), tarOf([forgedReport()])])));
    expect(run.code, run.out).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[ambiguous] data follows the end-of-archive marker');
  });

  it('a second gzip member appended (gunzip unpacks it as more of the archive) exits 7', async () => {
    const whole = gzipSync(tarOf(entries));
    const tail = tarOf([forgedReport()]);
    const run = await verify('second-member', Buffer.concat([whole, gzipSync(tail)]));
    expect(run.code, run.out).toBe(ExitCode.INTEGRITY);
    expect(run.out).toMatch(/\[ambiguous\] \d+ bytes follow the end of the gzip stream: the file has been appended to/);
    // what GNU tar makes of it: with -i, the forged copy replaces the verified one
    const gnu = join(dir, 'gnu-second-member');
    mkdirSync(gnu);
    execFileSync('tar', ['-xzif', join(dir, 'second-member.tar.gz'), '-C', gnu]);
    expect(readFileSync(join(gnu, MD))).toEqual(forgedReport().data);
  });

  it('bytes that are not gzip after the gzip stream exit 7', async () => {
    const run = await verify('appended-bytes', Buffer.concat([gzipSync(tarOf(entries)), Buffer.from('appended')]));
    expect(run.code, run.out).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[ambiguous] 8 bytes follow the end of the gzip stream');
  });

  it('zero padding after the end-of-archive marker, as GNU tar writes to fill its 10240-byte record, still verifies', async () => {
    const tar = tarOf(entries);
    const run = await verify('padded', gzipSync(Buffer.concat([tar, Buffer.alloc(10240 - (tar.length % 10240))])));
    expect(run.code, run.out + run.err).toBe(ExitCode.OK);
  });

  it('a damaged gzip trailer still exits 2 (unreadable, not refused)', async () => {
    const whole = gzipSync(tarOf(entries));
    whole[whole.length - 8]! ^= 1; // the CRC-32
    const run = await verify('bad-crc', whole);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.err).toContain('the CRC-32 of the unpacked data does not match its trailer');
  });

  it('the unchanged bundle, rewritten, still verifies', async () => {
    const file = join(dir, 'same.tar.gz');
    writeEntries(file, entries);
    const run = await runCli(['verify-bundle', file, '--trust-embedded-key']);
    expect(run.code, run.out + run.err).toBe(ExitCode.OK);
  });
});

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';
import { exportedBundle } from '../unit/report/fixtures/exported-bundle.js';
import type { IncidentFixture } from '../unit/report/fixtures/incident.js';
import { writeEntries, type RawEntry } from '../unit/report/fixtures/tar.js';

const LONG = { timeout: 60_000 };

// --extract on hostile bundles: files are kept only when the whole bundle verifies, a bundle's
// names that cannot coexist on disk are a refusal (not a crash), and a manifest declaring more
// than allowed or than the disk holds is refused before any data is read.

interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

/** The entries with `changed` applied, and the manifest re-made to list `extra` files as declared. */
function remanifest(entries: RawEntry[], extra: ManifestFile[], added: RawEntry[] = []): RawEntry[] {
  const all = entries.map((entry) => ({ ...entry }));
  const manifest = JSON.parse(all[0]!.data.toString()) as { files: ManifestFile[] };
  manifest.files.push(...extra);
  all[0]!.data = Buffer.from(JSON.stringify(manifest));
  return [...all, ...added];
}

const listing = (entry: RawEntry): ManifestFile => ({
  path: entry.path,
  size: entry.data.length,
  sha256: createHash('sha256').update(entry.data).digest('hex'),
});

/** Every path under dir, directories with a trailing slash. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map(
    (d) => `${join(d.parentPath, d.name).slice(dir.length + 1)}${d.isDirectory() ? '/' : ''}`,
  );
}

describe('verify-bundle --extract', LONG, () => {
  let fixture: IncidentFixture;
  let entries: RawEntry[];
  let dir: string;
  let n = 0;
  beforeAll(async () => {
    ({ fixture, entries, dir } = await exportedBundle('irctl-extract-'));
  });
  afterAll(() => {
    fixture.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  function bundleOf(all: RawEntry[]): string {
    const file = join(dir, `bundle-${++n}.tar.gz`);
    writeEntries(file, all);
    return file;
  }

  it('keeps the checked files, 0600 in 0700 directories, and no staging directory, when the bundle verifies', async () => {
    const target = join(dir, 'ok');
    const run = await runCli(['verify-bundle', bundleOf(entries), '--trust-embedded-key', '--extract', target]);
    expect(run.code, run.err).toBe(ExitCode.OK);
    const files = entries.slice(1).map((entry) => entry.path);
    expect(
      tree(target)
        .filter((path) => !path.endsWith('/'))
        .sort(),
    ).toEqual([...files].sort());
    for (const entry of entries.slice(1)) {
      expect(readFileSync(join(target, entry.path))).toEqual(entry.data);
      expect(statSync(join(target, entry.path)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(join(target, 'report')).mode & 0o777).toBe(0o700);
    expect(statSync(target).mode & 0o777).toBe(0o700);
  });

  it('writes nothing when a file is forged: not under its name, not anywhere (a new target is removed, an empty one left empty)', async () => {
    const forged = entries.map((entry) => (entry.path === 'report/report.md' ? { ...entry, data: Buffer.from('F'.repeat(entry.data.length)) } : entry));
    const file = bundleOf(forged);
    const fresh = join(dir, 'forged-new');
    const run = await runCli(['verify-bundle', file, '--trust-embedded-key', '--extract', fresh]);
    expect(run.code, run.err).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[mismatch] report/report.md has SHA-256');
    expect(run.err).toContain(`--extract: nothing was written to ${fresh}: the bundle did not verify`);
    expect(existsSync(fresh)).toBe(false);

    const empty = join(dir, 'forged-empty');
    mkdirSync(empty);
    const again = await runCli(['verify-bundle', file, '--trust-embedded-key', '--extract', empty]);
    expect(again.code).toBe(ExitCode.INTEGRITY);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('writes nothing for a bundle that is consistent but unanchored (no key given, no --trust-embedded-key)', async () => {
    const target = join(dir, 'unverified');
    const run = await runCli(['verify-bundle', bundleOf(entries), '--extract', target]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(existsSync(target)).toBe(false);
  });

  it('a manifest listing report/x and report/x/y is refused with exit 7 and a clear message, not a crash', async () => {
    const x = { path: 'report/x', type: 'File' as const, data: Buffer.from('x') };
    const y = { path: 'report/x/y', type: 'File' as const, data: Buffer.from('y') };
    const file = bundleOf(remanifest(entries, [listing(x), listing(y)], [x, y]));
    const target = join(dir, 'clash');
    const run = await runCli(['verify-bundle', file, '--trust-embedded-key', '--extract', target]);
    expect(run.code, run.err).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[manifest] report/x is listed as a file and as the directory of report/x/y');
    expect(run.out).toContain('[extract-collision] report/x/y cannot be extracted');
    expect(run.err).not.toContain('unexpected');
    expect(existsSync(target)).toBe(false);
  });

  it('an --extract target that is an existing file is a usage error (exit 2), and the file is left alone', async () => {
    const target = join(dir, 'a-file');
    writeFileSync(target, 'keep me');
    const run = await runCli(['verify-bundle', bundleOf(entries), '--trust-embedded-key', '--extract', target]);
    expect(run.code, run.err).toBe(ExitCode.USAGE);
    expect(run.err).toContain(`--extract ${target} exists and is not a directory`);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('a manifest declaring more than --max-bytes is refused before its data is read (exit 2)', async () => {
    // declared, never sent: the refusal comes from the manifest alone
    const file = bundleOf(remanifest(entries, [{ path: 'evidence/zeros.bin', size: 200 * 1024 * 1024, sha256: '0'.repeat(64) }]));
    const run = await runCli(['verify-bundle', file, '--trust-embedded-key', '--max-bytes', '100M', '--extract', join(dir, 'capped')]);
    expect(run.code, run.err).toBe(ExitCode.USAGE);
    expect(run.err).toMatch(/the bundle's manifest declares 2097\d+ bytes of files, more than --max-bytes 104857600: refused before reading them/);
    expect(existsSync(join(dir, 'capped'))).toBe(false);
  });

  it('the default cap is 64 GiB', async () => {
    const file = bundleOf(remanifest(entries, [{ path: 'evidence/zeros.bin', size: 64 * 1024 ** 3, sha256: '0'.repeat(64) }]));
    const run = await runCli(['verify-bundle', file, '--trust-embedded-key']);
    expect(run.code, run.err).toBe(ExitCode.USAGE);
    expect(run.err).toContain(`more than --max-bytes ${64 * 1024 ** 3}`);
  });

  it('a manifest declaring more than the --extract filesystem has free is refused before its data is read (exit 2)', async () => {
    const fs = statfsSync(dir);
    const declared = fs.bavail * fs.bsize + 1024 ** 3; // a GiB more than is free
    const file = bundleOf(remanifest(entries, [{ path: 'evidence/zeros.bin', size: declared, sha256: '0'.repeat(64) }]));
    const target = join(dir, 'too-big');
    const run = await runCli(['verify-bundle', file, '--trust-embedded-key', '--max-bytes', `${declared * 2}`, '--extract', target]);
    expect(run.code, run.err).toBe(ExitCode.USAGE);
    expect(run.err).toContain('bytes free');
    expect(existsSync(target)).toBe(false);
  });

  it('--max-bytes that is not a size is a usage error', async () => {
    const run = await runCli(['verify-bundle', bundleOf(entries), '--max-bytes', 'lots']);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.err).toContain('--max-bytes "lots" is not a size');
  });
});

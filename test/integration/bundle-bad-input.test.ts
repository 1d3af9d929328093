import { existsSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { verifyBundle } from '../../src/report/bundle-verify.js';
import { declaredBudget, streamBundle } from '../../src/report/bundle-stream.js';
import { runCli } from '../helpers/run-cli.js';
import { exportedBundle } from '../unit/report/fixtures/exported-bundle.js';
import type { IncidentFixture } from '../unit/report/fixtures/incident.js';
import { writeEntries, type RawEntry } from '../unit/report/fixtures/tar.js';
import { runIsolated } from '../unit/report/fixtures/verify-process.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// Hostile and damaged bundles: each gives a clear error and a non-zero exit, and verify-bundle
// writes nothing outside its temporary directory (checked in a separate process whose working
// directory and TMPDIR are private and inspected afterwards).

describe('verify-bundle with bad input', LONG, () => {
  let fixture: IncidentFixture;
  let entries: RawEntry[];
  let dir: string;
  beforeAll(async () => {
    ({ fixture, entries, dir } = await exportedBundle('irctl-bad-bundles-'));
  });
  afterAll(() => {
    fixture.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Write a variant of the exported bundle and verify it (in process: nothing is written to disk anyway). */
  async function verifyVariant(name: string, change: (entries: RawEntry[]) => RawEntry[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const file = join(dir, `${name}.tar.gz`);
    writeEntries(file, change(entries.map((entry) => ({ ...entry }))));
    const run = await runCli(['verify-bundle', file, '--trust-embedded-key']);
    return { code: run.code, stdout: run.out, stderr: run.err };
  }

  it('an unchanged rewrite of the bundle still verifies, in a separate process that writes nothing anywhere', async () => {
    const file = join(dir, 'same.tar.gz');
    writeEntries(file, entries);
    const run = await runIsolated(['verify-bundle', file, '--trust-embedded-key']);
    expect(run.code, run.stderr).toBe(ExitCode.OK);
    expect(run.cwdEntries).toEqual([]);
    expect(run.tmpEntries).toEqual([]);
  });

  it('a gzip bomb stops at the size the manifest declares: a listed file whose entry is 32 MiB', async () => {
    const file = join(dir, 'bomb.tar.gz');
    // the header says 32 MiB of zeros (a few KiB compressed); the manifest says the file is 5 bytes
    const bomb = entries.map((entry) => (entry.path === 'report/report.md' ? { ...entry, data: Buffer.alloc(32 * 1024 * 1024) } : entry));
    writeEntries(file, bomb);
    const streamed = await streamBundle(file);
    const manifestSize = entries[0]!.data.length;
    expect(streamed.bytes).toBeLessThan(declaredBudget(streamed.manifest!, manifestSize) + 2 * 1024 * 1024); // one gunzip chunk past the budget at most
    expect(streamed.problems.map((problem) => problem.kind)).toContain('too-large');
    const run = await verifyVariant('bomb', () => bomb);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[mismatch] report/report.md is 33554432 bytes in the archive, the manifest says');
    expect(run.stdout).toContain('[too-large] the archive unpacks past the');
  });

  it('data the manifest does not list cannot grow past its declared size either', async () => {
    const run = await verifyVariant('bomb-unlisted', (all) => [...all, { path: 'evidence/zeros.bin', type: 'File', data: Buffer.alloc(32 * 1024 * 1024) }]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[added] evidence/zeros.bin is in the bundle but not in the manifest');
    expect(run.stdout).toContain('[too-large]');
  });

  it('--extract DIR writes the checked files there, 0600, and refuses a non-empty directory', async () => {
    const file = join(dir, 'extract.tar.gz');
    writeEntries(file, entries);
    const target = join(dir, 'extracted');
    const run = await runCli(['verify-bundle', file, '--trust-embedded-key', '--extract', target]);
    expect(run.code, run.err).toBe(ExitCode.OK);
    expect(readFileSync(join(target, 'report', 'report.md'))).toEqual(entries.find((entry) => entry.path === 'report/report.md')!.data);
    expect(statSync(join(target, 'report', 'report.md')).mode & 0o777).toBe(0o600);
    const again = await runCli(['verify-bundle', file, '--trust-embedded-key', '--extract', target]);
    expect(again.code).toBe(ExitCode.USAGE);
    expect(again.err).toContain('is not empty');
  });

  it('a truncated bundle exits 2 and says it is truncated or corrupt', async () => {
    const whole = readFileSync(join(fixture.dir, 'incident.tar.gz'));
    const file = join(dir, 'truncated.tar.gz');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const run = await runIsolated(['verify-bundle', file]);
    expect(run.code, run.stderr).toBe(ExitCode.USAGE);
    expect(run.stderr).toContain(`${file} is not a readable bundle: the gzip stream is damaged`);
    expect(run.stderr).toContain('hint: the file is truncated or corrupt');
    expect(run.tmpEntries).toEqual([]);
  });

  it('a bundle cut off among many files still being written exits 2 and leaves nothing behind', async () => {
    // many small incompressible files: when the cut is found, several writes are still starting
    const many = Array.from({ length: 400 }, (_, i) => ({ path: `evidence/many/${i}.bin`, type: 'File' as const, data: randomBytes(4096) }));
    const file = join(dir, 'cut-among-files.tar.gz');
    const all = [...entries.map((entry) => ({ ...entry })), ...many];
    const manifest = JSON.parse(all[0]!.data.toString()) as { files: { path: string; size: number; sha256: string }[] };
    manifest.files.push(...many.map((entry) => ({ path: entry.path, size: entry.data.length, sha256: createHash('sha256').update(entry.data).digest('hex') })));
    all[0]!.data = Buffer.from(JSON.stringify(manifest));
    writeEntries(file, all);
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const run = await runIsolated(['verify-bundle', file]);
    expect(run.code, run.stderr).toBe(ExitCode.USAGE);
    expect(run.stderr).toContain(`${file} is not a readable bundle`);
    expect(run.tmpEntries).toEqual([]);
  });

  it('a gzip holding a truncated tar exits 2', async () => {
    const file = join(dir, 'short-tar.tar.gz');
    writeEntries(file, entries);
    const { gunzipSync } = await import('node:zlib');
    const tar = gunzipSync(readFileSync(file));
    writeFileSync(file, gzipSync(tar.subarray(0, 700)));
    const run = await runCli(['verify-bundle', file]);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.err).toContain('the tar stream is damaged');
  });

  it('a file that is not gzip exits 2 and says so', async () => {
    const file = join(dir, 'plain.tar.gz');
    writeFileSync(file, 'this is not a bundle\n');
    const run = await runCli(['verify-bundle', file]);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.err).toContain(`error: ${file} is not a gzip file, so not an irctl bundle`);
  });

  it('a missing bundle exits 5', async () => {
    const run = await runCli(['verify-bundle', join(dir, 'nope.tar.gz')]);
    expect(run.code).toBe(ExitCode.NOT_FOUND);
    expect(run.err).toContain('nope.tar.gz not found');
  });

  it('a file added after export is named, exit 7', async () => {
    const run = await verifyVariant('added', (all) => [...all, { path: 'report/notes.txt', type: 'File', data: Buffer.from('extra') }]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[added] report/notes.txt is in the bundle but not in the manifest');
  });

  it('a file missing from the bundle is named, exit 7', async () => {
    const run = await verifyVariant('missing', (all) => all.filter((entry) => entry.path !== 'report/report.md'));
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[missing] report/report.md is listed in the manifest but missing from the bundle');
  });

  it('a missing evidence file is named by the manifest and by the ledger', async () => {
    const run = await verifyVariant('missing-evidence', (all) => all.filter((entry) => !entry.path.endsWith('logs-web-1.txt')));
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain(`[missing] evidence/${fixture.incidentId}/logs-web-1.txt is listed in the manifest`);
    expect(run.stdout).toContain(`[artifact-missing] evidence file ${fixture.incidentId}/logs-web-1.txt`);
  });

  it('a ../ path is refused, not written, and named, exit 7', async () => {
    const run = await verifyVariant('traversal', (all) => [...all, { path: '../x', type: 'File', data: Buffer.from('escaped') }]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[unsafe-path] "../x" is not a plain relative path');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('a nested ../ path that climbs out is refused', async () => {
    const run = await verifyVariant('traversal-nested', (all) => [...all, { path: 'report/../../escaped.txt', type: 'File', data: Buffer.from('escaped') }]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[unsafe-path] "report/../../escaped.txt"');
  });

  it('an absolute path is refused and nothing is written there, exit 7', async () => {
    const target = join(dir, 'absolute-target.txt');
    const run = await verifyVariant('absolute', (all) => [...all, { path: target, type: 'File', data: Buffer.from('absolute') }]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain(`[unsafe-path] "${target}" is not a plain relative path`);
    expect(existsSync(target)).toBe(false);
  });

  it('a symbolic link is refused, exit 7', async () => {
    const run = await verifyVariant('symlink', (all) => [
      ...all,
      { path: 'report/link', type: 'SymbolicLink', data: Buffer.alloc(0), linkpath: '/etc/passwd' },
    ]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[link] "report/link" is a symbolic link to "/etc/passwd"');
  });

  it('a symbolic link replacing an evidence file is refused and the evidence reported missing', async () => {
    const run = await verifyVariant('symlink-evidence', (all) =>
      all.map((entry) =>
        entry.path.endsWith('logs-web-1.txt') ? { path: entry.path, type: 'SymbolicLink' as const, data: Buffer.alloc(0), linkpath: '/etc/hostname' } : entry,
      ),
    );
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('is a symbolic link to "/etc/hostname"');
    expect(run.stdout).toContain('[artifact-missing]');
  });

  it('a hard link is refused, exit 7', async () => {
    const run = await verifyVariant('hardlink', (all) => [...all, { path: 'report/hard', type: 'Link', data: Buffer.alloc(0), linkpath: 'report/report.md' }]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[link] "report/hard" is a hard link');
  });

  it('a device file is refused, exit 7', async () => {
    const run = await verifyVariant('device', (all) => [...all, { path: 'report/null', type: 'CharacterDevice', data: Buffer.alloc(0) }]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[special-file] "report/null" is a CharacterDevice entry');
  });

  it('a duplicate name is refused even when the second copy is the one the manifest matches', async () => {
    const run = await verifyVariant('duplicate', (all) => {
      const report = all.find((entry) => entry.path === 'report/report.md')!;
      return [all[0]!, { ...report, data: Buffer.from(`forged first copy${' '.repeat(report.data.length)}`.slice(0, report.data.length)) }, ...all.slice(1)];
    });
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[duplicate] report/report.md appears more than once');
    expect(run.stdout).toContain('[mismatch] report/report.md');
  });

  it('a bundle without its manifest is refused, exit 7', async () => {
    const run = await verifyVariant('no-manifest', (all) => all.filter((entry) => entry.path !== 'manifest.json'));
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[manifest] the first entry is');
    expect(run.stdout).toContain('not manifest.json: a bundle starts with its manifest');
  });

  it('a ledger cut after its last checkpoint and re-manifested is caught by the signed checkpoint', async () => {
    const result = await (async () => {
      const { createHash } = await import('node:crypto');
      const changed = entries.map((entry) => ({ ...entry }));
      const ledger = changed.find((entry) => entry.path === 'custody/ledger.jsonl')!;
      const lines = ledger.data.toString().trimEnd().split('\n');
      ledger.data = Buffer.from(`${lines.slice(0, -1).join('\n')}\n`);
      const manifestEntry = changed.find((entry) => entry.path === 'manifest.json')!;
      const manifest = JSON.parse(manifestEntry.data.toString()) as { ledgerRecords: number; files: { path: string; size: number; sha256: string }[] };
      const listed = manifest.files.find((file) => file.path === 'custody/ledger.jsonl')!;
      Object.assign(listed, { size: ledger.data.length, sha256: createHash('sha256').update(ledger.data).digest('hex') });
      manifest.ledgerRecords -= 1;
      manifestEntry.data = Buffer.from(JSON.stringify(manifest));
      const file = join(dir, 'cut.tar.gz');
      writeEntries(file, changed);
      return verifyBundle(file);
    })();
    expect(result.ok).toBe(false);
    expect(result.problems.map((problem) => problem.message).join('\n')).toMatch(/\[checkpoint-ahead\] .* cut off/);
  });
});

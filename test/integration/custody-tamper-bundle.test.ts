import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyRecord } from '../../src/custody/canonical.js';
import { listCheckpoints, writeCheckpoint } from '../../src/custody/checkpoint.js';
import { buildRecord, insertRecord } from '../../src/custody/ledger.js';
import { loadOrCreateSigningKey, publicKeyPem } from '../../src/custody/keys.js';
import { ExitCode } from '../../src/errors.js';
import { contentsDigest } from '../../src/report/bundle-binding.js';
import { openStore } from '../../src/schema.js';
import { runCli } from '../helpers/run-cli.js';
import { createIncidentFixture, type IncidentFixture } from '../unit/report/fixtures/incident.js';
import { readEntries, writeEntries, type RawEntry } from '../unit/report/fixtures/tar.js';

// An attacker who can write the bundle: every edit below must fail with exit 7 and a message that
// names what is wrong, for a receiver who pins the signer's key and the head irctl export printed.

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
type Manifest = { files: { path: string; size: number; sha256: string }[]; ledgerRecords: number };

describe('bundle tampering, receiver pins key and head', () => {
  let fixture: IncidentFixture;
  let entries: RawEntry[];
  let dir: string;
  let key: string;
  let head: string;
  beforeAll(async () => {
    fixture = await createIncidentFixture();
    dir = mkdtempSync(join(tmpdir(), 'irctl-tamper-bundle-'));
    const bundle = join(dir, 'incident.tar.gz');
    const run = await runCli([...fixture.args, 'export', fixture.incidentId, '-o', bundle]);
    if (run.code !== 0) throw new Error(`export failed: ${run.err}`);
    head = join(dir, 'bundle-head.txt');
    writeFileSync(head, run.out);
    key = join(dir, 'custody.pub');
    writeFileSync(key, (await runCli([...fixture.args, 'custody', 'pubkey'])).out);
    entries = await readEntries(bundle);
  });
  afterAll(() => {
    fixture.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const copy = () => entries.map((entry) => ({ ...entry }));
  const entry = (all: RawEntry[], path: string) => all.find((e) => e.path === path)!;
  /** Rewrite manifest.json to match the archive exactly, as a careful forger would. */
  function recomputeManifest(all: RawEntry[]): void {
    const manifestEntry = entry(all, 'manifest.json');
    const manifest = JSON.parse(manifestEntry.data.toString()) as Manifest;
    manifest.files = all.filter((e) => e.path !== 'manifest.json').map((e) => ({ path: e.path, size: e.data.length, sha256: sha256(e.data) }));
    manifestEntry.data = Buffer.from(JSON.stringify(manifest));
  }
  async function verify(name: string, all: RawEntry[], extra: string[] = ['--pubkey', key, '--checkpoint', head]) {
    const file = join(dir, `${name}.tar.gz`);
    writeEntries(file, all);
    return runCli(['verify-bundle', file, ...extra]);
  }

  it('the untouched bundle verifies against the pinned key and head', async () => {
    const run = await verify('same', copy());
    expect(run.code, run.err + run.out).toBe(ExitCode.OK);
  });

  it('a report edited with manifest.json recomputed is caught by the signed bundled record', async () => {
    const all = copy();
    const report = entry(all, 'report/report.html');
    report.data = Buffer.from(report.data.toString().replace('</body>', '<p>all clear, nothing happened</p></body>'));
    recomputeManifest(all);
    const run = await verify('report-edit', all);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.out).toMatch(/\[unbound\] the bundle's files differ from what signed record \d+ \(bundled\) bound/);
    expect(run.err).toContain("failed verification: the bundle's files differ");
  });

  it('an added file with manifest.json recomputed is caught', async () => {
    const all = copy();
    all.push({ path: 'report/extra.html', type: 'File', data: Buffer.from('<p>injected</p>') });
    recomputeManifest(all);
    const run = await verify('added', all);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[unbound]');
  });

  it('a removed report with manifest.json recomputed is caught', async () => {
    const all = copy().filter((e) => e.path !== 'report/report.md');
    recomputeManifest(all);
    const run = await verify('removed', all);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[unbound]');
  });

  it('a bundle rewritten and re-signed under a fresh key: UNVERIFIED unpinned, signature failure pinned', async () => {
    const all = copy();
    const report = entry(all, 'report/report.html');
    report.data = Buffer.from(report.data.toString().replace('</body>', '<p>forged</p></body>'));
    // the forger re-signs everything with a key of their own and ships it in the bundle
    const forgerHome = mkdtempSync(join(tmpdir(), 'irctl-forger-'));
    try {
      entry(all, 'custody/public-key.pem').data = Buffer.from(publicKeyPem(loadOrCreateSigningKey(forgerHome)));
      recomputeManifest(all);
      const ledger = entry(all, 'custody/ledger.jsonl');
      const records = ledger.data
        .toString()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as CustodyRecord);
      const bundled = records.at(-1)!;
      const manifest = JSON.parse(entry(all, 'manifest.json').data.toString()) as Manifest;
      const db = openStore(':memory:');
      const rebuilt: CustodyRecord[] = [];
      for (const record of records) {
        const details = record === bundled ? { ...record.details, contents_sha256: contentsDigest(manifest.files) } : record.details;
        const { hash: _hash, incidentId, seq, recordedAt, prevHash: _prev, artifactSha256, artifactSize, artifactLocation, evidenceId, ...rest } = record;
        const artifact = artifactSha256
          ? { sha256: artifactSha256, size: artifactSize!, location: artifactLocation!, ...(evidenceId ? { evidenceId } : {}) }
          : undefined;
        const next = buildRecord(
          incidentId,
          seq,
          rebuilt.at(-1)?.hash ?? records[0]!.prevHash,
          { ...rest, where: rest.where ?? undefined, how: rest.how ?? undefined, details: details ?? undefined, artifact },
          recordedAt,
        );
        rebuilt.push(next);
        insertRecord(db, next);
      }
      writeCheckpoint(db, forgerHome, fixture.incidentId, 'export');
      ledger.data = Buffer.from(rebuilt.map((record) => `${JSON.stringify(record)}\n`).join(''));
      const notes = all.filter((e) => e.path.startsWith('custody/checkpoints/'));
      for (const note of notes) note.data = Buffer.from(listCheckpoints(db, fixture.incidentId).at(-1)!.note);
      db.close();
      recomputeManifest(all);

      const unpinned = await verify('forged', all, []);
      expect(unpinned.code).toBe(ExitCode.INTEGRITY);
      expect(unpinned.out).toContain("UNVERIFIED: the bundle's own key vouches for it");
      expect(unpinned.out.match(/\[(\w[\w-]*)\]/g)).toEqual(['[unverified]']);

      const pinned = await verify('forged-pinned', all);
      expect(pinned.code).toBe(ExitCode.INTEGRITY);
      expect(pinned.out).toContain('[checkpoint-signature]');
    } finally {
      rmSync(forgerHome, { recursive: true, force: true });
    }
  });

  it('a ledger cut back to before the bundled record is named as unbound', async () => {
    const all = copy();
    const ledger = entry(all, 'custody/ledger.jsonl');
    ledger.data = Buffer.from(`${ledger.data.toString().trim().split('\n').slice(0, -1).join('\n')}\n`);
    recomputeManifest(all);
    const run = await verify('cut', all, ['--pubkey', key]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('not the "bundled" record that binds the bundle\'s files to the signed head');
  });
});

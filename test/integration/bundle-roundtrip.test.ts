import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../src/custody/artifacts.js';
import { listCustody } from '../../src/custody/ledger.js';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';
import { createIncidentFixture, type IncidentFixture } from '../unit/report/fixtures/incident.js';
import { readEntries, writeEntries } from '../unit/report/fixtures/tar.js';
import { runIsolated } from '../unit/report/fixtures/verify-process.js';
import { partialName } from '../../src/report/export-leftovers.js';
import { spawnSync } from 'node:child_process';

/** The id of a process that has ended: a killed export's. */
const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// export → verify on a copy elsewhere (separate process, fresh directory, no store, no Docker)
// → tamper one byte of an evidence file inside the tar → verify names it. The tests that look at
// what verify leaves behind run it as that separate process; the others check its verdict alone
// and run it in-process (a Node start-up each saved).

describe('evidence bundle round trip', LONG, () => {
  let fixture: IncidentFixture;
  let bundle: string;
  let exportOut: string;
  let exportErr: string;
  let elsewhere: string;
  let killedPartial: string;
  beforeAll(async () => {
    fixture = await createIncidentFixture();
    bundle = join(fixture.dir, 'incident.tar.gz');
    // what an export killed midway left beside the output: the next export removes it
    killedPartial = join(fixture.dir, partialName('incident.tar.gz', 'deadbeef', deadPid()));
    writeFileSync(killedPartial, 'half a tar');
    fixture.services.close();
    const run = await runCli([...fixture.args, 'export', fixture.incidentId, '-o', bundle]);
    if (run.code !== 0) throw new Error(`export failed: ${run.err}`);
    exportOut = run.out;
    exportErr = run.err;
    fixture.services = (await import('../../src/services.js')).openServices({ home: fixture.home, evidenceDir: fixture.evidenceDir });
    elsewhere = mkdtempSync(join(tmpdir(), 'irctl-receiver-'));
  });
  afterAll(() => {
    fixture.cleanup();
    rmSync(elsewhere, { recursive: true, force: true });
  });
  const db = () => fixture.services.db;

  it('removes the half-written tar an export killed midway left beside the output', () => {
    expect(existsSync(killedPartial)).toBe(false);
  });

  it('holds the reports, evidence, ledger, checkpoints, public key and manifest', async () => {
    const paths = (await readEntries(bundle)).map((entry) => entry.path).sort();
    const checkpoints = db().prepare('SELECT COUNT(*) AS n FROM custody_checkpoints WHERE incident_id = ?').get(fixture.incidentId) as { n: number };
    // every checkpoint signed before the export (the export's own comes after the file is written)
    const notes = Array.from({ length: checkpoints.n - 1 }, (_, i) => `custody/checkpoints/${String(i + 1).padStart(4, '0')}.note`);
    expect(paths).toEqual(
      [
        ...notes,
        'custody/ledger.jsonl',
        'custody/public-key.pem',
        `evidence/${fixture.incidentId}/inspect-web-1.json`,
        `evidence/${fixture.incidentId}/logs-web-1.txt`,
        'manifest.json',
        'report/report.html',
        'report/report.json',
        'report/report.md',
      ].sort(),
    );
    expect(notes.length).toBeGreaterThan(0);
  });

  it('lists every other file in the manifest with its size and SHA-256', async () => {
    const entries = await readEntries(bundle);
    const manifest = JSON.parse(entries.find((entry) => entry.path === 'manifest.json')!.data.toString()) as { files: { path: string; size: number }[] };
    expect(manifest.files.map((file) => file.path).sort()).toEqual(
      entries
        .map((entry) => entry.path)
        .filter((path) => path !== 'manifest.json')
        .sort(),
    );
    for (const file of manifest.files) expect(file.size).toBe(entries.find((entry) => entry.path === file.path)!.data.length);
  });

  it("records the export as a transferred custody act holding the bundle file's own SHA-256", async () => {
    const records = listCustody(fixture.services.db, fixture.incidentId);
    const transfer = records.at(-1)!;
    expect(transfer).toMatchObject({ act: 'transferred', actor: 'dave', subject: 'bundle:incident.tar.gz' });
    expect(transfer.details!.sha256).toBe(await sha256File(bundle));
    expect(exportErr).toContain(`sha256 ${await sha256File(bundle)}`);
    const checkpoint = fixture.services.db
      .prepare("SELECT seq FROM custody_checkpoints WHERE incident_id = ? AND reason = 'export' ORDER BY id DESC LIMIT 1")
      .get(fixture.incidentId) as { seq: number };
    expect(checkpoint.seq).toBe(transfer.seq);
  });

  it('without a pinned key, exits 7 UNVERIFIED even though everything is consistent (text and --json)', async () => {
    const run = await runCli(['verify-bundle', bundle]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain("[unverified] UNVERIFIED: the bundle's own key vouches for it");
    expect(run.err).toContain('--pubkey custody.pub');
    const json = await runCli(['verify-bundle', bundle, '--json']);
    expect(json.code).toBe(ExitCode.INTEGRITY);
    const result = JSON.parse(json.out) as { ok: boolean; anchored: boolean; keySource: string; problems: { kind: string }[] };
    expect(result).toMatchObject({ ok: false, anchored: false, keySource: 'embedded' });
    expect(result.problems.map((problem) => problem.kind)).toEqual(['unverified']);
  });

  it('with --trust-embedded-key, verifies on a copy in a fresh directory, labelled UNANCHORED, writing nothing there', async () => {
    const copy = join(elsewhere, 'received.tar.gz');
    copyFileSync(bundle, copy);
    const run = await runIsolated(['verify-bundle', copy, '--trust-embedded-key']);
    expect(run.stdout).toContain(`ok, UNANCHORED ${copy}: incident ${fixture.incidentId}; ${(await readEntries(bundle)).length} files`);
    expect(run.code).toBe(ExitCode.OK);
    expect(run.stderr).toContain('proves the bundle is consistent, not who made it');
    expect(run.cwdEntries).toEqual([]);
    expect(run.tmpEntries).toEqual([]);
  });

  it('accepts the signer listed in the configured trust file as an anchor', async () => {
    const trust = join(elsewhere, 'trusted.keys');
    writeFileSync(trust, (await runCli([...fixture.args, 'custody', 'pubkey'])).out);
    const config = join(elsewhere, 'receiver.yaml');
    writeFileSync(config, `custody:\n  trust_file: ${trust}\n`);
    const run = await runCli(['--config', config, 'verify-bundle', bundle]);
    expect(run.out).toContain('(trust-file)');
    expect(run.code, run.err).toBe(ExitCode.OK);
  });

  it('verifies against a pinned public key obtained out of band without the warning', async () => {
    const key = join(elsewhere, 'signer.pem');
    const pubkey = await runCli([...fixture.args, 'custody', 'pubkey']);
    writeFileSync(key, pubkey.out);
    const run = await runCli(['verify-bundle', bundle, '--pubkey', key]);
    expect(run.code).toBe(ExitCode.OK);
    expect(run.out).toContain('(pinned)');
    expect(run.err).not.toContain('not who made it');
  });

  it('prints on stdout the checkpoint of the bundle head, which verify-bundle accepts when saved as is', async () => {
    const head = join(elsewhere, 'bundle-head.txt');
    writeFileSync(head, exportOut); // irctl export … > bundle-head.txt
    const key = join(elsewhere, 'custody.pub');
    writeFileSync(key, (await runCli([...fixture.args, 'custody', 'pubkey'])).out);
    const ledgerLines = (await readEntries(bundle))
      .find((entry) => entry.path === 'custody/ledger.jsonl')!
      .data.toString()
      .trimEnd()
      .split('\n');
    expect(exportOut).toMatch(new RegExp(`^irctl\\.local/incident/${fixture.incidentId}\n${ledgerLines.length}\n`));
    const run = await runCli(['verify-bundle', bundle, '--pubkey', key, '--checkpoint', head]);
    expect(run.out).toContain(`ok   ${bundle}`);
    expect(run.code).toBe(ExitCode.OK);
  });

  it('fails with exit 7 against a checkpoint of the store taken after the export, which pins the transferred record', async () => {
    const written = await runCli([...fixture.args, 'custody', 'checkpoint', fixture.incidentId]);
    expect(written.code).toBe(ExitCode.OK);
    const head = join(elsewhere, 'store-head.txt');
    writeFileSync(head, written.out);
    const run = await runCli(['verify-bundle', bundle, '--checkpoint', head, '--trust-embedded-key']);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[checkpoint-ahead]');
    expect(run.err).toContain('if that checkpoint was taken after this bundle was exported');
  });

  it('refuses an empty checkpoint file with exit 2 and says how to make one', async () => {
    const head = join(elsewhere, 'empty-head.txt');
    writeFileSync(head, '');
    const run = await runCli(['verify-bundle', bundle, '--checkpoint', head]);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.err).toContain(`checkpoint file ${head} is empty`);
    expect(run.err).toContain('irctl custody checkpoint');
    expect(run.out).not.toContain('FAIL');
  });

  it('fails with exit 7 against a pinned key that did not sign the checkpoints', async () => {
    const other = mkdtempSync(join(tmpdir(), 'irctl-other-signer-'));
    const { loadOrCreateSigningKey, publicKeyPem } = await import('../../src/custody/keys.js');
    const key = join(other, 'other.pem');
    writeFileSync(key, publicKeyPem(loadOrCreateSigningKey(other)));
    const run = await runCli(['verify-bundle', bundle, '--pubkey', key]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.out).toContain('[checkpoint-signature]');
  });

  it('names the evidence file when one byte of it is changed inside the tar', async () => {
    const tampered = join(elsewhere, 'tampered.tar.gz');
    const entries = await readEntries(bundle);
    const logs = entries.find((entry) => entry.path.endsWith('/logs-web-1.txt'))!;
    logs.data = Buffer.from(logs.data);
    logs.data[0] = logs.data[0]! ^ 0x01;
    writeEntries(tampered, entries);
    const run = await runIsolated(['verify-bundle', tampered]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    const name = `evidence/${fixture.incidentId}/logs-web-1.txt`;
    expect(run.stdout).toContain(`[mismatch] ${name} has SHA-256`);
    expect(run.stdout).toContain(`evidence file ${fixture.incidentId}/logs-web-1.txt (record`);
    expect(run.stderr).toContain(`error: bundle ${tampered} failed verification: ${name} has SHA-256`);
    expect(run.tmpEntries).toEqual([]);
  });

  it('names the record when a ledger line is edited and the manifest recomputed to match', async () => {
    const { createHash } = await import('node:crypto');
    const entries = await readEntries(bundle);
    const ledger = entries.find((entry) => entry.path === 'custody/ledger.jsonl')!;
    ledger.data = Buffer.from(ledger.data.toString().replace('"actor":"bob"', '"actor":"mallory"'));
    const manifestEntry = entries.find((entry) => entry.path === 'manifest.json')!;
    const manifest = JSON.parse(manifestEntry.data.toString()) as { files: { path: string; size: number; sha256: string }[] };
    const listed = manifest.files.find((file) => file.path === 'custody/ledger.jsonl')!;
    listed.size = ledger.data.length;
    listed.sha256 = createHash('sha256').update(ledger.data).digest('hex');
    manifestEntry.data = Buffer.from(JSON.stringify(manifest));
    const forged = join(elsewhere, 'forged.tar.gz');
    writeEntries(forged, entries);
    const run = await runCli(['verify-bundle', forged]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.out).toMatch(/\[custody\] record \d+: \[hash\] record \d+ does not match its hash/);
  });

  it('reads the JSON report back out of the bundle', async () => {
    mkdirSync(join(elsewhere, 'json'), { recursive: true });
    const entries = await readEntries(bundle);
    const report = JSON.parse(entries.find((entry) => entry.path === 'report/report.json')!.data.toString()) as { incident: { id: string } };
    expect(report.incident.id).toBe(fixture.incidentId);
    expect(readFileSync(bundle).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
});

describe('a bundle exported while the ledger grows', LONG, () => {
  it('packs the record appended mid-export before the bundled record, all signed, so verification still passes', async () => {
    const fixture = await createIncidentFixture();
    try {
      const { exportBundle } = await import('../../src/report/bundle.js');
      const { appendCustody } = await import('../../src/custody/ledger.js');
      const { db } = fixture.services;
      const before = listCustody(db, fixture.incidentId).length;
      let appended = false;
      const file = join(fixture.dir, 'growing.tar.gz');
      // `now` is first asked for after the head is pinned: append there, as a concurrent run would
      const exported = await exportBundle({
        db,
        incidentId: fixture.incidentId,
        outFile: file,
        evidenceDir: fixture.evidenceDir,
        home: fixture.home,
        actor: 'test',
        now: () => {
          if (!appended) {
            appended = true;
            appendCustody(db, fixture.incidentId, { act: 'noted', actor: 'concurrent', subject: 'mid-export' });
          }
          return new Date();
        },
      });
      expect(appended).toBe(true);
      // the concurrent record, then the bundled record that binds the files; the head checkpoint pins both
      expect(exported.checkpoint?.count).toBe(before + 2);
      const ledger = (await readEntries(file))
        .find((entry) => entry.path === 'custody/ledger.jsonl')!
        .data.toString()
        .trim()
        .split('\n');
      expect(ledger.map((line) => (JSON.parse(line) as { act: string }).act).slice(-2)).toEqual(['noted', 'bundled']);
      const verified = await runCli(['verify-bundle', file, '--trust-embedded-key']);
      expect(verified.code, verified.err + verified.out).toBe(ExitCode.OK);
    } finally {
      fixture.cleanup();
    }
  });
});

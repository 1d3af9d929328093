import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCheckpoint } from '../../src/custody/checkpoint.js';
import { buildRecord, recordFromRow, recordRowValues, RECORD_COLUMNS, type CustodyRow } from '../../src/custody/ledger.js';
import { ExitCode } from '../../src/errors.js';
import { createLedgerFixture, irctlOnLedger, seedIncident, tamper, type LedgerFixture } from '../unit/custody/fixtures/ledger.js';

// Merkle proofs against an attacker who holds the state directory, signing key included: an old
// checkpoint kept elsewhere still exposes a rewritten history (consistency proof), and a flipped
// evidence file fails its inclusion proof — each exit 7 naming what is wrong.

const irctl = irctlOnLedger;

describe('consistency proofs: custody verify --since-checkpoint', () => {
  let fixture: LedgerFixture;
  let old: string;
  beforeEach(async () => {
    fixture = createLedgerFixture();
    seedIncident(fixture);
    old = join(fixture.root, 'old-head.txt');
    writeFileSync(old, (await irctl(fixture, 'custody', 'checkpoint', fixture.incidentId)).stdout);
  });
  afterEach(() => fixture.cleanup());

  it('proves that a ledger grown since the old checkpoint extends it', async () => {
    fixture.append({ act: 'noted', actor: 'alice', subject: 'later' });
    fixture.append({ act: 'noted', actor: 'alice', subject: 'later still' });
    const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId, '--since-checkpoint', old);
    expect(run.code, run.stderr).toBe(ExitCode.OK);
    expect(run.stdout).toMatch(/consistent: the ledger's 10 records extend the 8 signed in .*old-head\.txt \(RFC 9162 proof of \d+ hashes\)/);
    const json = JSON.parse((await irctl(fixture, 'custody', 'verify', fixture.incidentId, '--since-checkpoint', old, '--json')).stdout) as {
      incidents: { consistency: { from: number; to: number; ok: boolean; proof: string[] }[] }[];
    };
    expect(json.incidents[0]!.consistency[0]).toMatchObject({ from: 8, to: 10, ok: true });
  });

  it('fails with exit 7 after the history is rewritten and re-signed with the host key, Merkle cache rebuilt', async () => {
    tamper(fixture, (raw) => {
      // rewrite record 3 onward, drop every stored checkpoint and level hash: a self-consistent forgery
      let prevHash = (raw.prepare(`SELECT hash FROM custody_records WHERE incident_id = ? AND seq = 2`).get(fixture.incidentId) as { hash: string }).hash;
      for (let seq = 3; seq <= 8; seq++) {
        const original = recordFromRow(
          raw.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND seq = ?`).get(fixture.incidentId, seq) as CustodyRow,
        );
        const rebuilt = buildRecord(
          fixture.incidentId,
          seq,
          prevHash,
          { act: original.act, actor: seq === 4 ? 'mallory' : original.actor, subject: original.subject },
          original.recordedAt,
        );
        raw.prepare('DELETE FROM custody_records WHERE incident_id = ? AND seq = ?').run(fixture.incidentId, seq);
        raw
          .prepare(
            `INSERT INTO custody_records (${RECORD_COLUMNS}) VALUES (${RECORD_COLUMNS.split(',')
              .map(() => '?')
              .join(', ')})`,
          )
          .run(...recordRowValues(rebuilt));
        prevHash = rebuilt.hash;
      }
      raw.prepare('DELETE FROM custody_checkpoints').run();
      raw.prepare('DELETE FROM custody_merkle_nodes').run();
    });
    writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'forged');
    // the forged ledger verifies on its own (same key, fresh checkpoint) — only the old checkpoint can tell
    expect((await irctl(fixture, 'custody', 'verify', fixture.incidentId)).code).toBe(ExitCode.OK);

    const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId, '--since-checkpoint', old);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toContain('[checkpoint-diverged] old checkpoint');
    expect(run.stderr).toContain(
      "the consistency proof from its 8 records to the ledger's 8 fails (RFC 9162): records 1–8 are no longer what it signed — the history was rewritten",
    );
  });

  it('fails with exit 7 when the tail was cut below the old checkpoint', async () => {
    tamper(fixture, (raw) => {
      raw.prepare('DELETE FROM custody_records WHERE seq >= 7').run();
      raw.prepare('DELETE FROM custody_checkpoints').run();
    });
    const run = await irctl(fixture, 'custody', 'verify', fixture.incidentId, '--since-checkpoint', old);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stderr).toContain('it signed 8 records but the ledger now holds 6: records were cut off');
  });
});

describe('inclusion proofs: custody prove and check-proof', () => {
  let fixture: LedgerFixture;
  let key: string;
  beforeEach(async () => {
    fixture = createLedgerFixture();
    seedIncident(fixture);
    writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'manual');
    key = join(fixture.root, 'custody.pub');
    writeFileSync(key, (await irctl(fixture, 'custody', 'pubkey')).stdout);
  });
  afterEach(() => fixture.cleanup());

  it('proves one evidence file with the file, the proof and the public key alone', async () => {
    const proof = join(fixture.root, 'logs.proof.json');
    const made = await irctl(fixture, 'custody', 'prove', fixture.incidentId, 'logs.txt', '-o', proof);
    expect(made.code, made.stderr).toBe(ExitCode.OK);
    const doc = JSON.parse(readFileSync(proof, 'utf8')) as { leafIndex: number; treeSize: number; path: string[] };
    expect(doc).toMatchObject({ leafIndex: 1, treeSize: 8 });
    expect(doc.path).toHaveLength(3); // log2(8)
    const received = join(fixture.root, 'received-logs.txt');
    copyFileSync(join(fixture.evidenceDir, fixture.incidentId, 'logs.txt'), received);
    const run = await irctl(fixture, 'custody', 'check-proof', received, '--proof', proof, '--pubkey', key);
    expect(run.code, run.stderr + run.stdout).toBe(ExitCode.OK);
    expect(run.stdout).toContain(`ok   ${received}: record 2 of incident ${fixture.incidentId} (acquired by alice`);
  });

  it('a flipped byte in the file fails with exit 7 naming the hash mismatch', async () => {
    const proof = join(fixture.root, 'logs.proof.json');
    await irctl(fixture, 'custody', 'prove', fixture.incidentId, 'ev-logs.txt', '-o', proof);
    const flipped = join(fixture.root, 'flipped-logs.txt');
    const bytes = readFileSync(join(fixture.evidenceDir, fixture.incidentId, 'logs.txt'));
    bytes[0] = bytes[0]! ^ 0x01;
    writeFileSync(flipped, bytes);
    chmodSync(flipped, 0o600);
    const run = await irctl(fixture, 'custody', 'check-proof', flipped, '--proof', proof, '--pubkey', key);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stderr).toContain('the custody record says');
    expect(run.stderr).toContain('the file is not the one acquired');
  });

  it('a record edited to match a flipped file fails at the signed root', async () => {
    const proof = join(fixture.root, 'logs.proof.json');
    await irctl(fixture, 'custody', 'prove', fixture.incidentId, `${fixture.incidentId}/logs.txt`, '-o', proof);
    const flipped = join(fixture.root, 'flipped-logs.txt');
    const bytes = readFileSync(join(fixture.evidenceDir, fixture.incidentId, 'logs.txt'));
    bytes[0] = bytes[0]! ^ 0x01;
    writeFileSync(flipped, bytes);
    const { createHash } = await import('node:crypto');
    const doc = JSON.parse(readFileSync(proof, 'utf8')) as { record: string };
    const record = JSON.parse(doc.record) as { artifactSha256: string };
    doc.record = doc.record.replace(record.artifactSha256, createHash('sha256').update(bytes).digest('hex'));
    writeFileSync(proof, JSON.stringify(doc));
    const run = await irctl(fixture, 'custody', 'check-proof', flipped, '--proof', proof, '--pubkey', key);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.stdout).toMatch(/the record and audit path lead to root [0-9a-f]{64}, the checkpoint signed [0-9a-f]{64}: the record or the path was altered/);
  });

  it('no checkpoint covering the record yet: exit 5 with the command that signs one', async () => {
    fixture.append({ act: 'acquired', actor: 'carol', subject: 'x', artifact: fixture.evidence('late.txt', 'late\n') });
    const run = await irctl(fixture, 'custody', 'prove', fixture.incidentId, 'late.txt');
    expect(run.code).toBe(ExitCode.NOT_FOUND);
    expect(run.stderr).toContain(`irctl custody checkpoint ${fixture.incidentId}`);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCheckpoint } from '../../../src/custody/checkpoint.js';
import { rootOf, recordLeaf } from '../../../src/custody/merkle.js';
import { verifyCustody } from '../../../src/custody/verify.js';
import { loadPublicKey } from '../../../src/custody/keys.js';
import { checkInclusionProof, proveArtifact } from '../../../src/custody/proof.js';
import { buildRecord, recordFromRow, type CustodyRow } from '../../../src/custody/ledger.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLedgerFixture, seedIncident, tamper, type LedgerFixture } from './fixtures/ledger.js';

// custody_merkle_nodes is a cache derived from the records, with no triggers and no signature:
// whoever can write the store can overwrite it. A checkpoint must sign the records' root, never the
// cache's, and a poisoned cache must not make later verifies cry "rewritten".

const poison = (fixture: LedgerFixture) =>
  tamper(fixture, (raw) => raw.prepare('UPDATE custody_merkle_nodes SET hash = randomblob(32) WHERE incident_id = ?').run(fixture.incidentId));

function recordsRoot(fixture: LedgerFixture): string {
  const hashes = fixture.db.prepare('SELECT hash FROM custody_records WHERE incident_id = ? ORDER BY seq').pluck().all(fixture.incidentId) as string[];
  return rootOf(hashes.map(recordLeaf)).toString('hex');
}

describe('checkpoints and the Merkle cache', () => {
  let fixture: LedgerFixture;
  beforeEach(() => {
    fixture = createLedgerFixture();
    seedIncident(fixture); // 8 records, a checkpoint at 5 (which filled the cache)
  });
  afterEach(() => fixture.cleanup());

  it('signs the root of the records, not of a poisoned cache, and rebuilds the cache', async () => {
    writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'manual'); // cache now covers all 8
    poison(fixture);
    fixture.append({ act: 'verified', actor: 'dave', subject: 'ev-logs.txt' });

    const written = writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'export');
    expect(written.rootHash).toBe(recordsRoot(fixture));
    expect(written.cacheRebuilt).toContain('did not match the records');

    const result = await fixture.verify();
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.warnings.filter((w) => w.includes('Merkle cache'))).toEqual([]); // rebuilt: it agrees again
  });

  it('signs the records root when the cache was poisoned before the first checkpoint', async () => {
    const other = 'inc-20250101-0002';
    fixture.append({ act: 'contained', actor: 'alice', subject: 'web-2' }, other);
    fixture.append({ act: 'verified', actor: 'alice', subject: 'web-2' }, other);
    writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'manual'); // the other incident: no checkpoint, no cache
    tamper(fixture, (raw) => {
      const insert = raw.prepare('INSERT INTO custody_merkle_nodes (incident_id, level, idx, hash) VALUES (?, ?, ?, randomblob(32))');
      for (const [level, idx] of [
        [0, 0],
        [0, 1],
        [1, 0],
      ])
        insert.run(other, level, idx);
    });
    const written = writeCheckpoint(fixture.db, fixture.home, other, 'manual');
    const hashes = fixture.db.prepare('SELECT hash FROM custody_records WHERE incident_id = ? ORDER BY seq').pluck().all(other) as string[];
    expect(written.rootHash).toBe(rootOf(hashes.map(recordLeaf)).toString('hex'));
    const result = await verifyCustody(fixture.db, { incidentId: other, evidenceDir: fixture.evidenceDir, home: fixture.home });
    expect(result.problems).toEqual([]);
  });

  it('raises no "rewritten" alarm after a checkpoint over a poisoned cache, with --since-checkpoint too', async () => {
    const old = writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'manual');
    poison(fixture);
    for (let i = 0; i < 5; i++) fixture.append({ act: 'verified', actor: 'dave', subject: `check-${i}` });
    writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'export');
    poison(fixture); // again: consistency proofs read the cache too

    const result = await verifyCustody(fixture.db, {
      incidentId: fixture.incidentId,
      evidenceDir: fixture.evidenceDir,
      home: fixture.home,
      sinceCheckpoints: [{ label: 'old.txt', text: old.note }],
    });
    expect(result.problems).toEqual([]);
    expect(result.consistency).toEqual([expect.objectContaining({ from: 8, to: 13, ok: true })]);
  });

  it('says so when the cache does not match the records, and still passes them', async () => {
    writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'manual');
    poison(fixture);
    const result = await fixture.verify();
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([expect.stringContaining('the Merkle cache (custody_merkle_nodes) does not match the records')]);
  });

  it('hands out an inclusion proof that checks even when the cache was poisoned, and refuses one for rewritten records', () => {
    writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'manual');
    poison(fixture);
    const bytes = readFileSync(join(fixture.evidenceDir, fixture.incidentId, 'processes.txt'));
    const file = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };

    const proof = proveArtifact(fixture.db, fixture.incidentId, 'processes.txt');
    expect(checkInclusionProof(JSON.stringify(proof), file, loadPublicKey(fixture.home))).toMatchObject({ ok: true });

    // the proved record itself rewritten, with a hash that fits its new text: no proof is made to fit it
    const row = fixture.db.prepare('SELECT * FROM custody_records WHERE incident_id = ? AND seq = 7').get(fixture.incidentId) as CustodyRow;
    const before = recordFromRow(row);
    const forged = buildRecord(
      fixture.incidentId,
      7,
      before.prevHash,
      {
        act: before.act,
        actor: 'mallory',
        subject: before.subject,
        artifact: {
          sha256: before.artifactSha256!,
          size: before.artifactSize!,
          location: before.artifactLocation!,
          evidenceId: before.evidenceId ?? undefined,
        },
      },
      before.recordedAt,
    );
    tamper(fixture, (raw) =>
      raw.prepare('UPDATE custody_records SET actor = ?, hash = ? WHERE incident_id = ? AND seq = 7').run('mallory', forged.hash, fixture.incidentId),
    );
    expect(() => proveArtifact(fixture.db, fixture.incidentId, 'processes.txt')).toThrow(/no longer lead to the root/);
  });
});

import { renameSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCheckpoint } from '../../../src/custody/checkpoint.js';
import { loadPublicKey, signingKeyPath } from '../../../src/custody/keys.js';
import { verifyCustody } from '../../../src/custody/verify.js';
import { createLedgerFixture, seedIncident, type LedgerFixture } from './fixtures/ledger.js';

describe('verifyCustody', () => {
  let fixture: LedgerFixture;
  beforeEach(() => {
    fixture = createLedgerFixture();
    seedIncident(fixture);
  });
  afterEach(() => fixture.cleanup());

  it('counts records, evidence files and checkpoints of a clean ledger and returns its head', async () => {
    const head = fixture.db.prepare('SELECT hash FROM custody_records WHERE seq = 8').get() as { hash: string };
    expect(await fixture.verify()).toEqual({
      incidentId: fixture.incidentId,
      ok: true,
      records: 8,
      headHash: head.hash,
      artifacts: 3,
      checkpoints: 1,
      externalCheckpoints: 0,
      problems: [],
      consistency: [],
      pinned: 5,
      warnings: [expect.stringContaining('records 6–8 are pinned by no signed checkpoint')],
    });
  });

  it('verifies away from the signing host with the public key alone', async () => {
    const publicKey = loadPublicKey(fixture.home);
    renameSync(signingKeyPath(fixture.home), `${signingKeyPath(fixture.home)}.elsewhere`);
    const result = await verifyCustody(fixture.db, { incidentId: fixture.incidentId, evidenceDir: fixture.evidenceDir, publicKey });
    expect(result.ok).toBe(true);
  });

  it('fails when checkpoints exist but no key is at hand to check their signatures', async () => {
    renameSync(signingKeyPath(fixture.home), `${signingKeyPath(fixture.home)}.elsewhere`);
    const result = await fixture.verify();
    expect(result.problems).toEqual([expect.objectContaining({ seq: null, kind: 'checkpoint-signature', message: expect.stringContaining('no signing key') })]);
  });

  it('reports an external checkpoint that belongs to another incident', async () => {
    seedIncident(fixture, 'inc-other');
    const foreign = writeCheckpoint(fixture.db, fixture.home, 'inc-other', 'export');
    const result = await fixture.verify({ externalCheckpoints: [{ label: 'other.txt', text: foreign.note }] });
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'checkpoint-origin' })]);
  });

  it('reports an external checkpoint that is not a signed note', async () => {
    const result = await fixture.verify({ externalCheckpoints: [{ label: 'junk.txt', text: 'not a checkpoint' }] });
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'checkpoint-malformed', message: expect.stringContaining('junk.txt') })]);
  });

  it('proves an external checkpoint the ledger still extends', async () => {
    const kept = writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'export');
    fixture.append({ act: 'transferred', actor: 'dave', subject: 'bundle' });
    const result = await fixture.verify({ externalCheckpoints: [{ label: 'ticket.txt', text: kept.note }] });
    expect(result).toMatchObject({ ok: true, records: 9, externalCheckpoints: 1 });
  });
});

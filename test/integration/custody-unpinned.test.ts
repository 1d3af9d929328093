import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCheckpoint } from '../../src/custody/checkpoint.js';
import { buildRecord, recordFromRow, recordRowValues, RECORD_COLUMNS, type CustodyRow } from '../../src/custody/ledger.js';
import { insertIncident, setIncidentState } from '../../src/engine/incidents.js';
import { createLedgerFixture, irctlOnLedger, seedIncident, tamper, type LedgerFixture } from '../unit/custody/fixtures/ledger.js';
import type Database from 'better-sqlite3';

// Records no signed checkpoint pins can be written or rewritten by anyone who can write the store,
// without the signing key: rewrite the chain past the last checkpoint left standing, delete the
// checkpoints that pinned it, or append a record with a valid link. Local verify must say so.

const INSERT = `INSERT INTO custody_records (${RECORD_COLUMNS}) VALUES (${RECORD_COLUMNS.split(',')
  .map(() => '?')
  .join(', ')})`;

/** Rewrite record `from` (its subject) and every record after it, relinking and rehashing: a consistent forged chain. */
function rewriteFrom(raw: Database.Database, incidentId: string, from: number): void {
  const rows = raw
    .prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND seq >= ? ORDER BY seq`)
    .all(incidentId, from) as CustodyRow[];
  let prev = (raw.prepare('SELECT hash FROM custody_records WHERE incident_id = ? AND seq = ?').get(incidentId, from - 1) as { hash: string }).hash;
  raw.prepare('DELETE FROM custody_records WHERE incident_id = ? AND seq >= ?').run(incidentId, from);
  for (const row of rows) {
    const old = recordFromRow(row);
    const { hash: _hash, prevHash: _prev, seq, recordedAt, incidentId: _id, ...fields } = old;
    const forged = buildRecord(incidentId, seq, prev, { ...fields, ...(seq === from ? { subject: 'nothing happened' } : {}) } as never, recordedAt);
    raw.prepare(INSERT).run(...recordRowValues(forged));
    prev = forged.hash;
  }
}

function appendForged(raw: Database.Database, incidentId: string): void {
  const last = recordFromRow(
    raw.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? ORDER BY seq DESC LIMIT 1`).get(incidentId) as CustodyRow,
  );
  const forged = buildRecord(incidentId, last.seq + 1, last.hash, { act: 'approved', actor: 'lead-bob', subject: 'approve-kill' }, new Date().toISOString());
  raw.prepare(INSERT).run(...recordRowValues(forged));
}

/** The incident's row, closed with this status at this moment (as the runner or an abort leaves it). */
function closeIncident(fixture: LedgerFixture, status: 'succeeded' | 'aborted'): void {
  insertIncident(fixture.db, {
    id: fixture.incidentId,
    runbookName: 'web',
    runbookFile: 'web.yaml',
    runbookSource: '',
    severity: 'high',
    inputs: {},
    initiator: 'alice',
  });
  setIncidentState(fixture.db, fixture.incidentId, { status, finished_at: new Date().toISOString() });
}

describe('custody verify and records no checkpoint pins', () => {
  let fixture: LedgerFixture;
  beforeEach(() => {
    fixture = createLedgerFixture();
    seedIncident(fixture); // 8 records, a checkpoint at 5
  });
  afterEach(() => fixture.cleanup());

  it("warns about an open incident's unpinned tail, naming the range, and passes", async () => {
    const result = await fixture.verify();
    expect(result).toMatchObject({ ok: true, pinned: 5, problems: [] });
    expect(result.warnings).toEqual([expect.stringContaining('records 6–8 are pinned by no signed checkpoint')]);
    const cli = await irctlOnLedger(fixture, 'custody', 'verify', fixture.incidentId);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('warning: records 6–8 are pinned by no signed checkpoint: they could have been written or rewritten by anyone');
  });

  it('names every record after a rewrite whose checkpoints were deleted; --require-pinned fails it', async () => {
    tamper(fixture, (raw) => {
      rewriteFrom(raw, fixture.incidentId, 3);
      raw.prepare('DELETE FROM custody_checkpoints WHERE incident_id = ?').run(fixture.incidentId);
    });
    const result = await fixture.verify();
    expect(result.warnings).toEqual([expect.stringContaining('records 1–8 are pinned by no signed checkpoint')]);
    const cli = await irctlOnLedger(fixture, 'custody', 'verify', fixture.incidentId, '--require-pinned');
    expect(cli.code).toBe(7);
    expect(cli.stdout).toContain('record 1 [unpinned] records 1–8 are pinned by no signed checkpoint');
  });

  it('names an appended record with a valid link (no key needed)', async () => {
    tamper(fixture, (raw) => appendForged(raw, fixture.incidentId));
    writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'manual'); // pins 1–9: nothing unpinned left…
    tamper(fixture, (raw) => appendForged(raw, fixture.incidentId)); // …until the next forgery
    const result = await fixture.verify();
    expect(result.pinned).toBe(9);
    expect(result.warnings).toEqual([expect.stringContaining('record 10 is pinned by no signed checkpoint: it could have been written')]);
  });

  describe('an incident closed through the runner (it signs the head at close)', () => {
    beforeEach(() => {
      closeIncident(fixture, 'succeeded');
      writeCheckpoint(fixture.db, fixture.home, fixture.incidentId, 'closed:succeeded');
    });

    it('passes with no warning when the close pinned every record', async () => {
      const cli = await irctlOnLedger(fixture, 'custody', 'verify', fixture.incidentId);
      expect(cli.code).toBe(0);
      expect(cli.stdout).not.toContain('warning');
    });

    it('fails when the checkpoints pinning a rewrite were deleted', async () => {
      tamper(fixture, (raw) => {
        rewriteFrom(raw, fixture.incidentId, 6);
        raw.prepare('DELETE FROM custody_checkpoints WHERE incident_id = ? AND seq >= 6').run(fixture.incidentId);
      });
      const cli = await irctlOnLedger(fixture, 'custody', 'verify', fixture.incidentId);
      expect(cli.code).toBe(7);
      expect(cli.stdout).toMatch(/record 6 \[unpinned\] incident \S+ closed at \S+ and irctl signs the ledger's head when an incident closes, but records 6–8/);
    });

    it('fails when the tail and its closing checkpoint were deleted, down to an earlier checkpoint', async () => {
      tamper(fixture, (raw) => {
        raw.prepare('DELETE FROM custody_records WHERE incident_id = ? AND seq >= 6').run(fixture.incidentId);
        raw.prepare('DELETE FROM custody_checkpoints WHERE incident_id = ? AND seq >= 6').run(fixture.incidentId);
      });
      const cli = await irctlOnLedger(fixture, 'custody', 'verify', fixture.incidentId);
      expect(cli.code).toBe(7);
      expect(cli.stdout).toContain('no stored checkpoint was signed at or after its close');
    });

    it('warns, without failing, about a record appended after the close', async () => {
      tamper(fixture, (raw) => appendForged(raw, fixture.incidentId));
      const cli = await irctlOnLedger(fixture, 'custody', 'verify', fixture.incidentId);
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain('warning: record 9 is pinned by no signed checkpoint');
    });
  });

  it('asserts nothing about a close that signs nothing (an abort of a stopped run): warning only', async () => {
    closeIncident(fixture, 'aborted');
    const cli = await irctlOnLedger(fixture, 'custody', 'verify', fixture.incidentId);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('warning: records 6–8 are pinned by no signed checkpoint');
  });
});

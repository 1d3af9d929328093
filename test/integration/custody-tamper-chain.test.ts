import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { buildRecord, recordFromRow, recordRowValues, RECORD_COLUMNS, type CustodyRow } from '../../src/custody/ledger.js';
import { createLedgerFixture, seedIncident, tamper, type LedgerFixture } from '../unit/custody/fixtures/ledger.js';

// Each test is one attack on the ledger's rows, made the way an attacker with the file would:
// open the SQLite file directly and drop the append-only triggers first.

const INSERT = `INSERT INTO custody_records (${RECORD_COLUMNS}) VALUES (${RECORD_COLUMNS.split(',')
  .map(() => '?')
  .join(', ')})`;

function rowAt(raw: Database.Database, incidentId: string, seq: number): CustodyRow {
  return raw.prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND seq = ?`).get(incidentId, seq) as CustodyRow;
}

/** Move records at or after `fromSeq` by `shift`, going through negative seqs to dodge UNIQUE. */
function renumber(raw: Database.Database, incidentId: string, fromSeq: number, shift: number): void {
  raw.prepare('UPDATE custody_records SET seq = -seq WHERE incident_id = ? AND seq >= ?').run(incidentId, fromSeq);
  raw.prepare('UPDATE custody_records SET seq = -seq + ? WHERE incident_id = ? AND seq < 0').run(shift, incidentId);
}

describe('custody verify against a tampered chain', () => {
  let fixture: LedgerFixture;
  beforeEach(() => {
    fixture = createLedgerFixture();
    seedIncident(fixture);
  });
  afterEach(() => fixture.cleanup());

  it('passes a clean ledger with its evidence files and checkpoint', async () => {
    const result = await fixture.verify();
    expect(result).toMatchObject({ ok: true, records: 8, artifacts: 3, checkpoints: 1, problems: [] });
  });

  it('names the record whose field was modified, and only that record', async () => {
    tamper(fixture, (raw) => raw.prepare("UPDATE custody_records SET actor = 'mallory' WHERE seq = 3").run());
    const result = await fixture.verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'hash' })]);
    expect(result.problems[0]!.message).toContain('record 3 does not match its hash');
  });

  it('names the gap where a record in the middle was deleted', async () => {
    tamper(fixture, (raw) => raw.prepare('DELETE FROM custody_records WHERE seq = 4').run());
    const result = await fixture.verify();
    expect(result.problems[0]).toMatchObject({ seq: 5, kind: 'sequence' });
    expect(result.problems[0]!.message).toContain('record 4 is missing');
  });

  it('detects a tail deleted below the last stored checkpoint', async () => {
    tamper(fixture, (raw) => raw.prepare('DELETE FROM custody_records WHERE seq >= 4').run());
    const result = await fixture.verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 4, kind: 'checkpoint-ahead' })]);
    expect(result.problems[0]!.message).toContain('records 4–5 were cut off');
  });

  it('detects an inserted record at the first record after it', async () => {
    tamper(fixture, (raw) => {
      const before = recordFromRow(rowAt(raw, fixture.incidentId, 3));
      renumber(raw, fixture.incidentId, 4, 1);
      const forged = buildRecord(fixture.incidentId, 4, before.hash, { act: 'verified', actor: 'mallory', subject: 'ev-logs.txt' }, before.recordedAt);
      raw.prepare(INSERT).run(...recordRowValues(forged));
    });
    const result = await fixture.verify();
    expect(result.problems[0]).toMatchObject({ seq: 5 });
    expect(result.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['hash', 'link']));
  });

  it('detects two records swapped at the first of them', async () => {
    tamper(fixture, (raw) => {
      raw.prepare('UPDATE custody_records SET seq = -1 WHERE seq = 3').run();
      raw.prepare('UPDATE custody_records SET seq = 3 WHERE seq = 4').run();
      raw.prepare('UPDATE custody_records SET seq = 4 WHERE seq = -1').run();
    });
    const result = await fixture.verify();
    expect(result.problems[0]).toMatchObject({ seq: 3, kind: 'hash' });
    expect(result.problems.filter((p) => p.seq === 4).length).toBeGreaterThan(0);
  });

  it('detects a record copied from another incident into this one', async () => {
    seedIncident(fixture, 'inc-20250101-0002');
    tamper(fixture, (raw) => {
      const foreign = rowAt(raw, 'inc-20250101-0002', 1);
      raw.prepare('DELETE FROM custody_records WHERE incident_id = ? AND seq = 1').run(fixture.incidentId);
      raw.prepare(INSERT).run(...Object.values({ ...foreign, incident_id: fixture.incidentId }));
    });
    const result = await fixture.verify();
    expect(result.problems[0]).toMatchObject({ seq: 1, kind: 'hash' });
    expect(result.problems[1]).toMatchObject({ seq: 1, kind: 'link' });
    expect(result.problems[1]!.message).toContain('not derived from the incident id');
  });

  it('detects a chain recomputed from a modified record onward by its signed checkpoint', async () => {
    tamper(fixture, (raw) => {
      let prevHash = rowAt(raw, fixture.incidentId, 2).hash;
      for (let seq = 3; seq <= 8; seq++) {
        const original = recordFromRow(rowAt(raw, fixture.incidentId, seq));
        const entry = { act: original.act, actor: seq === 3 ? 'mallory' : original.actor, subject: original.subject };
        const rebuilt = buildRecord(fixture.incidentId, seq, prevHash, entry, original.recordedAt);
        raw.prepare('DELETE FROM custody_records WHERE incident_id = ? AND seq = ?').run(fixture.incidentId, seq);
        raw.prepare(INSERT).run(...recordRowValues(rebuilt));
        prevHash = rebuilt.hash;
      }
    });
    const result = await fixture.verify();
    expect(result.problems).toEqual([expect.objectContaining({ seq: 5, kind: 'checkpoint-diverged' })]);
    expect(result.problems[0]!.message).toContain('the chain up to record 5 was rewritten');
  });
});

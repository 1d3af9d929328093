import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { genesisHash, recordHash } from '../../../src/custody/canonical.js';
import { appendCustody, appendCustodyAll, buildRecord, custodyAppender, custodyIncidentIds, listCustody } from '../../../src/custody/ledger.js';
import { UsageError } from '../../../src/errors.js';
import type { Db } from '../../../src/store/db.js';
import { openStore } from '../../../src/schema.js';

describe('custody ledger', () => {
  let db: Db;
  beforeEach(() => {
    db = openStore(':memory:');
  });
  afterEach(() => db.close());

  it('starts each incident at seq 1, linked to the genesis hash of the incident id', () => {
    const first = appendCustody(db, 'inc-1', { act: 'contained', actor: 'alice', subject: 'web-1' });
    expect(first).toMatchObject({ seq: 1, prevHash: genesisHash('inc-1'), incidentId: 'inc-1' });
  });

  it('links every record to the hash of the one before it', () => {
    const first = appendCustody(db, 'inc-1', { act: 'contained', actor: 'alice', subject: 'web-1' });
    const second = appendCustody(db, 'inc-1', { act: 'acquired', actor: 'alice', subject: 'web-1' });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
  });

  it('keeps one chain per incident', () => {
    appendCustody(db, 'inc-1', { act: 'contained', actor: 'alice', subject: 'web-1' });
    const other = appendCustody(db, 'inc-2', { act: 'contained', actor: 'alice', subject: 'web-2' });
    expect(other).toMatchObject({ seq: 1, prevHash: genesisHash('inc-2') });
    expect(custodyIncidentIds(db)).toEqual(['inc-1', 'inc-2']);
  });

  it('stamps records with UTC time to the millisecond', () => {
    const record = appendCustody(db, 'inc-1', { act: 'contained', actor: 'alice', subject: 'web-1' }, () => new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)));
    expect(record.recordedAt).toBe('2025-01-02T03:04:05.006Z');
  });

  it('reads back every field it stored, artifact included', () => {
    const entry = {
      act: 'acquired',
      actor: 'alice',
      subject: 'web-1',
      where: { host: 'local', containerId: 'abc' },
      how: { action: 'evidence.logs', params: { since: '1h' } },
      details: { lines: 12 },
      artifact: { sha256: 'f'.repeat(64), size: 99, location: 'inc-1/logs.txt', evidenceId: 'ev-1' },
    };
    const written = appendCustody(db, 'inc-1', entry);
    expect(listCustody(db, 'inc-1')).toEqual([written]);
    expect(written).toMatchObject({
      where: entry.where,
      how: entry.how,
      details: entry.details,
      artifactSha256: 'f'.repeat(64),
      artifactSize: 99,
      artifactLocation: 'inc-1/logs.txt',
      evidenceId: 'ev-1',
    });
  });

  it('gives actions an appender bound to their incident', () => {
    const appender = custodyAppender(db, 'inc-7');
    expect(appender.record({ act: 'paused', actor: 'auto', subject: 'web-1' }).seq).toBe(1);
    expect(appender.record({ act: 'unpaused', actor: 'auto', subject: 'web-1' }).seq).toBe(2);
    expect(listCustody(db, 'inc-7').map((r) => r.act)).toEqual(['paused', 'unpaused']);
  });

  it('appends a batch as one chain in the order given, after what was there', () => {
    const first = appendCustody(db, 'inc-1', { act: 'contained', actor: 'alice', subject: 'web-1' });
    const batch = custodyAppender(db, 'inc-1').recordAll([
      { act: 'acquired', actor: 'alice', subject: 'a' },
      { act: 'acquired', actor: 'alice', subject: 'b' },
    ]);
    const records = listCustody(db, 'inc-1');
    expect(records.map((r) => [r.seq, r.subject])).toEqual([
      [1, 'web-1'],
      [2, 'a'],
      [3, 'b'],
    ]);
    expect(records[1]!.prevHash).toBe(first.hash);
    expect(records[2]!.prevHash).toBe(records[1]!.hash);
    expect(batch).toEqual(records.slice(1).map(({ seq, hash }) => ({ seq, hash })));
  });

  it('appends none of a batch when one entry is invalid', () => {
    const bad = { act: 'acquired', actor: 'alice', subject: 'x', artifact: { sha256: 'nope', size: 1, location: 'inc-1/x' } };
    expect(() => appendCustodyAll(db, 'inc-1', [{ act: 'acquired', actor: 'alice', subject: 'ok' }, bad])).toThrow(UsageError);
    expect(listCustody(db, 'inc-1')).toEqual([]);
  });

  it('hashes the text it stores: every record hash equals recordHash of its fields, read back or built', () => {
    const json = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }) as fc.Arbitrary<Record<string, never>>;
    fc.assert(
      fc.property(
        fc.option(json, { nil: undefined }),
        fc.option(json, { nil: undefined }),
        fc.option(json, { nil: undefined }),
        fc.string({ minLength: 1 }),
        (where, how, details, subject) => {
          const entry = { act: 'acquired', actor: 'alice', subject, where, how, details };
          const { hash: builtHash, ...builtFields } = buildRecord('inc-p', 1, genesisHash('inc-p'), entry, '2026-01-01T00:00:00.000Z');
          expect(builtHash).toBe(recordHash(builtFields));
          const stored = appendCustody(db, 'inc-p', entry);
          const { hash: readHash, ...readFields } = listCustody(db, 'inc-p').at(-1)!;
          expect(readHash).toBe(stored.hash);
          expect(recordHash(readFields)).toBe(stored.hash);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses an artifact location outside the evidence directory', () => {
    const artifact = { sha256: 'f'.repeat(64), size: 1, location: 'inc-1/../../etc/passwd' };
    expect(() => appendCustody(db, 'inc-1', { act: 'acquired', actor: 'alice', subject: 'x', artifact })).toThrow(UsageError);
  });

  it('refuses an artifact hash that is not 64 lowercase hex digits', () => {
    const artifact = { sha256: 'ABC', size: 1, location: 'inc-1/a' };
    expect(() => appendCustody(db, 'inc-1', { act: 'acquired', actor: 'alice', subject: 'x', artifact })).toThrow(/artifact\.sha256/);
  });

  it('refuses UPDATE of a record through its trigger', () => {
    appendCustody(db, 'inc-1', { act: 'contained', actor: 'alice', subject: 'web-1' });
    expect(() => db.prepare("UPDATE custody_records SET actor = 'mallory'").run()).toThrow(/append-only: UPDATE refused/);
  });

  it('refuses DELETE of a record through its trigger', () => {
    appendCustody(db, 'inc-1', { act: 'contained', actor: 'alice', subject: 'web-1' });
    expect(() => db.prepare('DELETE FROM custody_records').run()).toThrow(/append-only: DELETE refused/);
  });

  it('refuses UPDATE and DELETE of checkpoints through their triggers', () => {
    db.prepare(
      "INSERT INTO custody_checkpoints (incident_id, seq, head_hash, note, signature, key_id, reason, created_at) VALUES ('i', 1, 'h', 'n', 's', 'k', 'r', 't')",
    ).run();
    expect(() => db.prepare('UPDATE custody_checkpoints SET seq = 2').run()).toThrow(/UPDATE refused/);
    expect(() => db.prepare('DELETE FROM custody_checkpoints').run()).toThrow(/DELETE refused/);
  });
});

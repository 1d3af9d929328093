import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, writeDurably, writeTransaction, writeUnsynced } from '../../../src/store/db.js';

// synchronous: 1 = NORMAL (the WAL is not synced at commit), 2 = FULL (synced at every commit)
const store = () =>
  openDb(join(mkdtempSync(join(tmpdir(), 'irctl-bookkeeping-')), 'irctl.db'), [{ id: 'rows', sql: 'CREATE TABLE rows (n INTEGER NOT NULL)' }]);
const synchronous = (db: ReturnType<typeof store>) => db.pragma('synchronous', { simple: true });

describe('unsynced writes', () => {
  it('commit without a sync of their own, and every other write syncs as before', () => {
    const db = store();
    expect(synchronous(db)).toBe(2);
    writeUnsynced(db, () => {
      expect(synchronous(db)).toBe(1);
      db.prepare('INSERT INTO rows (n) VALUES (1)').run();
    });
    expect(synchronous(db)).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(1);
  });

  it('put FULL back when the transaction fails, and write nothing', () => {
    const db = store();
    expect(() =>
      writeUnsynced(db, () => {
        db.prepare('INSERT INTO rows (n) VALUES (1)').run();
        throw new Error('step vanished');
      }),
    ).toThrow('step vanished');
    expect(synchronous(db)).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(0);
  });

  it('inside a synced transaction, leave the commit to it', () => {
    const db = store();
    writeTransaction(db, () => {
      writeUnsynced(db, () => {
        expect(synchronous(db)).toBe(2);
        db.prepare('INSERT INTO rows (n) VALUES (1)').run();
      });
    });
    expect(synchronous(db)).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(1);
  });
});

describe('durable writes', () => {
  it('resolve with the transaction result once the WAL is synced, for many at once', async () => {
    const db = store();
    const written = await Promise.all([1, 2, 3].map((n) => writeDurably(db, () => db.prepare('INSERT INTO rows (n) VALUES (?)').run(n).changes)));
    expect(written).toEqual([1, 1, 1]);
    expect(synchronous(db)).toBe(2);
    expect(db.prepare('SELECT n FROM rows ORDER BY n').pluck().all()).toEqual([1, 2, 3]);
  });

  it('reject when the WAL cannot be synced, after the commit (the caller keeps what it recorded)', async () => {
    const db = store();
    db.pragma('journal_mode = DELETE'); // no WAL file to sync
    await expect(writeDurably(db, () => db.prepare('INSERT INTO rows (n) VALUES (1)').run())).rejects.toThrow(/ENOENT/);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(1);
  });
});

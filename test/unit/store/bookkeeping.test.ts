import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, writeBookkeeping, writeTransaction } from '../../../src/store/db.js';

// synchronous: 1 = NORMAL (the WAL is not synced at commit), 2 = FULL (synced at every commit)
const store = () =>
  openDb(join(mkdtempSync(join(tmpdir(), 'irctl-bookkeeping-')), 'irctl.db'), [{ id: 'rows', sql: 'CREATE TABLE rows (n INTEGER NOT NULL)' }]);
const synchronous = (db: ReturnType<typeof store>) => db.pragma('synchronous', { simple: true });

describe('bookkeeping writes', () => {
  it('commit without a sync of their own, and every other write syncs as before', () => {
    const db = store();
    expect(synchronous(db)).toBe(2);
    writeBookkeeping(db, () => {
      expect(synchronous(db)).toBe(1);
      db.prepare('INSERT INTO rows (n) VALUES (1)').run();
    });
    expect(synchronous(db)).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(1);
  });

  it('put FULL back when the transaction fails, and write nothing', () => {
    const db = store();
    expect(() =>
      writeBookkeeping(db, () => {
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
      writeBookkeeping(db, () => {
        expect(synchronous(db)).toBe(2);
        db.prepare('INSERT INTO rows (n) VALUES (1)').run();
      });
    });
    expect(synchronous(db)).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/store/db.js';

const store = () => {
  const db = openDb(':memory:', [{ id: 'numbers', sql: 'CREATE TABLE numbers (n INTEGER NOT NULL)' }]);
  const insert = db.prepare('INSERT INTO numbers (n) VALUES (?)');
  for (const n of [1, 2, 3]) insert.run(n);
  return db;
};

describe('prepared statements kept per connection', () => {
  it('prepares one SQL text once', () => {
    const db = store();
    expect(db.prepare('SELECT n FROM numbers ORDER BY n')).toBe(db.prepare('SELECT n FROM numbers ORDER BY n'));
    expect(db.prepare('SELECT n FROM numbers ORDER BY n')).not.toBe(db.prepare('SELECT n FROM numbers ORDER BY n DESC'));
  });

  it('hands a kept statement out with plain rows, whatever mode its last user set', () => {
    const db = store();
    expect(db.prepare('SELECT n FROM numbers ORDER BY n').pluck().all()).toEqual([1, 2, 3]);
    expect(db.prepare('SELECT n FROM numbers ORDER BY n').all()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(db.prepare('SELECT n FROM numbers ORDER BY n').raw().get()).toEqual([1]);
    expect(db.prepare('SELECT n FROM numbers ORDER BY n').get()).toEqual({ n: 1 });
  });

  it('gives a fresh statement while the kept one is still being iterated', () => {
    const db = store();
    const seen: number[] = [];
    for (const row of db.prepare('SELECT n FROM numbers ORDER BY n').iterate() as IterableIterator<{ n: number }>) {
      // the same SQL asked for again inside the loop: the busy one is not handed out
      seen.push(row.n, (db.prepare('SELECT n FROM numbers ORDER BY n').all() as unknown[]).length);
    }
    expect(seen).toEqual([1, 3, 2, 3, 3, 3]);
  });

  it('still throws for SQL that does not compile, every time', () => {
    const db = store();
    expect(() => db.prepare('SELEC n FROM numbers')).toThrow(/syntax error/);
    expect(() => db.prepare('SELEC n FROM numbers')).toThrow(/syntax error/);
  });
});

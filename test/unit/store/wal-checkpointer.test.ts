import { mkdtempSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, writeTransaction } from '../../../src/store/db.js';
import { checkpointInBackground } from '../../../src/store/wal-checkpointer.js';
import { waitUntil } from '../../helpers/wait-until.js';

const store = () =>
  openDb(join(mkdtempSync(join(tmpdir(), 'irctl-checkpoint-')), 'irctl.db'), [
    { id: 'rows', sql: 'CREATE TABLE rows (n INTEGER NOT NULL, pad TEXT NOT NULL)' },
  ]);
const autoCheckpoint = (db: ReturnType<typeof store>) => db.pragma('wal_autocheckpoint', { simple: true });
/** Write about 2,000 pages (8 MB): twice what SQLite lets the WAL hold before it checkpoints in a commit. */
function writePages(db: ReturnType<typeof store>) {
  for (let batch = 0; batch < 20; batch++) {
    writeTransaction(db, () => {
      for (let i = 0; i < 100; i++) db.prepare('INSERT INTO rows (n, pad) VALUES (?, ?)').run(i, 'x'.repeat(4000));
    });
  }
}

describe('the WAL checkpointer', () => {
  it('stops the connection checkpointing in its commits and checkpoints on its worker instead', async () => {
    const db = store();
    const errors: string[] = [];
    const checkpointer = checkpointInBackground(db, { everyMs: 20, onError: (message) => errors.push(message) });
    expect(autoCheckpoint(db)).toBe(0);
    const before = statSync(db.name).size;
    writePages(db);
    // only a checkpoint moves pages from the WAL into the store file, and this connection makes none
    await waitUntil(() => statSync(db.name).size > before + 4_000_000, 'the worker to checkpoint the WAL into the store file');
    await checkpointer.close();
    expect(autoCheckpoint(db)).toBe(1000);
    expect(errors).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM rows').pluck().get()).toBe(2000);
    db.close();
  });

  it('hands checkpoints back to the connection when its worker fails', async () => {
    const db = store();
    unlinkSync(db.name); // the worker's own connection cannot open the store now
    const errors: string[] = [];
    const checkpointer = checkpointInBackground(db, { everyMs: 20, onError: (message) => errors.push(message) });
    await waitUntil(() => autoCheckpoint(db) === 1000, 'the connection to checkpoint itself again');
    expect(errors.join('\n')).toMatch(/WAL checkpoint worker/);
    await checkpointer.close();
    db.close();
  });
});

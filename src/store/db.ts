import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files.js';
import { dirname } from 'node:path';
import { fsyncPath } from './fsync.js';
import type { Migration } from './migrations.js';

export type Db = Database.Database;

/**
 * Open (creating if needed) the irctl SQLite store: WAL so readers never block the runner,
 * synchronous=FULL because the journal and the custody ledger must survive a power cut,
 * and a busy timeout so several irctl processes can share one file. `migrations` is the list of
 * every table's schema (src/schema.ts): the store itself knows none of them.
 */
export function openDb(path: string, migrations: readonly Migration[]): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  const created = path !== ':memory:' && !existsSync(path);
  const db = new Database(path);
  // SQLite gives the WAL and shared-memory files the store file's mode
  if (created) chmodSync(path, PRIVATE_FILE_MODE);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  keepPreparedStatements(db);
  migrate(db, migrations);
  return db;
}

/** Statements kept per connection; SQL texts come from the code, so this is room to spare. */
const STATEMENTS_KEPT = 512;

/**
 * better-sqlite3 compiles SQL on every prepare (tens of microseconds; a second of CPU in a flood of
 * 2,000 alerts): each SQL text is prepared once per connection and reused. A statement still being
 * iterated is never handed out again (a fresh one is made for that call), and a kept statement is
 * put back to plain rows first, since pluck/raw/expand stick to it.
 */
function keepPreparedStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    const statement = kept.get(source);
    if (statement && !statement.busy) {
      if (statement.reader) statement.pluck(false).raw(false).expand(false);
      return statement;
    }
    const fresh = prepare(source);
    if (!statement) {
      if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
      kept.set(source, fresh);
    }
    return fresh;
  }) as typeof db.prepare;
}

/** Apply the migrations of `list` that this store has not applied yet, in order. */
export function migrate(db: Db, list: readonly Migration[]): void {
  // The applied list is read inside the write transaction, so two processes opening a new store at
  // the same moment cannot both apply one migration.
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set((db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((r) => r.id));
    for (const migration of list) {
      if (applied.has(migration.id)) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, new Date().toISOString());
    }
  }).immediate();
}

/**
 * A statement prepared once per connection and kept: preparing parses and plans the SQL again,
 * which on a path run once per artifact costs more than the statement itself.
 */
export function preparedOnce<P extends unknown[] | object = unknown[], R = unknown>(sql: string): (db: Db) => Database.Statement<P, R> {
  const byDb = new WeakMap<Db, Database.Statement<P, R>>();
  return (db) => {
    let statement = byDb.get(db);
    if (!statement) {
      statement = db.prepare<P, R>(sql);
      byDb.set(db, statement);
    }
    return statement;
  };
}

/** Run fn in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so racing
 *  processes serialise instead of failing halfway with SQLITE_BUSY. */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

const syncNormal = preparedOnce('PRAGMA synchronous = NORMAL');
const syncFull = preparedOnce('PRAGMA synchronous = FULL');

/**
 * A write transaction whose commit is not synced on its own: for bookkeeping (a step's journal end,
 * the run's snapshot, the runner's lease), or for a caller that then awaits syncWal. On the way from
 * an alert to isolate each synced commit held the event loop for a WAL fsync (0.3–3 ms, more under
 * load). A killed process loses nothing (the commit is in the kernel's cache). A power cut can lose
 * only the unsynced tail, since WAL keeps commits in order: the state a kill -9 just before it
 * leaves, which resume already handles. The next synced commit (an act's write-ahead intent, a
 * custody record, a new incident) carries the tail to the disk with it, so nothing done to the
 * outside world rests on it. Never for a write followed by an act or a message with no sync between.
 */
export function writeUnsynced<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return writeTransaction(db, fn); // nested: the outer commit decides
  syncNormal(db).run();
  try {
    return writeTransaction(db, fn);
  } finally {
    syncFull(db).run();
  }
}

/**
 * A write transaction made durable off the event loop: committed without a sync of its own, then
 * the store's WAL is fsynced on the thread pool, shared with every commit that asks meanwhile
 * (the captures in front of isolate, a flood's incidents). Await it before anything acts on the
 * write: an engine call after an intent, a reply after a new incident.
 */
export async function writeDurably<T>(db: Db, fn: () => T): Promise<T> {
  const result = writeUnsynced(db, fn);
  await syncWal(db);
  return result;
}

/** Make every commit so far durable: fsync the store's WAL (WAL keeps them in order), off the event loop. */
export function syncWal(db: Db): Promise<void> {
  return db.memory ? Promise.resolve() : fsyncPath(`${db.name}-wal`);
}

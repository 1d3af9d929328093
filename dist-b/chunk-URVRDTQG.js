import {
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE
} from "./chunk-LQHUQG2A.js";

// dist/store/db.js
import Database from "better-sqlite3";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
function openDb(path, migrations) {
  if (path !== ":memory:")
    mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  const created = path !== ":memory:" && !existsSync(path);
  const db = new Database(path);
  if (created)
    chmodSync(path, PRIVATE_FILE_MODE);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 10000");
  keepPreparedStatements(db);
  migrate(db, migrations);
  return db;
}
var STATEMENTS_KEPT = 512;
function keepPreparedStatements(db) {
  const prepare = db.prepare.bind(db);
  const kept = /* @__PURE__ */ new Map();
  db.prepare = ((source) => {
    const statement = kept.get(source);
    if (statement && !statement.busy) {
      if (statement.reader)
        statement.pluck(false).raw(false).expand(false);
      return statement;
    }
    const fresh = prepare(source);
    if (!statement) {
      if (kept.size >= STATEMENTS_KEPT)
        kept.delete(kept.keys().next().value);
      kept.set(source, fresh);
    }
    return fresh;
  });
}
function migrate(db, list) {
  db.transaction(() => {
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
    const applied = new Set(db.prepare("SELECT id FROM schema_migrations").all().map((r) => r.id));
    for (const migration of list) {
      if (applied.has(migration.id))
        continue;
      db.exec(migration.sql);
      db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)").run(migration.id, (/* @__PURE__ */ new Date()).toISOString());
    }
  }).immediate();
}
function writeTransaction(db, fn) {
  return db.transaction(fn).immediate();
}

export {
  openDb,
  migrate,
  writeTransaction
};

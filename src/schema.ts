import { authSchema } from './auth/schema.js';
import { custodySchema } from './custody/schema.js';
import { evidenceSchema } from './evidence/schema.js';
import { findingsSchema } from './investigate/schema.js';
import { coreSchema } from './store/core-schema.js';
import { oncallSchema } from './store/oncall-schema.js';
import { openDb, type Db } from './store/db.js';
import type { Migration } from './store/migrations.js';

// The one list of the store's migrations: each module keeps its schema in its own file, and this
// list sits above all of them so the store (the ground floor) knows none. The server's table
// (src/server/schema.ts) is applied by the server itself: it sits above this layer.
// Append only: a migration that has landed is never edited or reordered.
export const MIGRATIONS: readonly Migration[] = [...coreSchema, ...custodySchema, ...evidenceSchema, ...authSchema, ...findingsSchema, ...oncallSchema];

/** Open (creating if needed) the irctl store with every table below the server. */
export function openStore(path: string): Db {
  return openDb(path, MIGRATIONS);
}

// Every module that owns tables keeps its schema in its own file; this is the one list of them.
// Append only: a migration that has landed is never edited.
import { coreSchema } from './core-schema.js';
import { evidenceSchema } from '../evidence/schema.js';
import { custodySchema } from '../custody/schema.js';
import { authSchema } from '../auth/schema.js';
import { serverSchema } from '../server/schema.js';
import { findingsSchema } from '../investigate/schema.js';
import { consoleSchema } from '../server/ui/schema.js';

export interface Migration {
  id: string;
  sql: string;
}

export const migrations: Migration[] = [...coreSchema, ...custodySchema, ...evidenceSchema, ...authSchema, ...serverSchema, ...findingsSchema, ...consoleSchema];

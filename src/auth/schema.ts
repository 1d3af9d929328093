import type { Migration } from '../store/migrations.js';

// API keys for the HTTP side. Only a SHA-256 of each key is kept; the key itself is shown once.
export const authSchema: Migration[] = [
  {
    id: 'auth-1',
    sql: `
CREATE TABLE api_keys (
  key_id TEXT PRIMARY KEY,            -- the visible part: irk_<key_id>_…
  actor TEXT NOT NULL,                -- who the key acts as
  role TEXT,                          -- admin | operator | viewer; NULL = the actor's roles from the roles file
  key_sha256 TEXT NOT NULL,           -- hex SHA-256 of the whole key
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_by TEXT,
  revoked_at TEXT
);
`,
  },
  {
    // a key may be narrowed to fewer containers than the server's scope: JSON list of scope rules
    id: 'auth-2',
    sql: `ALTER TABLE api_keys ADD COLUMN scope TEXT;`,
  },
];

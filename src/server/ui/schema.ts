import type { Migration } from '../../store/migrations.js';

// Console sign-in sessions. Only a SHA-256 of the session token is kept (the token lives in the
// browser's HttpOnly cookie); the API key that opened the session is never stored anywhere but
// api_keys, as its hash. Revoking that key ends its sessions (checked on every request).
export const consoleSchema: Migration[] = [
  {
    id: 'console-1',
    sql: `
CREATE TABLE ui_sessions (
  token_sha256 TEXT PRIMARY KEY,      -- hex SHA-256 of the cookie's token
  key_id TEXT NOT NULL REFERENCES api_keys(key_id),
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL         -- epoch ms; absolute, never extended
);
CREATE INDEX ui_sessions_expiry ON ui_sessions(expires_at);
`,
  },
];

import type { Migration } from './migrations.js';

// Who acknowledged an incident's page (acknowledgements.ts), and the maintenance windows during
// which matching alerts open nothing (src/alerts/silences.ts).
export const oncallSchema: Migration[] = [
  {
    id: 'oncall-1',
    sql: `
CREATE TABLE acknowledgements (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  actor TEXT NOT NULL,
  comment TEXT,
  at TEXT NOT NULL
);
CREATE INDEX acknowledgements_incident ON acknowledgements(incident_id, seq);

CREATE TABLE silences (
  id TEXT PRIMARY KEY,
  matchers TEXT NOT NULL,             -- JSON [{name, op, value}], Alertmanager semantics
  starts_at INTEGER NOT NULL,         -- epoch ms
  ends_at INTEGER NOT NULL,
  comment TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expired_by TEXT,
  suppressed INTEGER NOT NULL DEFAULT 0  -- alerts it answered "silenced"
);
CREATE INDEX silences_active ON silences(ends_at);
`,
  },
];

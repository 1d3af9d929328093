import type { Migration } from '../store/migrations.js';

// One row per artifact, written by the evidence store. A failed capture keeps its row with
// status 'incomplete' and the error, so the record of what was attempted survives; it never
// claims a hash.
export const evidenceSchema: Migration[] = [
  {
    id: 'evidence-1',
    sql: `
CREATE TABLE evidence (
  id TEXT PRIMARY KEY,                -- ev-…
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  name TEXT NOT NULL,                 -- file name inside the incident folder
  kind TEXT NOT NULL,                 -- logs | inspect | processes | network | diff | files | image | export | host-command | …
  media_type TEXT NOT NULL,
  path TEXT NOT NULL,                 -- <incidentId>/<file>, relative to the evidence directory (incomplete: the removed temp file)
  sha256 TEXT,                        -- NULL while incomplete
  size INTEGER NOT NULL,              -- bytes written (for an incomplete capture: before it failed)
  status TEXT NOT NULL CHECK (status IN ('complete', 'incomplete')),
  captured_at TEXT NOT NULL,          -- UTC ISO-8601, when the capture finished or failed
  captured_by TEXT NOT NULL,          -- actor
  subject TEXT NOT NULL,              -- what it was captured from
  error TEXT                          -- why an incomplete capture failed
);
CREATE INDEX evidence_incident ON evidence(incident_id, captured_at);
`,
  },
  {
    // every capture asks whether its file name is taken: without this, a scan of the whole table each time
    id: 'evidence-2',
    sql: `CREATE INDEX evidence_path ON evidence(path);`,
  },
];

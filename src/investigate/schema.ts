import type { Migration } from '../store/migrations.js';

// What the investigation steps found, one row per finding, tied to the step that found it and
// to the (verified) evidence it was found in. Read by `irctl findings` and the reports.
export const findingsSchema: Migration[] = [
  {
    id: 'findings-1',
    sql: `
CREATE TABLE findings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  kind TEXT NOT NULL,                 -- ioc-match | persistence | dropped-executable | shell | miner | …
  evidence_id TEXT,                   -- the artifact it was found in (NULL: found on the live engine)
  detail TEXT NOT NULL,               -- JSON: what matched, where (line, path, pid, address)
  created_at TEXT NOT NULL
);
CREATE INDEX findings_incident ON findings(incident_id, id);
`,
  },
];

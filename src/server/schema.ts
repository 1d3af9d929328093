import type { Migration } from '../store/migrations.js';

// Which alert went to which incident: dedupe reads it (same fingerprint, or same runbook and
// target, within a window), resolved alerts find their incident through it, and the incident API
// lists an incident's alerts from it. Rejected alerts never get a row.
export const serverSchema: Migration[] = [
  {
    id: 'server-1',
    sql: `
CREATE TABLE server_alerts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  source TEXT NOT NULL,               -- falco | alertmanager | grafana | generic | docker
  fingerprint TEXT NOT NULL,
  runbook_name TEXT NOT NULL,
  target TEXT,                        -- the container the alert is about, as the alert named it
  status TEXT NOT NULL,               -- firing | resolved
  outcome TEXT NOT NULL,              -- opened | joined | resolved
  rule TEXT NOT NULL,
  received_at INTEGER NOT NULL        -- epoch ms
);
CREATE INDEX server_alerts_fingerprint ON server_alerts(runbook_name, fingerprint, received_at);
CREATE INDEX server_alerts_target ON server_alerts(runbook_name, target, received_at);
CREATE INDEX server_alerts_incident ON server_alerts(incident_id, seq);
`,
  },
  {
    // a sender-chosen fingerprint means "the same alert" only from the same authenticated sender
    id: 'server-2',
    sql: `
ALTER TABLE server_alerts ADD COLUMN sender TEXT NOT NULL DEFAULT '';
CREATE INDEX server_alerts_sender_fingerprint ON server_alerts(runbook_name, sender, fingerprint, received_at);
`,
  },
];

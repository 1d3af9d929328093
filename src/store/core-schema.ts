import type { Migration } from './migrations.js';

// Incidents, the runner's persisted machine snapshot, the step journal, the timeline,
// deadlines (timeouts and escalations the engine fires) and approval decisions.
export const coreSchema: Migration[] = [
  {
    id: 'core-1',
    sql: `
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  runbook_name TEXT NOT NULL,
  runbook_file TEXT NOT NULL,
  runbook_source TEXT NOT NULL,       -- the YAML as it was when the run began; resume uses this copy
  severity TEXT NOT NULL,
  status TEXT NOT NULL,               -- running | waiting | needs_decision | succeeded | failed | aborted | rolled_back
  phase TEXT,
  current_step TEXT,
  inputs TEXT NOT NULL,               -- JSON
  alert TEXT,                         -- JSON, when an alert opened the incident
  target TEXT,                        -- container the incident is about, when known
  initiator TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT,
  snapshot TEXT,                      -- XState persisted snapshot, JSON
  abort_requested TEXT,               -- actor who asked, when another process asked
  runner_id TEXT,                     -- lease: which process drives the run
  runner_lease_until INTEGER,         -- epoch ms
  annotations TEXT NOT NULL DEFAULT '{}',
  auto_only INTEGER NOT NULL DEFAULT 0, -- opened by an alert: only steps marked auto run until a human takes over
  start_at TEXT,                      -- a rerun begins at this step instead of the first
  rerun_of TEXT                       -- the incident a rerun was made from
);
CREATE INDEX incidents_status ON incidents(status);

CREATE TABLE step_journal (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,           -- counts every execution of the step in this incident
  visit INTEGER NOT NULL,             -- which entry into the step state (loops enter again)
  status TEXT NOT NULL,               -- started | finished | failed | skipped | interrupted | undone
  action TEXT,
  params TEXT,                        -- JSON, resolved
  outputs TEXT,                       -- JSON
  summary TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  PRIMARY KEY (incident_id, step_id, attempt)
);

CREATE TABLE step_decisions (         -- a human's word on a step that started but did not finish
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  decision TEXT NOT NULL,             -- retry | skip
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  consumed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE timeline (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  step_id TEXT,
  actor TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX timeline_incident ON timeline(incident_id, seq);

CREATE TABLE deadlines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  kind TEXT NOT NULL,                 -- step_timeout | approval_timeout | escalation
  due_at INTEGER NOT NULL,            -- epoch ms
  payload TEXT NOT NULL DEFAULT '{}',
  fired_at INTEGER,
  cancelled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deadlines_due ON deadlines(incident_id, fired_at, cancelled, due_at);

CREATE TABLE approvals (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT,
  decision TEXT NOT NULL,             -- approve | reject
  comment TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (incident_id, step_id, actor)
);

CREATE TABLE gates (                  -- one row per approval gate once it is decided
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  outcome TEXT NOT NULL,              -- approved | rejected | timed_out
  decided_at TEXT NOT NULL,
  PRIMARY KEY (incident_id, step_id)
);
`,
  },
  {
    // A run that loops back through a gate must ask again: decisions and outcomes are per visit
    // (the run's count of entries into the step). SQLite cannot change a primary key in place,
    // so both tables are rebuilt; rows from before this are the first visit.
    id: 'core-2',
    sql: `
CREATE TABLE approvals_by_visit (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  visit INTEGER NOT NULL DEFAULT 1,   -- which entry into the gate step this decision is for
  actor TEXT NOT NULL,
  role TEXT,
  decision TEXT NOT NULL,             -- approve | reject
  comment TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (incident_id, step_id, visit, actor)
);
INSERT INTO approvals_by_visit (incident_id, step_id, visit, actor, role, decision, comment, at)
  SELECT incident_id, step_id, 1, actor, role, decision, comment, at FROM approvals ORDER BY rowid;
DROP TABLE approvals;
ALTER TABLE approvals_by_visit RENAME TO approvals;

CREATE TABLE gates_by_visit (         -- one row per visit to an approval gate once it is decided
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  visit INTEGER NOT NULL DEFAULT 1,
  outcome TEXT NOT NULL,              -- approved | rejected | timed_out
  decided_at TEXT NOT NULL,
  PRIMARY KEY (incident_id, step_id, visit)
);
INSERT INTO gates_by_visit (incident_id, step_id, visit, outcome, decided_at)
  SELECT incident_id, step_id, 1, outcome, decided_at FROM gates ORDER BY rowid;
DROP TABLE gates;
ALTER TABLE gates_by_visit RENAME TO gates;
`,
  },
  {
    // Which way each decision came in, and through which API key: a quorum counts people, and a
    // key's maker answers for what the key approves (docs/cli.md "Who counts towards a quorum").
    id: 'core-3-approval-keys',
    sql: `
ALTER TABLE approvals ADD COLUMN via TEXT;            -- cli | api-key | console | insecure-no-auth; NULL: before this was kept
ALTER TABLE approvals ADD COLUMN key_id TEXT;         -- the API key's id (never the key), NULL without a key
ALTER TABLE approvals ADD COLUMN key_created_by TEXT; -- who made that key
`,
  },
  {
    id: 'core-incident-scope',
    sql: `
-- JSON {server, key?}: the scope rules an alert-opened incident's steps act within, fixed when it
-- opened (a resume, by serve or by a person, keeps them); NULL for incidents opened from the CLI
ALTER TABLE incidents ADD COLUMN scope TEXT;
`,
  },
];

import type { Migration } from '../store/migrations.js';

// The chain-of-custody ledger and its signed checkpoints. No foreign key to incidents: the ledger
// must stand (and verify) on its own, even copied out of the store. Triggers refuse UPDATE and
// DELETE; that is defence in depth only — verify is what proves integrity.
export const custodySchema: Migration[] = [
  {
    id: 'custody-1',
    sql: `
CREATE TABLE custody_records (
  incident_id TEXT NOT NULL,
  seq INTEGER NOT NULL,                 -- 1, 2, 3 … per incident, no gaps
  recorded_at TEXT NOT NULL,            -- UTC, ISO 8601 with milliseconds
  actor TEXT NOT NULL,
  act TEXT NOT NULL,                    -- acquired | verified | approved | exported | contained | …
  subject TEXT NOT NULL,
  where_json TEXT,                      -- canonical JSON: Docker host, engine version, container id, image digest
  how_json TEXT,                        -- canonical JSON: action, parameters, exit status
  details_json TEXT,                    -- canonical JSON
  artifact_sha256 TEXT,
  artifact_size INTEGER,
  artifact_location TEXT,               -- relative to the evidence directory, e.g. <incidentId>/logs.txt
  evidence_id TEXT,
  prev_hash TEXT NOT NULL,              -- hex; for seq 1 derived from the incident id
  hash TEXT NOT NULL,                   -- hex SHA-256 over the domain tag and the canonical record
  UNIQUE (incident_id, seq)
);

CREATE TRIGGER custody_records_no_update BEFORE UPDATE ON custody_records
BEGIN SELECT RAISE(ABORT, 'custody_records is append-only: UPDATE refused'); END;
CREATE TRIGGER custody_records_no_delete BEFORE DELETE ON custody_records
BEGIN SELECT RAISE(ABORT, 'custody_records is append-only: DELETE refused'); END;

CREATE TABLE custody_checkpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL,
  seq INTEGER NOT NULL,                 -- record count the checkpoint pins
  head_hash TEXT NOT NULL,              -- hex hash of record seq
  note TEXT NOT NULL,                   -- the whole C2SP signed note, signature lines included
  signature TEXT NOT NULL,              -- base64(key hash ‖ ed25519 signature), as in the note
  key_id TEXT NOT NULL,                 -- first 16 hex of SHA-256 of the raw public key
  reason TEXT NOT NULL,                 -- phase:containment | export | manual | …
  created_at TEXT NOT NULL
);
CREATE INDEX custody_checkpoints_incident ON custody_checkpoints(incident_id, seq);

CREATE TRIGGER custody_checkpoints_no_update BEFORE UPDATE ON custody_checkpoints
BEGIN SELECT RAISE(ABORT, 'custody_checkpoints is append-only: UPDATE refused'); END;
CREATE TRIGGER custody_checkpoints_no_delete BEFORE DELETE ON custody_checkpoints
BEGIN SELECT RAISE(ABORT, 'custody_checkpoints is append-only: DELETE refused'); END;
`,
  },
  {
    // Level hashes of the ledger's Merkle tree (RFC 9162): node (level, idx) is the root of the
    // perfect subtree over leaves [idx·2^level, (idx+1)·2^level). A cache derived from the records
    // (merkle-store.ts fills it on demand): proofs read O(log n) rows instead of the whole ledger,
    // and verify never trusts it — it recomputes every root from the records.
    id: 'custody-2-merkle',
    sql: `
CREATE TABLE custody_merkle_nodes (
  incident_id TEXT NOT NULL,
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,                   -- 32 bytes
  PRIMARY KEY (incident_id, level, idx)
) WITHOUT ROWID;
`,
  },
];

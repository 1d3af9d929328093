import { preparedOnce, type Db } from '../store/db.js';

export type EvidenceStatus = 'complete' | 'incomplete';

/** One row of the evidence table. */
export interface EvidenceRow {
  id: string;
  incident_id: string;
  step_id: string;
  name: string;
  kind: string;
  media_type: string;
  path: string; // <incidentId>/<file>, relative to the evidence directory
  sha256: string | null;
  size: number;
  status: EvidenceStatus;
  captured_at: string;
  captured_by: string;
  subject: string;
  error: string | null;
}

const COLUMNS = 'id, incident_id, step_id, name, kind, media_type, path, sha256, size, status, captured_at, captured_by, subject, error';

const insertStatement = preparedOnce<[EvidenceRow]>(
  `INSERT INTO evidence (${COLUMNS}) VALUES (@id, @incident_id, @step_id, @name, @kind, @media_type, @path, @sha256, @size, @status, @captured_at, @captured_by, @subject, @error)`,
);

export function insertEvidence(db: Db, row: EvidenceRow): void {
  insertStatement(db).run(row);
}

/** Every artifact of the incident (complete and incomplete), oldest first. */
export function listEvidence(db: Db, incidentId: string): EvidenceRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM evidence WHERE incident_id = ? ORDER BY captured_at, rowid`).all(incidentId) as EvidenceRow[];
}

export function findEvidence(db: Db, evidenceId: string): EvidenceRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM evidence WHERE id = ?`).get(evidenceId) as EvidenceRow | undefined;
}

const pathTakenStatement = preparedOnce<[string]>(`SELECT 1 FROM evidence WHERE path = ? AND status = 'complete'`);

/** A complete artifact already owns this path (its file may since have gone missing). */
export function pathTaken(db: Db, path: string): boolean {
  return pathTakenStatement(db).get(path) !== undefined;
}

/** How many artifacts the incident has and their bytes, for `irctl status`. */
export function evidenceTotals(db: Db, incidentId: string): { n: number; bytes: number } {
  return db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM evidence WHERE incident_id = ?').get(incidentId) as { n: number; bytes: number };
}

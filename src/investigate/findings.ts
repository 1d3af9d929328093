import type { JsonValue } from '../json.js';
import type { Db } from '../store/db.js';
import { maxSeverity, type Severity } from './severity.js';

/** One thing an investigation step found. */
export interface Finding {
  severity: Severity;
  kind: string;
  evidenceId: string | null;
  detail: Record<string, JsonValue>;
}

export interface FindingRow {
  id: number;
  incident_id: string;
  step_id: string;
  severity: Severity;
  kind: string;
  evidence_id: string | null;
  detail: string;
  created_at: string;
}

/**
 * Store a step's findings. A step that runs again (retry, loop, resume) replaces what it found
 * before, so the table holds each step's latest answer and never counts a finding twice.
 */
export function saveFindings(db: Db, incidentId: string, stepId: string, findings: readonly Finding[], now: Date = new Date()): void {
  const insert = db.prepare('INSERT INTO findings (incident_id, step_id, severity, kind, evidence_id, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM findings WHERE incident_id = ? AND step_id = ?').run(incidentId, stepId);
    for (const finding of findings) {
      insert.run(incidentId, stepId, finding.severity, finding.kind, finding.evidenceId, JSON.stringify(finding.detail), now.toISOString());
    }
  }).immediate();
}

export function listFindings(db: Db, incidentId: string): FindingRow[] {
  return db.prepare('SELECT * FROM findings WHERE incident_id = ? ORDER BY id').all(incidentId) as FindingRow[];
}

/** The outputs every investigation step has, so runbook `if`s read them the same way. */
export function findingOutputs(findings: readonly Finding[]): { count: number; max_severity: string; kinds: string[] } {
  return {
    count: findings.length,
    max_severity: maxSeverity(findings.map((finding) => finding.severity)),
    kinds: [...new Set(findings.map((finding) => finding.kind))].sort(),
  };
}

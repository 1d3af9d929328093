import type { Db } from '../store/db.js';
import { nowIso } from './ids.js';

// The step journal decides whether a step really runs again after a crash: XState restarts an
// invocation that was running when the snapshot was taken, so every run first asks the journal.

export type JournalStatus = 'started' | 'finished' | 'failed' | 'skipped' | 'interrupted' | 'undone';

export interface JournalRow {
  incident_id: string;
  step_id: string;
  attempt: number;
  visit: number;
  status: JournalStatus;
  action: string | null;
  params: string | null;
  outputs: string | null;
  summary: string | null;
  error: string | null;
  started_at: string;
  ended_at: string | null;
}

export function journalFor(db: Db, incidentId: string): JournalRow[] {
  return db.prepare('SELECT * FROM step_journal WHERE incident_id = ? ORDER BY started_at, attempt').all(incidentId) as JournalRow[];
}

/** The newest journal row of one visit to a step, if any. */
export function lastAttempt(db: Db, incidentId: string, stepId: string, visit: number): JournalRow | undefined {
  return db
    .prepare('SELECT * FROM step_journal WHERE incident_id = ? AND step_id = ? AND visit = ? ORDER BY attempt DESC LIMIT 1')
    .get(incidentId, stepId, visit) as JournalRow | undefined;
}

/** How many attempts of one visit to a step failed. */
export function failedAttempts(db: Db, incidentId: string, stepId: string, visit: number): number {
  const row = db
    .prepare("SELECT COUNT(*) AS n FROM step_journal WHERE incident_id = ? AND step_id = ? AND visit = ? AND status = 'failed'")
    .get(incidentId, stepId, visit) as { n: number };
  return row.n;
}

export function recordStart(db: Db, row: { incidentId: string; stepId: string; visit: number; action: string | null; params: unknown }): number {
  const next = db
    .prepare('SELECT COALESCE(MAX(attempt), 0) + 1 AS attempt FROM step_journal WHERE incident_id = ? AND step_id = ?')
    .get(row.incidentId, row.stepId) as { attempt: number };
  db.prepare(`INSERT INTO step_journal (incident_id, step_id, attempt, visit, status, action, params, started_at) VALUES (?, ?, ?, ?, 'started', ?, ?, ?)`).run(
    row.incidentId,
    row.stepId,
    next.attempt,
    row.visit,
    row.action,
    JSON.stringify(row.params ?? null),
    nowIso(),
  );
  return next.attempt;
}

export function recordEnd(
  db: Db,
  key: { incidentId: string; stepId: string; attempt: number },
  end: { status: Exclude<JournalStatus, 'started'>; outputs?: unknown; summary?: string; error?: string },
): void {
  db.prepare(`UPDATE step_journal SET status = ?, outputs = ?, summary = ?, error = ?, ended_at = ? WHERE incident_id = ? AND step_id = ? AND attempt = ?`).run(
    end.status,
    end.outputs === undefined ? null : JSON.stringify(end.outputs),
    end.summary ?? null,
    end.error ?? null,
    nowIso(),
    key.incidentId,
    key.stepId,
    key.attempt,
  );
}

/**
 * Steps cut off mid-run and not run again since: their newest attempt either never ended (the
 * process died) or ended as interrupted (the run was stopped, Ctrl-C).
 */
export function interruptedSteps(db: Db, incidentId: string): JournalRow[] {
  return db
    .prepare(
      `SELECT * FROM step_journal AS j WHERE incident_id = ? AND status IN ('started', 'interrupted')
         AND attempt = (SELECT MAX(attempt) FROM step_journal WHERE incident_id = j.incident_id AND step_id = j.step_id)
       ORDER BY attempt`,
    )
    .all(incidentId) as JournalRow[];
}

export type StepDecision = 'retry' | 'skip';

export function recordDecision(db: Db, incidentId: string, stepId: string, decision: StepDecision, actor: string): void {
  db.prepare('INSERT INTO step_decisions (incident_id, step_id, decision, actor, at) VALUES (?, ?, ?, ?, ?)').run(
    incidentId,
    stepId,
    decision,
    actor,
    nowIso(),
  );
}

/** Take (and use up) a human's decision about an interrupted step. */
export function takeDecision(db: Db, incidentId: string, stepId: string): { decision: StepDecision; actor: string } | undefined {
  const row = db
    .prepare('SELECT rowid, decision, actor FROM step_decisions WHERE incident_id = ? AND step_id = ? AND consumed = 0 ORDER BY rowid DESC LIMIT 1')
    .get(incidentId, stepId) as { rowid: number; decision: StepDecision; actor: string } | undefined;
  if (!row) return undefined;
  db.prepare('UPDATE step_decisions SET consumed = 1 WHERE rowid = ?').run(row.rowid);
  return { decision: row.decision, actor: row.actor };
}

export function pendingDecision(db: Db, incidentId: string, stepId: string): StepDecision | undefined {
  const row = db
    .prepare('SELECT decision FROM step_decisions WHERE incident_id = ? AND step_id = ? AND consumed = 0 ORDER BY rowid DESC LIMIT 1')
    .get(incidentId, stepId) as { decision: StepDecision } | undefined;
  return row?.decision;
}

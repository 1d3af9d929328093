import type { Db } from '../store/db.js';
import { signalChange } from './wakeups.js';

// Deadlines live in SQLite, not in XState timers: `after` timers are not restored from a persisted
// snapshot (xstate #4860), and a deadline must hold across a crash and a resume. Every change to
// a row re-arms the store's one deadline timer (wakeups.ts), so a waiting run wakes when one is due.

/** Step deadlines carry their step id; an incident's own (page ladder, SLA clock) carry INCIDENT_WIDE. */
export type DeadlineKind = 'step_timeout' | 'approval_timeout' | 'escalation' | 'page' | 'sla_at_risk' | 'sla_breached';
export const INCIDENT_WIDE = '';

export interface DeadlineRow {
  id: number;
  incident_id: string;
  step_id: string;
  kind: DeadlineKind;
  due_at: number;
  payload: string;
  fired_at: number | null;
  cancelled: number;
}

/** Insert a deadline unless the same one (incident, step, kind, key) exists; return the stored row. */
export function ensureDeadline(
  db: Db,
  incidentId: string,
  stepId: string,
  kind: DeadlineKind,
  key: string,
  dueAt: number,
  payload: Record<string, unknown> = {},
): DeadlineRow {
  const existing = db
    .prepare("SELECT * FROM deadlines WHERE incident_id = ? AND step_id = ? AND kind = ? AND json_extract(payload, '$.key') = ?")
    .get(incidentId, stepId, kind, key) as DeadlineRow | undefined;
  if (existing) return existing;
  const info = db
    .prepare('INSERT INTO deadlines (incident_id, step_id, kind, due_at, payload) VALUES (?, ?, ?, ?, ?)')
    .run(incidentId, stepId, kind, dueAt, JSON.stringify({ ...payload, key }));
  signalChange(db, incidentId);
  return db.prepare('SELECT * FROM deadlines WHERE id = ?').get(info.lastInsertRowid) as DeadlineRow;
}

export function dueDeadlines(db: Db, incidentId: string, stepId: string, now: number): DeadlineRow[] {
  return db
    .prepare('SELECT * FROM deadlines WHERE incident_id = ? AND step_id = ? AND fired_at IS NULL AND cancelled = 0 AND due_at <= ? ORDER BY due_at')
    .all(incidentId, stepId, now) as DeadlineRow[];
}

/** First writer wins: of several processes that see a deadline due, one fires it. */
export function markFired(db: Db, deadlineId: number, now: number): boolean {
  return db.prepare('UPDATE deadlines SET fired_at = ? WHERE id = ? AND fired_at IS NULL AND cancelled = 0').run(now, deadlineId).changes === 1;
}

/** When the deadline fired, next to when it was due (the bench reads fired − due). @public: for bench/, not src/ */
export function firedDeadlines(db: Db, incidentId: string): DeadlineRow[] {
  return db.prepare('SELECT * FROM deadlines WHERE incident_id = ? AND fired_at IS NOT NULL ORDER BY due_at').all(incidentId) as DeadlineRow[];
}

export function cancelDeadlines(db: Db, incidentId: string, stepId: string, kind?: DeadlineKind): void {
  if (kind)
    db.prepare('UPDATE deadlines SET cancelled = 1 WHERE incident_id = ? AND step_id = ? AND kind = ? AND fired_at IS NULL').run(incidentId, stepId, kind);
  else db.prepare('UPDATE deadlines SET cancelled = 1 WHERE incident_id = ? AND step_id = ? AND fired_at IS NULL').run(incidentId, stepId);
  signalChange(db, incidentId);
}

import type { IncidentScope } from '../docker/scope.js';
import type { Db } from '../store/db.js';
import { NotFoundError } from '../errors.js';
import { nowIso } from './ids.js';
import { signalChange } from './wakeups.js';

export type IncidentStatus = 'running' | 'waiting' | 'needs_decision' | 'succeeded' | 'failed' | 'aborted' | 'rolled_back';
export const FINAL_STATUSES: ReadonlySet<IncidentStatus> = new Set(['succeeded', 'failed', 'aborted', 'rolled_back']);

export interface IncidentRow {
  id: string;
  runbook_name: string;
  runbook_file: string;
  runbook_source: string;
  severity: string;
  status: IncidentStatus;
  phase: string | null;
  current_step: string | null;
  inputs: string;
  alert: string | null;
  target: string | null;
  initiator: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  snapshot: string | null;
  abort_requested: string | null;
  runner_id: string | null;
  runner_lease_until: number | null;
  annotations: string;
  auto_only: number;
  start_at: string | null;
  rerun_of: string | null;
  /** JSON IncidentScope, for incidents an alert opened. */
  scope: string | null;
}

export interface NewIncident {
  id: string;
  runbookName: string;
  runbookFile: string;
  runbookSource: string;
  severity: string;
  inputs: Record<string, unknown>;
  alert?: unknown;
  target?: string;
  initiator: string;
  autoOnly?: boolean;
  startAt?: string;
  rerunOf?: string;
  /** An alert-opened incident's scope: its steps may act only on containers inside it. */
  scope?: IncidentScope;
}

export function insertIncident(db: Db, incident: NewIncident): void {
  const at = nowIso();
  db.prepare(
    `INSERT INTO incidents (id, runbook_name, runbook_file, runbook_source, severity, status, inputs, alert, target, initiator, created_at, updated_at, auto_only, start_at, rerun_of, scope)
     VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    incident.id,
    incident.runbookName,
    incident.runbookFile,
    incident.runbookSource,
    incident.severity,
    JSON.stringify(incident.inputs),
    incident.alert === undefined ? null : JSON.stringify(incident.alert),
    incident.target ?? null,
    incident.initiator,
    at,
    at,
    incident.autoOnly ? 1 : 0,
    incident.startAt ?? null,
    incident.rerunOf ?? null,
    incident.scope ? JSON.stringify(incident.scope) : null,
  );
  addTimeline(db, incident.id, 'incident_opened', {
    actor: incident.initiator,
    detail: { runbook: incident.runbookName, ...(incident.rerunOf ? { rerun_of: incident.rerunOf, start_at: incident.startAt ?? null } : {}) },
  });
}

export function getIncident(db: Db, incidentId: string): IncidentRow {
  const row = db.prepare('SELECT * FROM incidents WHERE id = ?').get(incidentId) as IncidentRow | undefined;
  if (!row) {
    // the store's path only in details: the server sends message and hint to its API clients, never details
    throw new NotFoundError(`incident "${incidentId}" not found in this store`, {
      hint: 'irctl incidents lists the incidents there; state lives in ./.irctl unless --home or $IRCTL_HOME says otherwise',
      details: { incident: incidentId, store: db.name },
    });
  }
  return row;
}

export function listIncidents(db: Db, status?: string): IncidentRow[] {
  return (
    status
      ? db.prepare('SELECT * FROM incidents WHERE status = ? ORDER BY created_at DESC').all(status)
      : db.prepare('SELECT * FROM incidents ORDER BY created_at DESC').all()
  ) as IncidentRow[];
}

export function setIncidentState(
  db: Db,
  incidentId: string,
  fields: Partial<Pick<IncidentRow, 'status' | 'phase' | 'current_step' | 'snapshot' | 'finished_at' | 'abort_requested' | 'auto_only'>>,
): void {
  const keys = Object.keys(fields) as (keyof typeof fields)[];
  if (keys.length === 0) return;
  const sets = keys.map((key) => `${key} = @${key}`).join(', ');
  db.prepare(`UPDATE incidents SET ${sets}, updated_at = @updated_at WHERE id = @id`).run({ ...fields, updated_at: nowIso(), id: incidentId });
}

export interface TimelineEntry {
  seq: number;
  incident_id: string;
  at: string;
  kind: string;
  step_id: string | null;
  actor: string | null;
  detail: string;
}

export function addTimeline(db: Db, incidentId: string, kind: string, entry: { stepId?: string; actor?: string; detail?: Record<string, unknown> } = {}): void {
  db.prepare('INSERT INTO timeline (incident_id, at, kind, step_id, actor, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
    incidentId,
    nowIso(),
    kind,
    entry.stepId ?? null,
    entry.actor ?? null,
    JSON.stringify(entry.detail ?? {}),
  );
}

export function listTimeline(db: Db, incidentId: string): TimelineEntry[] {
  return db.prepare('SELECT * FROM timeline WHERE incident_id = ? ORDER BY seq').all(incidentId) as TimelineEntry[];
}

/** A human takes over an incident an alert opened: steps that are not `auto` may now run. */
export function releaseAutoOnly(db: Db, incidentId: string, actor: string): boolean {
  const changed = db.prepare('UPDATE incidents SET auto_only = 0 WHERE id = ? AND auto_only = 1').run(incidentId).changes === 1;
  if (changed) addTimeline(db, incidentId, 'human_took_over', { actor });
  if (changed) signalChange(db, incidentId); // a run waiting for a human in this process goes on
  return changed;
}

/** An alert-opened incident no human has taken over yet (no `irctl resume`, no approved gate): it runs only `auto` steps. */
export function awaitsHuman(db: Db, incidentId: string): boolean {
  return (
    db
      .prepare(
        "SELECT 1 FROM incidents WHERE id = ? AND auto_only = 1 AND NOT EXISTS (SELECT 1 FROM gates WHERE incident_id = incidents.id AND outcome = 'approved')",
      )
      .get(incidentId) !== undefined
  );
}

/** The scope an alert-opened incident's steps act within; undefined for incidents opened from the CLI. */
export function incidentScope(incident: Pick<IncidentRow, 'scope'>): IncidentScope | undefined {
  return incident.scope ? (JSON.parse(incident.scope) as IncidentScope) : undefined;
}

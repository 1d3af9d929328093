import { listCustody } from '../../custody/ledger.js';
import { FINAL_STATUSES, listTimeline, type IncidentRow } from '../../engine/incidents.js';
import { journalFor } from '../../engine/journal.js';
import { computeSla } from '../../report/model-sla.js';
import { phaseBands, stepRuns } from '../../report/model-timeline.js';
import type { Sla } from '../../report/schema.js';
import type { Db } from '../../store/db.js';

/** Under this share of its budget left, an open incident's SLA is shown at risk. */
const AT_RISK_SHARE = 0.25;

export type SlaClock = 'met' | 'breached' | 'at-risk' | 'on-track';

export interface SlaView {
  sla: Sla;
  clock: SlaClock;
}

/** The report's SLA (src/report/model-sla.ts) and how the clock reads now. */
export function slaView(db: Db, incident: IncidentRow, now: number): SlaView {
  const entries = listTimeline(db, incident.id);
  const bands = phaseBands(entries);
  const sla = computeSla(incident, bands, stepRuns(journalFor(db, incident.id), bands), listCustody(db, incident.id), new Date(now));
  if (sla.state !== 'pending') return { sla, clock: sla.state };
  const left = Date.parse(sla.deadline) - now;
  return { sla, clock: left < sla.budgetMs * AT_RISK_SHARE ? 'at-risk' : 'on-track' };
}

export interface WaitingGate {
  stepId: string;
  since: string;
}

/** The gate the incident waits at and since when (its latest gate_waiting entry), if it waits at one. */
export function waitingGate(db: Db, incident: IncidentRow): WaitingGate | undefined {
  if (incident.status !== 'waiting' || !incident.current_step) return undefined;
  const row = db
    .prepare("SELECT at FROM timeline WHERE incident_id = ? AND kind = 'gate_waiting' AND step_id = ? ORDER BY seq DESC LIMIT 1")
    .get(incident.id, incident.current_step) as { at: string } | undefined;
  return row ? { stepId: incident.current_step, since: row.at } : undefined;
}

/** Who moves the incident on now: the process holding its run lease, else automation or a person. */
export function driverOf(incident: IncidentRow, now: number): string {
  if (FINAL_STATUSES.has(incident.status)) return 'nobody (closed)';
  if (incident.runner_id && (incident.runner_lease_until ?? 0) > now) return `runner ${incident.runner_id}`;
  if (incident.auto_only === 1) return 'automation (auto steps only) — a person must take over';
  return 'nobody right now — waiting for a person';
}

export const isOpen = (incident: IncidentRow): boolean => !FINAL_STATUSES.has(incident.status);

import type { Db } from '../store/db.js';
import { listIncidents, type IncidentRow, type IncidentStatus } from './incidents.js';
import { leaseIsLive } from './run-lease.js';

// What a person is shown as an incident's status. The stored status says where the run is;
// `running` with no live process behind it (killed, rebooted, Ctrl-C) is shown as `stopped`,
// with the command that continues it, so nobody takes it for a colleague's run in progress.
// Derived when read, from the lease: the runner never has to write it (a dead one cannot).

export const SHOWN_STATUSES = ['running', 'stopped', 'waiting', 'needs_decision', 'succeeded', 'failed', 'aborted', 'rolled_back'] as const;
export type ShownStatus = IncidentStatus | 'stopped';

export function shownStatus(row: Pick<IncidentRow, 'status' | 'runner_id' | 'runner_lease_until'>): ShownStatus {
  return row.status === 'running' && !leaseIsLive(row) ? 'stopped' : row.status;
}

/** The command a responder types next for an incident in this state, if any. */
export function nextCommand(incidentId: string, status: ShownStatus): string | undefined {
  switch (status) {
    case 'stopped':
      return `irctl resume ${incidentId}`;
    case 'waiting':
      return `irctl status ${incidentId}`; // a gate (approve) or a take-over (resume): status says which
    case 'needs_decision':
      return `irctl resume ${incidentId} --retry-step|--skip-step`;
    default:
      return undefined;
  }
}

export interface IncidentFilter {
  status?: ShownStatus;
  /** Only incidents opened at or after this time (ISO 8601). */
  since?: string;
  limit?: number;
}

/** Incidents newest first, each with the status a person is shown, filtered on that status. */
export function listShownIncidents(db: Db, filter: IncidentFilter = {}): (IncidentRow & { shown_status: ShownStatus })[] {
  const stored = filter.status === 'stopped' ? 'running' : filter.status;
  const rows = listIncidents(db, stored)
    .filter((row) => filter.since === undefined || row.created_at >= filter.since)
    .map((row) => ({ ...row, shown_status: shownStatus(row) }))
    .filter((row) => filter.status === undefined || row.shown_status === filter.status);
  return filter.limit === undefined ? rows : rows.slice(0, filter.limit);
}

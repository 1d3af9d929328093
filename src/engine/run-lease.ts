import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isStoreDiskFailure, RefusedError } from '../errors.js';
import type { Services } from '../services.js';
import { writeUnsynced } from '../store/db.js';
import { getIncident, type IncidentRow } from './incidents.js';

// One process drives an incident at a time: it holds a lease in the incidents row and renews it
// while it drives, waiting at a gate included, so no other `resume` can take a run that is alive.

export const LEASE_MS = 5_000;

/** host:pid:random — the host and pid let a later process see that the holder died. */
export function newRunnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** A lease held by a process on this host that no longer exists (kill -9) is free at once. */
function holderIsDead(holder: string | null): boolean {
  if (!holder) return true;
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function takeLease(services: Pick<Services, 'db'>, incidentId: string, runnerId: string): void {
  const now = Date.now();
  const holder = getIncident(services.db, incidentId).runner_id;
  // compare-and-swap on the holder we saw, so two resumers cannot both take a dead runner's lease;
  // bookkeeping: a power cut ends every runner, and the lease with it
  const taken = writeUnsynced(services.db, () =>
    holderIsDead(holder)
      ? services.db
          .prepare('UPDATE incidents SET runner_id = ?, runner_lease_until = ? WHERE id = ? AND runner_id IS ?')
          .run(runnerId, now + LEASE_MS, incidentId, holder).changes
      : services.db
          .prepare('UPDATE incidents SET runner_id = ?, runner_lease_until = ? WHERE id = ? AND (runner_id IS NULL OR runner_lease_until < ?)')
          .run(runnerId, now + LEASE_MS, incidentId, now).changes,
  );
  if (taken !== 1) {
    const row = getIncident(services.db, incidentId);
    throw new RefusedError(`incident ${incidentId} is being run by another process (${row.runner_id})`, {
      hint: `wait for it, or irctl status ${incidentId}; a dead runner's lease expires after ${LEASE_MS / 1000} s`,
    });
  }
}

export function renewLease(services: Pick<Services, 'db'>, incidentId: string, runnerId: string): void {
  services.db.prepare('UPDATE incidents SET runner_lease_until = ? WHERE id = ? AND runner_id = ?').run(Date.now() + LEASE_MS, incidentId, runnerId);
}

export function releaseLease(services: Pick<Services, 'db'>, incidentId: string, runnerId: string): void {
  try {
    services.db.prepare('UPDATE incidents SET runner_id = NULL, runner_lease_until = NULL WHERE id = ? AND runner_id = ?').run(incidentId, runnerId);
  } catch (error) {
    // a full or failing store disk (the run has stopped on it): the lease lapses on its own, at once
    // for a resume once this process has ended
    if (!isStoreDiskFailure(error)) throw error;
  }
}

/** Is some live process driving this incident right now? */
export function isBeingRun(services: Pick<Services, 'db'>, incidentId: string): boolean {
  return leaseIsLive(getIncident(services.db, incidentId));
}

/** The row's lease is held by a process that is alive (and renewing it). */
export function leaseIsLive(row: Pick<IncidentRow, 'runner_id' | 'runner_lease_until'>): boolean {
  return Boolean(row.runner_id && (row.runner_lease_until ?? 0) > Date.now() && !holderIsDead(row.runner_id));
}

/**
 * Open incidents with no driver that a server should drive: those whose lease holder died on this
 * host (kill -9, a crash, a reboot), and alert-opened runs no person has taken over that a server
 * stopped on its way down. A person's run stopped on purpose (exit 3 at a gate, Ctrl-C) released
 * its lease and is theirs to resume, so it is not listed.
 */
export function orphanedIncidents(db: Pick<Services, 'db'>['db']): IncidentRow[] {
  const rows = db
    .prepare("SELECT * FROM incidents WHERE status IN ('running', 'waiting') AND (runner_id IS NOT NULL OR auto_only = 1) ORDER BY created_at")
    .all() as IncidentRow[];
  return rows.filter((row) => (row.runner_id ? holderIsDead(row.runner_id) : true));
}

/** Who drives an incident now: its live lease holder (host:pid:…), or undefined. */
export function driverOf(row: Pick<IncidentRow, 'runner_id' | 'runner_lease_until'>, now = Date.now()): string | undefined {
  if (!row.runner_id || (row.runner_lease_until ?? 0) <= now || holderIsDead(row.runner_id)) return undefined;
  return row.runner_id;
}

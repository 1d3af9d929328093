import type { Alert } from '../alerts/alert.js';
import type { Db } from '../store/db.js';

// The server_alerts table: which alert went to which incident.

export type LinkOutcome = 'opened' | 'joined' | 'resolved';

export interface AlertLinkRow {
  seq: number;
  incident_id: string;
  source: string;
  fingerprint: string;
  runbook_name: string;
  target: string | null;
  status: string;
  outcome: LinkOutcome;
  rule: string;
  received_at: number;
}

export function linkAlert(db: Db, link: { incidentId: string; alert: Alert; runbook: string; target?: string; outcome: LinkOutcome; receivedAt: number }): void {
  db.prepare(
    'INSERT INTO server_alerts (incident_id, source, fingerprint, runbook_name, target, status, outcome, rule, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(link.incidentId, link.alert.source, link.alert.fingerprint, link.runbook, link.target ?? null, link.alert.status, link.outcome, link.alert.rule, link.receivedAt);
}

/**
 * The incident a new firing alert joins, if any: one this runbook opened for the same fingerprint
 * within the window (whatever its status: the same alert again is a repeat, not a new incident), or
 * for the same target within the window while that incident is still open.
 */
export function findJoinableIncident(db: Db, query: { runbook: string; fingerprint: string; target?: string; since: number }): string | undefined {
  const row = db
    .prepare(
      `SELECT a.incident_id FROM server_alerts a JOIN incidents i ON i.id = a.incident_id
       WHERE a.runbook_name = @runbook AND a.received_at >= @since AND a.outcome IN ('opened', 'joined')
         AND (a.fingerprint = @fingerprint
              OR (@target IS NOT NULL AND a.target = @target AND i.status NOT IN ('succeeded', 'failed', 'aborted', 'rolled_back')))
       ORDER BY a.seq DESC LIMIT 1`,
    )
    .get({ runbook: query.runbook, fingerprint: query.fingerprint, target: query.target ?? null, since: query.since }) as { incident_id: string } | undefined;
  return row?.incident_id;
}

/** Incidents a firing alert with this source and fingerprint went to, newest first (for its resolution). */
export function incidentsForFingerprint(db: Db, source: string, fingerprint: string): string[] {
  const rows = db
    .prepare(
      `SELECT incident_id, MAX(seq) AS last FROM server_alerts WHERE source = ? AND fingerprint = ? AND outcome IN ('opened', 'joined')
       GROUP BY incident_id ORDER BY last DESC`,
    )
    .all(source, fingerprint) as { incident_id: string }[];
  return rows.map((row) => row.incident_id);
}

export function alertsOfIncident(db: Db, incidentId: string): AlertLinkRow[] {
  return db.prepare('SELECT * FROM server_alerts WHERE incident_id = ? ORDER BY seq').all(incidentId) as AlertLinkRow[];
}

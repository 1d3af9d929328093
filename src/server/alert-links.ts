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
  sender: string;
}

/** `sender` is the authenticated identity that posted the alert (the key's actor, hmac-signed, docker-events). */
export function linkAlert(
  db: Db,
  link: { incidentId: string; alert: Alert; runbook: string; target?: string; outcome: LinkOutcome; receivedAt: number; sender: string },
): void {
  db.prepare(
    'INSERT INTO server_alerts (incident_id, source, fingerprint, runbook_name, target, status, outcome, rule, received_at, sender) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    link.incidentId,
    link.alert.source,
    link.alert.fingerprint,
    link.runbook,
    link.target ?? null,
    link.alert.status,
    link.outcome,
    link.alert.rule,
    link.receivedAt,
    link.sender,
  );
}

/** Incidents that can still absorb a duplicate: a run in progress or waiting for a person. */
export const OPEN_FOR_DEDUPE = ['running', 'waiting'] as const;

/**
 * The incident a new firing alert joins, if any: an OPEN incident (running or waiting) this runbook
 * opened within the window, for the same fingerprint from the same sender (unless the two name
 * different targets: a fingerprint made per rule must not fold a second container into the first's
 * incident, leaving it uncontained), or for the same target.
 * Only the alert that opened the incident starts the window (a joined alert never extends it), and
 * an incident that ended (failed, succeeded, …) absorbs nothing: a repeat starts a new incident, so a
 * decoy or a too-early alert can never swallow the real one.
 */
export function findJoinableIncident(
  db: Db,
  query: { runbook: string; fingerprint: string; sender: string; target?: string; since: number },
): string | undefined {
  const row = db
    .prepare(
      `SELECT a.incident_id FROM server_alerts a JOIN incidents i ON i.id = a.incident_id
       WHERE a.runbook_name = @runbook AND a.received_at >= @since AND a.outcome = 'opened'
         AND i.status IN (${OPEN_FOR_DEDUPE.map((status) => `'${status}'`).join(', ')})
         AND ((a.fingerprint = @fingerprint AND a.sender = @sender AND (@target IS NULL OR a.target IS NULL OR a.target = @target))
              OR (@target IS NOT NULL AND a.target = @target))
       ORDER BY a.seq DESC LIMIT 1`,
    )
    .get({ runbook: query.runbook, fingerprint: query.fingerprint, sender: query.sender, target: query.target ?? null, since: query.since }) as
    { incident_id: string } | undefined;
  return row?.incident_id;
}

/** Incidents a firing alert with this source, fingerprint and sender went to, newest first (for its resolution). */
export function incidentsForFingerprint(db: Db, source: string, fingerprint: string, sender: string): string[] {
  const rows = db
    .prepare(
      `SELECT incident_id, MAX(seq) AS last FROM server_alerts WHERE source = ? AND fingerprint = ? AND sender = ? AND outcome IN ('opened', 'joined')
       GROUP BY incident_id ORDER BY last DESC`,
    )
    .all(source, fingerprint, sender) as { incident_id: string }[];
  return rows.map((row) => row.incident_id);
}

export function alertsOfIncident(db: Db, incidentId: string): AlertLinkRow[] {
  return db.prepare('SELECT * FROM server_alerts WHERE incident_id = ? ORDER BY seq').all(incidentId) as AlertLinkRow[];
}

import type { Alert, ParsedNotification } from '../alerts/alert.js';
import { matchAlert, type TriggerMatch } from '../alerts/match.js';
import { addTimeline, getIncident } from '../engine/incidents.js';
import { openIncident } from '../engine/runner.js';
import { IrctlError } from '../errors.js';
import { parseDuration } from '../runbook/duration.js';
import type { LoadedRunbook } from '../runbook/load.js';
import type { Services } from '../services.js';
import { writeTransaction } from '../store/db.js';
import { findJoinableIncident, incidentsForFingerprint, linkAlert } from './alert-links.js';
import type { ServerMetrics } from './metrics.js';
import type { Notifier } from './notify.js';
import type { RunnerPool } from './runner-pool.js';

export interface IntakeDeps {
  services: Services;
  runbooks: readonly LoadedRunbook[];
  metrics: ServerMetrics;
  notifier: Notifier;
  pool: RunnerPool;
  /** Default dedupe window; a trigger's own dedupe_window wins. */
  dedupeWindowMs: number;
}

export type AlertOutcome =
  | { result: 'opened' | 'joined'; runbook: string; incidentId: string }
  | { result: 'resolved'; incidentIds: string[] }
  | { result: 'unmatched' }
  | { result: 'not_started'; runbook: string; problems: string[] };

export interface AlertReport {
  rule: string;
  status: Alert['status'];
  fingerprint: string;
  container?: string;
  outcomes: AlertOutcome[];
}

/**
 * Take in a parsed notification: each firing alert is matched to runbook triggers and either
 * joins an incident it duplicates or opens one that the pool drives (auto steps only). Resolved
 * alerts are written on the timeline of the incidents they opened or joined. Everything between
 * the dedupe lookup and the new incident row is synchronous, so concurrent requests cannot both open.
 */
export function takeNotification(deps: IntakeDeps, notification: ParsedNotification, sender: string): AlertReport[] {
  return notification.alerts.map((alert) => {
    deps.metrics.alertsReceived.inc({ source: alert.source });
    const receivedAt = Date.now();
    const outcomes = alert.status === 'resolved' ? [recordResolved(deps, alert, sender, receivedAt)] : startOrJoin(deps, alert, sender, receivedAt);
    return { rule: alert.rule, status: alert.status, fingerprint: alert.fingerprint, container: alert.container, outcomes };
  });
}

function recordResolved(deps: IntakeDeps, alert: Alert, sender: string, receivedAt: number): AlertOutcome {
  const { db } = deps.services;
  const incidentIds = incidentsForFingerprint(db, alert.source, alert.fingerprint);
  writeTransaction(db, () => {
    for (const incidentId of incidentIds) {
      const runbook = getIncident(db, incidentId).runbook_name;
      linkAlert(db, { incidentId, alert, runbook, target: alert.container, outcome: 'resolved', receivedAt });
      addTimeline(db, incidentId, 'alert_resolved', {
        actor: sender,
        detail: { source: alert.source, rule: alert.rule, fingerprint: alert.fingerprint, ends_at: alert.endsAt ?? null },
      });
    }
  });
  return { result: 'resolved', incidentIds };
}

function startOrJoin(deps: IntakeDeps, alert: Alert, sender: string, receivedAt: number): AlertOutcome[] {
  const matches = matchAlert(deps.runbooks.map((loaded) => loaded.runbook), alert);
  if (matches.length === 0) {
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: 'no_trigger_matched' });
    return [{ result: 'unmatched' }];
  }
  return matches.map((match) => startOrJoinOne(deps, alert, match, sender, receivedAt));
}

function startOrJoinOne(deps: IntakeDeps, alert: Alert, match: TriggerMatch, sender: string, receivedAt: number): AlertOutcome {
  const { db } = deps.services;
  const runbook = match.runbook.name;
  if (match.inputProblems.length > 0) {
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: 'input_problem' });
    return { result: 'not_started', runbook, problems: match.inputProblems };
  }
  const loaded = deps.runbooks.find((candidate) => candidate.runbook === match.runbook)!;
  const target = typeof match.inputs.container === 'string' ? match.inputs.container : alert.container;
  const host = typeof match.inputs.host === 'string' ? match.inputs.host : undefined;
  const windowMs = match.trigger.dedupe_window ? parseDuration(match.trigger.dedupe_window) : deps.dedupeWindowMs;

  let outcome: AlertOutcome;
  try {
    outcome = writeTransaction(db, (): AlertOutcome => {
      const joinable = findJoinableIncident(db, { runbook, fingerprint: alert.fingerprint, target, since: receivedAt - windowMs });
      if (joinable) {
        linkAlert(db, { incidentId: joinable, alert, runbook, target, outcome: 'joined', receivedAt });
        addTimeline(db, joinable, 'alert_joined', { actor: sender, detail: { source: alert.source, rule: alert.rule, fingerprint: alert.fingerprint } });
        return { result: 'joined', runbook, incidentId: joinable };
      }
      const incidentId = openIncident(deps.services, { loaded, inputs: match.inputs, alert, initiator: `alert:${alert.source}`, target, autoOnly: true });
      linkAlert(db, { incidentId, alert, runbook, target, outcome: 'opened', receivedAt });
      addTimeline(db, incidentId, 'alert_received', {
        actor: sender,
        detail: { source: alert.source, rule: alert.rule, fingerprint: alert.fingerprint, trigger: match.triggerIndex, summary: alert.summary },
      });
      return { result: 'opened', runbook, incidentId };
    });
  } catch (error) {
    if (!(error instanceof IrctlError)) throw error;
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: 'input_problem' });
    return { result: 'not_started', runbook, problems: [error.message] };
  }

  if (outcome.result === 'joined') deps.metrics.alertsDeduplicated.inc({ source: alert.source });
  if (outcome.result === 'opened') {
    deps.metrics.incidentsOpened.inc({ runbook });
    deps.notifier.send({ kind: 'incident_opened', incidentId: outcome.incidentId, runbook, severity: match.runbook.severity, target, detail: { rule: alert.rule, source: alert.source, summary: alert.summary } });
    deps.pool.submit({ incidentId: outcome.incidentId, runbook, target, host, receivedAt });
  }
  return outcome;
}

import type { Alert, ParsedNotification } from '../alerts/alert.js';
import { matchAlert, type TriggerMatch } from '../alerts/match.js';
import type { ScopeRule } from '../config.js';
import { resolveContainer } from '../docker/target.js';
import { parseSelector } from '../docker/selector.js';
import { silenceFor } from '../alerts/silences.js';
import { addTimeline, getIncident } from '../engine/incidents.js';
import { openIncident } from '../engine/runner.js';
import { DockerUnreachableError, IrctlError } from '../errors.js';
import type { Logger } from '../log.js';
import { parseDuration } from '../duration.js';
import type { LoadedRunbook } from '../runbook/load.js';
import type { Services } from '../services.js';
import { syncWal, writeUnsynced, writeTransaction } from '../store/db.js';
import { chooseAlertHost } from './alert-host.js';
import { findJoinableIncident, incidentsForFingerprint, linkAlert } from './alert-links.js';
import type { IncidentBudget } from './incident-budget.js';
import type { ServerMetrics } from './metrics.js';
import type { Notifier } from './notify.js';
import type { FairSemaphore } from '../locks.js';
import type { RunnerPool } from './runner-pool.js';
import { outOfScopeReason } from '../docker/scope.js';

export interface IntakeDeps {
  services: Services;
  runbooks: readonly LoadedRunbook[];
  metrics: ServerMetrics;
  notifier: Notifier;
  pool: RunnerPool;
  log: Logger;
  /** Default dedupe window; a trigger's own dedupe_window wins. */
  dedupeWindowMs: number;
  /** Incidents one sender may open a minute. */
  budget: IncidentBudget;
  /** Incidents one request may open. */
  incidentsPerRequest: number;
  /**
   * The engine lookups of intake (does the target exist, is it in scope), a few at a time and
   * taken from each sender in turn: a flood from one key queues behind itself, another sender's
   * alert is looked up next, and the engine keeps room for the drives that contain.
   */
  lookups: FairSemaphore;
}

/** Who posted: the authenticated actor (dedupe namespaces fingerprints by it) and the key's own scope. */
export interface AlertSender {
  actor: string;
  scope?: ScopeRule[];
}

/** Why an alert that matched a runbook was turned away before any incident opened. */
export type RefusalReason = 'out_of_scope' | 'target_not_found' | 'host_unknown' | 'host_unreachable' | 'over_budget' | 'queue_full';

export type AlertOutcome =
  | { result: 'opened' | 'joined'; runbook: string; incidentId: string }
  | { result: 'resolved'; incidentIds: string[] }
  | { result: 'unmatched' }
  | { result: 'silenced'; silenceId: string }
  /** Above the key's capacity: waiting in the key's queue (src/server/alert-queue.ts), taken in at the capacity rate. */
  | { result: 'queued'; position: number }
  /** Above the key's capacity: a duplicate of an alert already queued, folded into it. */
  | { result: 'folded'; into: 'queue' }
  | { result: 'not_started'; runbook: string; problems: string[] }
  | { result: 'refused'; runbook: string; reason: RefusalReason; message: string };

export interface AlertReport {
  rule: string;
  status: Alert['status'];
  fingerprint: string;
  container?: string;
  outcomes: AlertOutcome[];
}

export interface IntakeResult {
  alerts: AlertReport[];
  /** Alerts the sender says it left out of this notification (Alertmanager/Grafana `truncatedAlerts`). */
  truncatedAlerts: number;
}

/**
 * Take in a parsed notification: each firing alert is matched to runbook triggers, its target is
 * checked (host known, container there and in scope), and it either joins an open incident it
 * duplicates or opens one that the pool drives (auto steps only). Resolved alerts are written on
 * the timeline of the incidents they opened or joined. Everything between the dedupe lookup and the
 * new incident row is synchronous, so concurrent requests cannot both open.
 */
export async function takeNotification(deps: IntakeDeps, notification: ParsedNotification, sender: AlertSender): Promise<IntakeResult> {
  const truncatedAlerts = notification.truncatedAlerts ?? 0;
  if (truncatedAlerts > 0) {
    deps.metrics.alertsTruncated.inc({ source: notification.source }, truncatedAlerts);
    deps.log.warn(
      { event: 'alerts_truncated', source: notification.source, sender: sender.actor, truncated_alerts: truncatedAlerts },
      'the sender left alerts out of this notification',
    );
  }
  const request = { opened: 0, truncatedAlerts };
  const alerts: AlertReport[] = [];
  for (const alert of notification.alerts) {
    deps.metrics.alertsReceived.inc({ source: alert.source });
    const receivedAt = Date.now();
    const outcomes =
      alert.status === 'resolved' ? [recordResolved(deps, alert, sender, receivedAt)] : await startOrJoin(deps, alert, sender, receivedAt, request);
    for (const outcome of outcomes) logOutcome(deps.log, alert, sender, outcome);
    alerts.push({ rule: alert.rule, status: alert.status, fingerprint: alert.fingerprint, container: alert.container, outcomes });
  }
  return { alerts, truncatedAlerts };
}

function logOutcome(log: Logger, alert: Alert, sender: AlertSender, outcome: AlertOutcome): void {
  const fields = {
    event: 'alert',
    source: alert.source,
    rule: alert.rule,
    fingerprint: alert.fingerprint,
    sender: sender.actor,
    container: alert.container,
    ...outcome,
  };
  if (outcome.result === 'refused') log.warn(fields, `alert refused: ${outcome.reason}`);
  else log.info(fields, `alert ${outcome.result}`);
}

function recordResolved(deps: IntakeDeps, alert: Alert, sender: AlertSender, receivedAt: number): AlertOutcome {
  const { db } = deps.services;
  const incidentIds = incidentsForFingerprint(db, alert.source, alert.fingerprint, sender.actor);
  writeTransaction(db, () => {
    for (const incidentId of incidentIds) {
      const runbook = getIncident(db, incidentId).runbook_name;
      linkAlert(db, { incidentId, alert, runbook, target: alert.container, outcome: 'resolved', receivedAt, sender: sender.actor });
      addTimeline(db, incidentId, 'alert_resolved', {
        actor: sender.actor,
        detail: { source: alert.source, rule: alert.rule, fingerprint: alert.fingerprint, ends_at: alert.endsAt ?? null },
      });
    }
  });
  return { result: 'resolved', incidentIds };
}

async function startOrJoin(
  deps: IntakeDeps,
  alert: Alert,
  sender: AlertSender,
  receivedAt: number,
  request: { opened: number; truncatedAlerts: number },
): Promise<AlertOutcome[]> {
  const matches = matchAlert(
    deps.runbooks.map((loaded) => loaded.runbook),
    alert,
  );
  if (matches.length === 0) {
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: 'no_trigger_matched' });
    return [{ result: 'unmatched' }];
  }
  const silence = silenceFor(deps.services.db, alert, receivedAt);
  if (silence) {
    deps.metrics.alertsSilenced.inc({ source: alert.source });
    return [{ result: 'silenced', silenceId: silence.id }]; // logged once, with the other outcomes (logOutcome)
  }
  const outcomes: AlertOutcome[] = [];
  for (const match of matches) outcomes.push(await startOrJoinOne(deps, alert, match, sender, receivedAt, request));
  return outcomes;
}

/** Where the incident would act: the mapped host and, when the alert names one, the container's full id. */
type Placement = { host: string; containerId?: string; inputs: TriggerMatch['inputs'] } | { refused: RefusalReason; message: string };

/** The intake pre-check: host known, container there (named exactly), in the server's and the key's scope. */
async function placeAlert(deps: IntakeDeps, alert: Alert, match: TriggerMatch, sender: AlertSender, target: string | undefined): Promise<Placement> {
  const { services } = deps;
  const inputHost = typeof match.inputs.host === 'string' ? match.inputs.host : undefined;
  const choice = chooseAlertHost(services.config, services.docker.names(), alert.host, inputHost);
  if ('problem' in choice) return { refused: 'host_unknown', message: choice.problem };
  const inputs = { ...match.inputs };
  if (choice.host !== 'local' && inputHost === undefined) {
    // the runbook's steps default to "local": tell them the mapped host, or refuse to guess
    if (!Object.hasOwn(match.runbook.inputs, 'host')) {
      return {
        refused: 'host_unknown',
        message: `the alert is about host "${choice.host}" but runbook ${match.runbook.name} has no "host" input to act there`,
      };
    }
    inputs.host = choice.host;
  }
  if (target === undefined) return { host: choice.host, inputs };
  let info;
  try {
    info = (await deps.lookups.run(sender.actor, () => resolveContainer(services.docker, { container: target, host: choice.host }, { strictRef: true }))).info;
  } catch (error) {
    if (error instanceof DockerUnreachableError) return { refused: 'host_unreachable', message: error.message };
    if (error instanceof IrctlError) return { refused: 'target_not_found', message: error.message };
    throw error;
  }
  const reason = outOfScopeReason(
    { host: choice.host, name: info.Name.replace(/^\//, ''), labels: info.Config?.Labels ?? {} },
    services.config.scope,
    sender.scope,
  );
  if (reason) return { refused: 'out_of_scope', message: reason };
  // a selector is pinned to the container checked here: resolved again at a later step, it could
  // name another container (labels change), one this scope check never saw
  if (inputs.container === target && parseSelector(target).kind !== 'ref') inputs.container = info.Id;
  return { host: choice.host, containerId: info.Id, inputs };
}

async function startOrJoinOne(
  deps: IntakeDeps,
  alert: Alert,
  match: TriggerMatch,
  sender: AlertSender,
  receivedAt: number,
  request: { opened: number; truncatedAlerts: number },
): Promise<AlertOutcome> {
  const { db } = deps.services;
  const runbook = match.runbook.name;
  if (match.inputProblems.length > 0) {
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: 'input_problem' });
    return { result: 'not_started', runbook, problems: match.inputProblems };
  }
  const loaded = deps.runbooks.find((candidate) => candidate.runbook === match.runbook)!;
  const target = typeof match.inputs.container === 'string' ? match.inputs.container : alert.container;
  const refuse = (reason: RefusalReason, message: string): AlertOutcome => {
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason });
    return { result: 'refused', runbook, reason, message };
  };
  const placement = await placeAlert(deps, alert, match, sender, target);
  if ('refused' in placement) return refuse(placement.refused, placement.message);
  const windowMs = match.trigger.dedupe_window ? parseDuration(match.trigger.dedupe_window) : deps.dedupeWindowMs;
  // dedupe by the container itself, whatever the alert called it
  const dedupeTarget = placement.containerId ?? target;

  let outcome: AlertOutcome;
  try {
    // the WAL is synced below, off the event loop, before the sender or the pool hears of it
    outcome = writeUnsynced(db, (): AlertOutcome => {
      const joinable = findJoinableIncident(db, {
        runbook,
        fingerprint: alert.fingerprint,
        sender: sender.actor,
        target: dedupeTarget,
        since: receivedAt - windowMs,
      });
      if (joinable) {
        linkAlert(db, { incidentId: joinable, alert, runbook, target: dedupeTarget, outcome: 'joined', receivedAt, sender: sender.actor });
        addTimeline(db, joinable, 'alert_joined', { actor: sender.actor, detail: { source: alert.source, rule: alert.rule, fingerprint: alert.fingerprint } });
        return { result: 'joined', runbook, incidentId: joinable };
      }
      if (request.opened >= deps.incidentsPerRequest) {
        return { result: 'refused', runbook, reason: 'over_budget', message: `one request may open at most ${deps.incidentsPerRequest} incidents` };
      }
      if (!deps.budget.take(sender.actor)) {
        return { result: 'refused', runbook, reason: 'over_budget', message: `${sender.actor} may open at most ${deps.budget.perMinute} incidents a minute` };
      }
      const incidentId = openIncident(deps.services, {
        loaded,
        inputs: placement.inputs,
        alert,
        initiator: `alert:${alert.source}`,
        target,
        autoOnly: true,
        scope: { server: deps.services.config.scope, ...(sender.scope?.length ? { key: sender.scope } : {}) },
      });
      linkAlert(db, { incidentId, alert, runbook, target: dedupeTarget, outcome: 'opened', receivedAt, sender: sender.actor });
      addTimeline(db, incidentId, 'alert_received', {
        actor: sender.actor,
        detail: {
          source: alert.source,
          rule: alert.rule,
          fingerprint: alert.fingerprint,
          trigger: match.triggerIndex,
          summary: alert.summary,
          ...(request.truncatedAlerts > 0 ? { truncated_alerts: request.truncatedAlerts } : {}),
        },
      });
      return { result: 'opened', runbook, incidentId };
    });
  } catch (error) {
    if (!(error instanceof IrctlError)) throw error;
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: 'input_problem' });
    return { result: 'not_started', runbook, problems: [error.message] };
  }

  if (outcome.result === 'opened' || outcome.result === 'joined') await syncWal(db);
  if (outcome.result === 'refused') deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: outcome.reason });
  if (outcome.result === 'joined') deps.metrics.alertsDeduplicated.inc({ source: alert.source });
  if (outcome.result === 'opened') {
    request.opened += 1;
    deps.metrics.incidentsOpened.inc({ runbook });
    deps.notifier.send({
      kind: 'incident_opened',
      incidentId: outcome.incidentId,
      runbook,
      severity: match.runbook.severity,
      target,
      detail: { rule: alert.rule, source: alert.source, summary: alert.summary },
    });
    deps.pool.submit({ incidentId: outcome.incidentId, runbook, target, host: placement.host, containerId: placement.containerId, receivedAt });
  }
  return outcome;
}

const REFUSAL_STATUS: Record<RefusalReason, number> = {
  out_of_scope: 403,
  over_budget: 429,
  queue_full: 429,
  host_unreachable: 503,
  target_not_found: 422,
  host_unknown: 422,
};

/**
 * The HTTP status for a whole request: 202 when any alert was taken (opened, joined, resolved,
 * unmatched, inputs unusable); when every alert was refused, the refusal's own status (403 before
 * 429 before 422).
 */
export function replyStatusFor(alerts: readonly AlertReport[]): { status: number; refusal?: Extract<AlertOutcome, { result: 'refused' }> } {
  const outcomes = alerts.flatMap((alert) => alert.outcomes);
  const refusals = outcomes.filter((outcome): outcome is Extract<AlertOutcome, { result: 'refused' }> => outcome.result === 'refused');
  if (outcomes.length === 0 || refusals.length < outcomes.length) return { status: 202 };
  const order: RefusalReason[] = ['out_of_scope', 'queue_full', 'over_budget', 'host_unreachable', 'target_not_found', 'host_unknown'];
  const refusal = order.map((reason) => refusals.find((r) => r.reason === reason)).find(Boolean)!;
  return { status: REFUSAL_STATUS[refusal.reason], refusal };
}

import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Everything /metrics shows, on a registry of its own (two servers in one process do not mix). */
export interface ServerMetrics {
  registry: Registry;
  alertsReceived: Counter<'source'>;
  alertsRejected: Counter<'source' | 'reason'>;
  alertsDeduplicated: Counter<'source'>;
  alertsUnstarted: Counter<'source' | 'reason'>;
  incidentsOpened: Counter<'runbook'>;
  runsFinished: Counter<'status'>;
  runsActive: Gauge;
  stepDuration: Histogram<'action' | 'outcome'>;
  containmentLatency: Histogram<'runbook'>;
  notifications: Counter<'channel' | 'outcome'>;
  dockerEvents: Counter<'outcome'>;
  dockerWatcherReconnects: Counter;
  alertsTruncated: Counter<'source'>;
  authFailures: Counter<'reason'>;
  authLockouts: Counter;
  rateLimited: Counter<'limit'>;
  alertsSilenced: Counter<'source'>;
  silencesActive: Gauge;
  alertsQueued: Counter<'source' | 'outcome'>;
  alertQueueDepth: Gauge;
}

const LATENCY_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30];

export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    alertsReceived: new Counter({ name: 'irctl_alerts_received_total', help: 'Alerts accepted for matching, by source', labelNames: ['source'], registers }),
    alertsRejected: new Counter({
      name: 'irctl_alerts_rejected_total',
      help: 'Requests turned away before anything ran, by source (path) and reason',
      labelNames: ['source', 'reason'],
      registers,
    }),
    alertsDeduplicated: new Counter({
      name: 'irctl_alerts_deduplicated_total',
      help: 'Alerts that joined an open incident',
      labelNames: ['source'],
      registers,
    }),
    alertsUnstarted: new Counter({
      name: 'irctl_alerts_unstarted_total',
      help: 'Alerts that started no incident, by reason: no_trigger_matched, input_problem, out_of_scope, target_not_found, host_unknown, host_unreachable, over_budget, queue_full, key_revoked, key_unknown',
      labelNames: ['source', 'reason'],
      registers,
    }),
    incidentsOpened: new Counter({ name: 'irctl_incidents_opened_total', help: 'Incidents opened by alerts, by runbook', labelNames: ['runbook'], registers }),
    runsFinished: new Counter({
      name: 'irctl_runs_finished_total',
      help: 'Drives of an incident that ended, by where they stopped',
      labelNames: ['status'],
      registers,
    }),
    runsActive: new Gauge({ name: 'irctl_runs_active', help: 'Incidents being driven right now', registers }),
    stepDuration: new Histogram({
      name: 'irctl_step_duration_seconds',
      help: 'Duration of runbook steps run by the server, by action and outcome',
      labelNames: ['action', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    containmentLatency: new Histogram({
      name: 'irctl_containment_latency_seconds',
      help: 'From receiving the alert to the last automatic containment step finished',
      labelNames: ['runbook'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    notifications: new Counter({
      name: 'irctl_notifications_total',
      help: 'Outbound webhook notifications, by channel and outcome',
      labelNames: ['channel', 'outcome'],
      registers,
    }),
    dockerEvents: new Counter({ name: 'irctl_docker_events_total', help: 'Docker events read by the watcher, by outcome', labelNames: ['outcome'], registers }),
    dockerWatcherReconnects: new Counter({ name: 'irctl_docker_watcher_reconnects_total', help: 'Times the Docker events stream was opened again', registers }),
    alertsTruncated: new Counter({
      name: 'irctl_alerts_truncated_total',
      help: 'Alerts a sender said it left out of its notifications (truncatedAlerts), by source',
      labelNames: ['source'],
      registers,
    }),
    authFailures: new Counter({ name: 'irctl_auth_failures_total', help: 'Failed authentications, by reason', labelNames: ['reason'], registers }),
    authLockouts: new Counter({ name: 'irctl_auth_lockouts_total', help: 'Client addresses locked out after too many failed authentications', registers }),
    rateLimited: new Counter({ name: 'irctl_rate_limited_total', help: 'Requests answered 429, by which limit', labelNames: ['limit'], registers }),
    alertsSilenced: new Counter({
      name: 'irctl_alerts_silenced_total',
      help: 'Alerts a silence suppressed (answered silenced, opened nothing), by source',
      labelNames: ['source'],
      registers,
    }),
    silencesActive: new Gauge({ name: 'irctl_silences_active', help: 'Silences in force when /metrics was read', registers }),
    alertsQueued: new Counter({
      name: 'irctl_alerts_queued_total',
      help: "Alerts above a key's capacity, by outcome: queued, or folded into a queued or open duplicate",
      labelNames: ['source', 'outcome'],
      registers,
    }),
    alertQueueDepth: new Gauge({ name: 'irctl_alert_queue_depth', help: 'Alerts waiting in the per-key queues above capacity', registers }),
  };
}

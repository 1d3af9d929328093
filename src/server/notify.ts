import { randomUUID } from 'node:crypto';
import type { Config, OncallConfig } from '../config.js';
import type { LifecycleEvent, LifecycleKind } from '../engine/deps.js';
import { addTimeline } from '../engine/incidents.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import type { ServerMetrics } from './metrics.js';

// Outbound notifications for every lifecycle event, from `irctl serve` and from CLI runs alike.
// Each message goes to the default channels (`notify:`) and, when addressed (a page level, a gate
// escalation naming someone), to those on-call contacts. Delivery retries with exponential
// backoff; the queue is bounded; a message that cannot be delivered is written on the incident's
// timeline. URLs carry secrets (Slack hooks): only their origin is ever logged or recorded.

const NOTIFY_TIMEOUT_MS = 5_000;
export const DEFAULT_RETRY = { attempts: 5, baseMs: 500 };
export const MAX_QUEUED = 1_000;

export interface NotifyEvent extends Omit<LifecycleEvent, 'kind'> {
  /** `incident_opened` is the intake's older name for `opened`. */
  kind: LifecycleKind | 'incident_opened';
  runbook?: string;
  severity?: string;
  target?: string;
}

export interface Notifier {
  /** Fire and forget: a failing or slow webhook is retried, counted and recorded, never thrown into a run. */
  send(event: NotifyEvent): void;
  /** Wait until every queued message is delivered or given up (shutdown, end of a CLI run, tests). */
  flush(): Promise<void>;
}

export interface NotifySettings {
  notify: Config['notify'];
  oncall?: OncallConfig;
}

export interface NotifierDeps {
  log: Logger;
  metrics?: Pick<ServerMetrics, 'notifications'>;
  /** Where undeliverable messages are recorded (the incident's timeline). */
  db?: Db;
  fetch?: typeof fetch;
  retry?: { attempts: number; baseMs: number };
  maxQueued?: number;
}

interface Destination {
  name: string; // "webhook", "slack" or a contact's name: the metrics label and what logs show
  url: string;
  format: 'json' | 'slack';
}

/** What a log line or the timeline may show of a webhook URL: its origin, never the path or query. */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '(invalid url)';
  }
}

const TEXT: Record<LifecycleKind, (e: NotifyEvent) => string> = {
  opened: (e) => `:rotating_light: incident ${e.incidentId} opened`,
  contained: (e) => `:lock: incident ${e.incidentId} contained`,
  gate_waiting: (e) => `:raised_hand: incident ${e.incidentId} waits for approval at step ${e.stepId ?? '?'}`,
  escalated: (e) => `:loudspeaker: incident ${e.incidentId} escalated${e.to ? ` to ${e.to.join(', ')}` : ''}${e.stepId ? ` at step ${e.stepId}` : ''}`,
  acknowledged: (e) => `:eyes: incident ${e.incidentId} acknowledged${typeof e.detail?.actor === 'string' ? ` by ${e.detail.actor}` : ''}`,
  approved: (e) => `:white_check_mark: incident ${e.incidentId}: gate ${e.stepId ?? '?'} approved`,
  rejected: (e) => `:no_entry: incident ${e.incidentId}: gate ${e.stepId ?? '?'} rejected`,
  timed_out: (e) => `:hourglass: incident ${e.incidentId}: gate ${e.stepId ?? '?'} timed out`,
  human_needed: (e) => `:raised_hand: incident ${e.incidentId} needs a human at step ${e.stepId ?? '?'}`,
  decision_needed: (e) => `:warning: incident ${e.incidentId}: step ${e.stepId ?? '?'} was interrupted and needs a decision`,
  failed: (e) => `:x: incident ${e.incidentId} failed`,
  aborted: (e) => `:octagonal_sign: incident ${e.incidentId} aborted`,
  rolled_back: (e) => `:rewind: incident ${e.incidentId} rolled back`,
  released: (e) => `:unlock: incident ${e.incidentId}: containment released`,
  closed: (e) => `:white_check_mark: incident ${e.incidentId} closed`,
  sla_at_risk: (e) => `:warning: incident ${e.incidentId}: SLA at risk (75 % of ${typeof e.detail?.budget === 'string' ? e.detail.budget : 'the budget'} gone)`,
  sla_breached: (e) => `:rotating_light: incident ${e.incidentId}: SLA breached (${typeof e.detail?.budget === 'string' ? e.detail.budget : 'budget'})`,
};

function slackText(event: NotifyEvent & { kind: LifecycleKind }): string {
  const parts = [TEXT[event.kind](event)];
  if (event.runbook) parts.push(`runbook ${event.runbook}${event.severity ? ` (${event.severity})` : ''}`);
  if (event.target) parts.push(`target ${event.target}`);
  if (event.kind !== 'opened') parts.push(`irctl status ${event.incidentId}`);
  return parts.join(' · ');
}

function body(destination: Destination, event: NotifyEvent & { kind: LifecycleKind }, id: string): unknown {
  if (destination.format === 'slack') return { text: slackText(event) };
  return {
    id, // the same on every retry, so a receiver can drop a duplicate
    event: event.kind,
    incident_id: event.incidentId,
    runbook: event.runbook ?? null,
    severity: event.severity ?? null,
    target: event.target ?? null,
    step_id: event.stepId ?? null,
    to: event.to ?? null,
    detail: event.detail ?? {},
    at: new Date().toISOString(),
  };
}

/** Generic JSON and Slack-compatible webhooks: the config's `notify:` channels and `oncall:` contacts. */
export function createNotifier(settings: NotifySettings, deps: NotifierDeps): Notifier {
  const post = deps.fetch ?? fetch;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const maxQueued = deps.maxQueued ?? MAX_QUEUED;
  const contacts = new Map((settings.oncall?.contacts ?? []).map((contact) => [contact.name, contact]));
  const defaults: Destination[] = [
    ...(settings.notify.webhook ? [{ name: 'webhook', url: settings.notify.webhook, format: 'json' as const }] : []),
    ...(settings.notify.slack_webhook ? [{ name: 'slack', url: settings.notify.slack_webhook, format: 'slack' as const }] : []),
  ];
  const pending = new Set<Promise<void>>();

  const giveUp = (destination: Destination, event: NotifyEvent, reason: string, attempts: number) => {
    deps.metrics?.notifications.inc({ channel: destination.name, outcome: 'failed' });
    deps.log.warn(
      { channel: destination.name, to: redactUrl(destination.url), event: event.kind, incidentId: event.incidentId, error: reason, attempts },
      'notification not delivered; the run goes on',
    );
    try {
      if (deps.db?.open) {
        addTimeline(deps.db, event.incidentId, 'notification_failed', {
          detail: { event: event.kind, channel: destination.name, to: redactUrl(destination.url), error: reason, attempts },
        });
      }
    } catch (error) {
      deps.log.warn({ error: (error as Error).message }, 'a failed notification could not be recorded on the timeline');
    }
  };

  const deliver = async (destination: Destination, event: NotifyEvent & { kind: LifecycleKind }, id: string): Promise<void> => {
    const payload = JSON.stringify(body(destination, event, id));
    let lastError = '';
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      try {
        const response = await post(destination.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: payload,
          signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
        });
        await response.body?.cancel().catch(() => undefined);
        if (response.ok) {
          deps.metrics?.notifications.inc({ channel: destination.name, outcome: 'sent' });
          return;
        }
        lastError = `HTTP ${response.status}`;
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) break; // will not get better
      } catch (error) {
        lastError = (error as Error).message; // fetch errors name the host at most, never the path
      }
      if (attempt < retry.attempts) await new Promise((resolve) => setTimeout(resolve, retry.baseMs * 2 ** (attempt - 1)));
    }
    giveUp(destination, event, lastError, retry.attempts);
  };

  const destinationsFor = (event: NotifyEvent): Destination[] => {
    const addressed: Destination[] = [];
    for (const name of event.to ?? []) {
      const contact = contacts.get(name);
      if (contact) addressed.push({ name: contact.name, url: contact.webhook, format: contact.format });
    }
    // the default channels hear everything; a name with no contact is reached through them
    return [...defaults, ...addressed.filter((a) => !defaults.some((d) => d.url === a.url))];
  };

  return {
    send(raw) {
      const event = { ...raw, kind: raw.kind === 'incident_opened' ? 'opened' : raw.kind } as NotifyEvent & { kind: LifecycleKind };
      const id = randomUUID();
      for (const destination of destinationsFor(event)) {
        if (pending.size >= maxQueued) {
          giveUp(destination, event, `notification queue full (${maxQueued})`, 0);
          continue;
        }
        const sent = deliver(destination, event, id).catch((error: Error) => deps.log.warn({ error: error.message }, 'notification delivery failed'));
        pending.add(sent);
        void sent.finally(() => pending.delete(sent));
      }
    },
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ServerMetrics } from './metrics.js';

const NOTIFY_TIMEOUT_MS = 5_000;

export interface NotifyEvent {
  kind: 'incident_opened' | 'gate_waiting' | 'human_needed' | 'escalation';
  incidentId: string;
  runbook?: string;
  severity?: string;
  target?: string;
  stepId?: string;
  detail?: Record<string, unknown>;
}

export interface Notifier {
  /** Fire and forget: a failing or slow webhook is counted and logged, never thrown into a run. */
  send(event: NotifyEvent): void;
  /** Wait for the posts in flight (shutdown, tests). */
  flush(): Promise<void>;
}

function slackText(event: NotifyEvent): string {
  const what: Record<NotifyEvent['kind'], string> = {
    incident_opened: `:rotating_light: incident ${event.incidentId} opened`,
    gate_waiting: `:raised_hand: incident ${event.incidentId} waits for approval at step ${event.stepId ?? '?'}`,
    human_needed: `:raised_hand: incident ${event.incidentId} needs a human at step ${event.stepId ?? '?'}`,
    escalation: `:loudspeaker: incident ${event.incidentId} escalated at step ${event.stepId ?? '?'}`,
  };
  const parts = [what[event.kind]];
  if (event.runbook) parts.push(`runbook ${event.runbook}${event.severity ? ` (${event.severity})` : ''}`);
  if (event.target) parts.push(`target ${event.target}`);
  if (event.kind !== 'incident_opened') parts.push(`irctl status ${event.incidentId}`);
  return parts.join(' · ');
}

/** Generic JSON webhook and Slack-compatible webhook, from the config's `notify:`. */
export function createNotifier(
  notify: Config['notify'],
  deps: { metrics: ServerMetrics; log: Logger; fetch?: typeof fetch },
): Notifier {
  const post = deps.fetch ?? fetch;
  const inFlight = new Set<Promise<void>>();
  const deliver = (channel: 'webhook' | 'slack', url: string, body: unknown): void => {
    const sent = (async () => {
      try {
        const response = await post(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        deps.metrics.notifications.inc({ channel, outcome: 'sent' });
      } catch (error) {
        deps.metrics.notifications.inc({ channel, outcome: 'failed' });
        deps.log.warn({ channel, error: (error as Error).message }, 'notification webhook failed; the run goes on');
      }
    })();
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
  };
  return {
    send(event) {
      if (notify.webhook) {
        deliver('webhook', notify.webhook, {
          event: event.kind,
          incident_id: event.incidentId,
          runbook: event.runbook ?? null,
          severity: event.severity ?? null,
          target: event.target ?? null,
          step_id: event.stepId ?? null,
          detail: event.detail ?? {},
          at: new Date().toISOString(),
        });
      }
      if (notify.slack_webhook) deliver('slack', notify.slack_webhook, { text: slackText(event) });
    },
    async flush() {
      await Promise.all([...inFlight]);
    },
  };
}

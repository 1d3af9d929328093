import type { TimelineEntry } from '../engine/incidents.js';
import { redactText } from './redact.js';
import type { Paging } from './schema.js';

const detailOf = (entry: TimelineEntry): Record<string, unknown> => JSON.parse(entry.detail) as Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' ? redactText(value) : null);

/** Who was paged and when, who acknowledged, the SLA marks, and the notifications that never arrived — from the timeline. */
export function pagingOf(entries: readonly TimelineEntry[]): Paging {
  const paging: Paging = { acknowledgements: [], escalations: [], slaAtRiskAt: null, slaBreachedAt: null, failedNotifications: [] };
  for (const entry of entries) {
    const detail = detailOf(entry);
    if (entry.kind === 'acknowledged') paging.acknowledgements.push({ at: entry.at, actor: entry.actor ?? 'unknown', comment: text(detail.comment) });
    if (entry.kind === 'escalated') {
      const notify = Array.isArray(detail.notify) ? detail.notify.map(String) : typeof detail.notify === 'string' ? [detail.notify] : [];
      paging.escalations.push({
        at: entry.at,
        source: detail.source === 'oncall' ? 'oncall' : 'gate',
        stepId: entry.step_id,
        notify,
        level: typeof detail.level === 'number' ? detail.level : null,
      });
    }
    if (entry.kind === 'sla_at_risk') paging.slaAtRiskAt ??= entry.at;
    if (entry.kind === 'sla_breached') paging.slaBreachedAt ??= entry.at;
    if (entry.kind === 'notification_failed') {
      paging.failedNotifications.push({ at: entry.at, event: text(detail.event) ?? '', channel: text(detail.channel) ?? '', error: text(detail.error) ?? '' });
    }
  }
  return paging;
}

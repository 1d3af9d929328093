import { z } from 'zod';
import { fingerprintOf, toAlertTime, type Alert, type AlertStatus, type FieldValue } from '../alert.js';
import { looseText, statusText, stringMap, itemList, firstIssue } from '../coerce.js';
import { containerCandidatesFromLabels, resolveContainer } from '../container.js';
import { normalizePriority } from '../priority.js';
import { rejectShape } from '../rejection.js';
import { isObject, parseItem, type ItemResult } from './define.js';

// Alertmanager's webhook and Grafana's unified-alerting webhook share one shape (Grafana's
// notifier is a fork of Alertmanager's): an envelope with common labels and an `alerts` list.

export const notificationSchema = z.object({
  version: looseText,
  status: statusText,
  receiver: looseText,
  groupKey: looseText,
  commonLabels: stringMap,
  commonAnnotations: stringMap,
  alerts: itemList,
});

export const alertItemSchema = z.object({
  status: statusText,
  labels: stringMap,
  annotations: stringMap,
  startsAt: z.unknown().optional(),
  endsAt: z.unknown().optional(),
  fingerprint: looseText,
});

type Notification = z.output<typeof notificationSchema>;
type AlertItem = z.output<typeof alertItemSchema>;

const FINGERPRINT = /^[0-9A-Za-z_-]{1,128}$/;

/** Parse the envelope; a payload without an `alerts` list cannot be used at all. */
export function parseNotification(source: 'alertmanager' | 'grafana', payload: unknown): Notification {
  if (!isObject(payload)) throw rejectShape(source, 'expected a JSON object with an "alerts" list');
  const result = notificationSchema.safeParse(payload);
  if (!result.success) throw rejectShape(source, firstIssue(result.error));
  return result.data;
}

/**
 * Alertmanager (max_alerts) and Grafana say how many alerts they dropped from a notification in
 * `truncatedAlerts`; nobody must miss that the list is incomplete.
 */
export function truncatedAlertsOf(payload: unknown): number {
  if (!isObject(payload)) return 0;
  const value = typeof payload.truncatedAlerts === 'string' ? Number(payload.truncatedAlerts) : payload.truncatedAlerts;
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

export function looksLikeNotification(payload: unknown): payload is Record<string, unknown> & { alerts: unknown[] } {
  return isObject(payload) && Array.isArray(payload.alerts) && payload.alerts.some((a) => isObject(a) && isObject(a.labels));
}

/** Status from the alert, else the notification, else from whether endsAt has passed. */
function statusOf(item: AlertItem, notification: Notification, endsAt: string | undefined, now: number): AlertStatus {
  if (item.status) return item.status;
  if (notification.status) return notification.status;
  return endsAt && Date.parse(endsAt) <= now ? 'resolved' : 'firing';
}

/** The fingerprint the sender computed, or ours over the sorted label set (what Alertmanager hashes too). */
function fingerprintFor(source: 'alertmanager' | 'grafana', item: AlertItem, labels: Record<string, string>): string {
  if (item.fingerprint && FINGERPRINT.test(item.fingerprint)) return item.fingerprint;
  const pairs = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`);
  return fingerprintOf(source, pairs);
}

/** One alert of the list → Alert, or why it cannot be used. `extraFields` adds source-specific fields. */
export function buildAlert(
  source: 'alertmanager' | 'grafana',
  notification: Notification,
  raw: unknown,
  extraFields: (raw: Record<string, unknown>) => Record<string, FieldValue> = () => ({}),
): ItemResult {
  const item = parseItem(alertItemSchema, raw);
  if ('skip' in item) return item;
  const notes: string[] = [];
  const labels = { ...notification.commonLabels, ...item.labels };
  const annotations = { ...notification.commonAnnotations, ...item.annotations };
  const rule = labels.alertname?.trim();
  if (!rule) return { skip: 'labels.alertname is missing: nothing names this alert' };
  const severity = labels.severity ?? labels.priority ?? labels.level;
  const priority = normalizePriority(severity);
  if (severity !== undefined && !priority) notes.push(`priority: severity label "${severity}" is not a known priority word`);
  const startsAt = toAlertTime(item.startsAt);
  const endsAt = toAlertTime(item.endsAt);
  if (item.startsAt !== undefined && item.startsAt !== null && !startsAt && !isZeroTime(item.startsAt)) notes.push('startsAt is not a time; ignored');
  const status = statusOf(item, notification, endsAt, Date.now());
  return {
    source,
    status,
    fingerprint: fingerprintFor(source, item, labels),
    rule,
    priority,
    labels,
    annotations,
    tags: [],
    output_fields: extraFields(raw as Record<string, unknown>),
    ...resolveContainer(containerCandidatesFromLabels(labels)),
    host: labels.host ?? labels.hostname ?? labels.instance ?? labels.nodename,
    startsAt,
    endsAt,
    summary: annotations.summary ?? annotations.description ?? annotations.message ?? rule,
    notes,
    raw,
  } satisfies Alert;
}

function isZeroTime(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('0001-01-01');
}

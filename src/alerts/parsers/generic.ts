import { z } from 'zod';
import { fingerprintOf, toAlertTime, type Alert } from '../alert.js';
import { fieldMap, looseText, requiredText, statusText, stringList, stringMap } from '../coerce.js';
import { resolveContainer } from '../container.js';
import { normalizePriority } from '../priority.js';
import { defineParser, isObject, itemsOf, parseItem, type ItemResult } from './define.js';

// irctl's own alert shape, for senders with no format of their own (scripts, scanners, SIEM rules).
// Documented in docs/alerts.md; keep the two in step.

export const genericAlertSchema = z.object({
  rule: requiredText.describe('what fired: the rule or check name (required)'),
  status: statusText.describe('"firing" (default) or "resolved"'),
  priority: z.unknown().optional().describe('a Falco priority (emergency … debug) or a common severity word (critical, high, warning, info)'),
  summary: looseText.describe('one line for humans'),
  container: looseText.describe('the container id or name the alert is about'),
  host: looseText.describe('the Docker host or machine'),
  fingerprint: looseText.describe('identifies "the same alert" for dedupe; computed when absent'),
  labels: stringMap.describe('string → string'),
  annotations: stringMap.describe('string → string'),
  tags: stringList.describe('list of strings'),
  output_fields: fieldMap.describe('string → string | number | boolean | null'),
  startsAt: z.unknown().optional().describe('RFC 3339 time or epoch seconds/ms'),
  endsAt: z.unknown().optional().describe('RFC 3339 time or epoch seconds/ms'),
});

const FINGERPRINT = /^[\x21-\x7E]{1,128}$/;

function buildGenericAlert(raw: unknown): ItemResult {
  const item = parseItem(genericAlertSchema, raw);
  if ('skip' in item) return item;
  const notes: string[] = [];
  const priority = normalizePriority(item.priority);
  if (item.priority !== undefined && item.priority !== null && !priority) notes.push(`priority: "${String(item.priority)}" is not a known priority word`);
  const reference = resolveContainer([{ field: 'container', value: item.container, kind: 'id-or-name' }]);
  const labelPairs = Object.keys(item.labels)
    .sort()
    .map((key) => `${key}=${item.labels[key]}`);
  let fingerprint = item.fingerprint;
  if (fingerprint !== undefined && !FINGERPRINT.test(fingerprint)) {
    notes.push('fingerprint: not 1–128 printable characters; computed instead');
    fingerprint = undefined;
  }
  return {
    source: 'generic',
    status: item.status ?? 'firing',
    fingerprint: fingerprint ?? fingerprintOf('generic', [item.rule, reference.container, item.host, ...labelPairs]),
    rule: item.rule,
    priority,
    labels: item.labels,
    annotations: item.annotations,
    tags: item.tags,
    output_fields: item.output_fields,
    ...reference,
    host: item.host,
    startsAt: toAlertTime(item.startsAt),
    endsAt: toAlertTime(item.endsAt),
    summary: item.summary ?? item.rule,
    notes,
    raw,
  } satisfies Alert;
}

/** `{ "alerts": [ … ] }`, one alert object, or a list of them. */
function genericItems(payload: unknown): unknown[] {
  return isObject(payload) && Array.isArray(payload.alerts) ? payload.alerts : itemsOf(payload);
}

const looksLikeGenericAlert = (item: unknown) =>
  isObject(item) && typeof item.rule === 'string' && !('output' in item) && !('output_fields' in item && 'priority' in item && 'time' in item);

export const genericParser = defineParser({
  source: 'generic',
  recognizes: (payload) => genericItems(payload).length > 0 && genericItems(payload).every(looksLikeGenericAlert),
  parseSanitized: (payload) => genericItems(payload).map(buildGenericAlert),
});

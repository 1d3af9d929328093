import type { FieldValue } from '../alert.js';
import { buildAlert, looksLikeNotification, parseNotification, truncatedAlertsOf } from './prometheus-style.js';
import { defineParser, isObject } from './define.js';

/** Grafana's evaluated values (`values: {B: 44.2}`), and the older `valueString`, as output fields. */
function grafanaFields(raw: Record<string, unknown>): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  if (isObject(raw.values)) {
    for (const [ref, value] of Object.entries(raw.values)) {
      if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null) fields[`values.${ref}`] = value;
    }
  }
  if (typeof raw.valueString === 'string' && raw.valueString !== '') fields.valueString = raw.valueString;
  return fields;
}

/** Grafana unified-alerting webhook contact point. */
export const grafanaParser = defineParser({
  source: 'grafana',
  recognizes: (payload) =>
    looksLikeNotification(payload) &&
    ('orgId' in payload || payload.version === '1' || payload.alerts.some((a) => isObject(a) && ('silenceURL' in a || 'values' in a || 'valueString' in a))),
  truncatedAlerts: truncatedAlertsOf,
  parseSanitized(payload) {
    const notification = parseNotification('grafana', payload);
    return notification.alerts.map((item) => buildAlert('grafana', notification, item, grafanaFields));
  },
});

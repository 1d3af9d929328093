import { buildAlert, looksLikeNotification, parseNotification, truncatedAlertsOf } from './prometheus-style.js';
import { defineParser } from './define.js';

/** Prometheus Alertmanager webhook (`webhook_config`, payload version 4). */
export const alertmanagerParser = defineParser({
  source: 'alertmanager',
  recognizes: (payload) =>
    looksLikeNotification(payload) && !('orgId' in payload) && (payload.version === '4' || 'groupKey' in payload || 'receiver' in payload),
  truncatedAlerts: truncatedAlertsOf,
  parseSanitized(payload) {
    const notification = parseNotification('alertmanager', payload);
    const results = notification.alerts.map((item) => buildAlert('alertmanager', notification, item));
    if (notification.version !== undefined && notification.version !== '4') {
      for (const result of results) if (!('skip' in result)) result.notes.push(`webhook version "${notification.version}"; read as version 4`);
    }
    return results;
  },
});

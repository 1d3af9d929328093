import { UsageError } from '../../errors.js';
import { ALERT_SOURCES, type AlertSource, type ParsedNotification } from '../alert.js';
import { alertmanagerParser } from './alertmanager.js';
import { dockerEventsParser } from './docker-events.js';
import type { AlertParser } from './define.js';
import { falcoParser } from './falco.js';
import { genericParser } from './generic.js';
import { grafanaParser } from './grafana.js';

/** The one list of alert sources. Detection tries them in this order (Grafana before Alertmanager:
 *  Grafana's payload is a superset of Alertmanager's). */
export const alertParsers: Record<AlertSource, AlertParser> = {
  docker: dockerEventsParser,
  grafana: grafanaParser,
  alertmanager: alertmanagerParser,
  falco: falcoParser,
  generic: genericParser,
};

export function isAlertSource(value: string): value is AlertSource {
  return (ALERT_SOURCES as readonly string[]).includes(value);
}

/** Which source sent this payload; throws UsageError when its shape matches none. */
export function detectAlertSource(payload: unknown): AlertSource {
  for (const parser of Object.values(alertParsers)) if (parser.recognizes(payload)) return parser.source;
  throw new UsageError('cannot tell which source sent this payload: it has the shape of no known alert payload', {
    hint: `name it: --source ${ALERT_SOURCES.join('|')} (docs/alerts.md shows each shape)`,
  });
}

/** Parse a payload from a known source. Throws AlertRejectedError only. */
export function parseAlertPayload(source: AlertSource, payload: unknown): ParsedNotification {
  return alertParsers[source].parse(payload);
}

export type { AlertParser } from './define.js';

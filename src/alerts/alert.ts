import { createHash } from 'node:crypto';
import type { Priority } from './priority.js';

export const ALERT_SOURCES = ['falco', 'alertmanager', 'grafana', 'generic', 'docker'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];
export type AlertStatus = 'firing' | 'resolved';
export type FieldValue = string | number | boolean | null;

/** One alert, the same shape whatever sent it. A notification with several alerts yields several. */
export interface Alert {
  source: AlertSource;
  status: AlertStatus;
  /** Alertmanager/Grafana's own fingerprint, or a SHA-256 over the fields that make the alert "the same". */
  fingerprint: string;
  /** Falco rule, Alertmanager/Grafana alertname, generic rule, Docker event action (e.g. exec_start). */
  rule: string;
  /** Normalized to Falco's scale; undefined when the alert carries none we recognise. */
  priority?: Priority;
  /** Docker only: the event action without its detail (`exec_start`, `die`, `oom`, `health_status`). */
  event?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  tags: string[];
  output_fields: Record<string, FieldValue>;
  /** A validated Docker container id or name, when the alert names one. */
  container?: string;
  /** Why `container` is undefined: the alert names none, or what it names is not a valid id or name. */
  containerProblem?: string;
  host?: string;
  startsAt?: string; // ISO 8601 UTC; zero times ("0001-01-01T00:00:00Z") become undefined
  endsAt?: string;
  summary: string;
  /** What was coerced, neutralized or ignored while parsing. */
  notes: string[];
  /** The payload item this alert came from (after sanitizing). */
  raw: unknown;
}

/** The result of parsing one payload: its alerts, and the items in it that could not be used. */
export interface ParsedNotification {
  source: AlertSource;
  alerts: Alert[];
  skipped: { index: number; reason: string }[];
  /** Alerts the sender says it left out (Alertmanager's and Grafana's `truncatedAlerts`); 0 when none. */
  truncatedAlerts: number;
}

/** A stable fingerprint: SHA-256 over the source and the fields that identify an alert, in order. */
export function fingerprintOf(source: AlertSource, parts: (string | undefined)[]): string {
  const hash = createHash('sha256');
  hash.update(`irctl.alert.v1\0${source}`);
  for (const part of parts) hash.update(`\0${part ?? ''}`);
  return hash.digest('hex');
}

/**
 * An alert time → ISO 8601 UTC. Strings are RFC 3339; numbers are epoch seconds, ms, µs or ns
 * (told apart by size, as Falco's evt.time is ns and Docker's time is s). Go's zero time and
 * anything before 1971 mean "not set".
 */
export function toAlertTime(value: unknown): string | undefined {
  let ms: number;
  if (typeof value === 'string' && value.trim() !== '') {
    ms = /^\d+$/.test(value.trim()) ? epochToMs(Number(value)) : Date.parse(value);
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    ms = epochToMs(value);
  } else {
    return undefined;
  }
  if (!Number.isFinite(ms) || ms < 31_536_000_000 || ms > 253_402_300_799_999) return undefined;
  return new Date(ms).toISOString();
}

function epochToMs(value: number): number {
  if (value > 1e17) return Math.floor(value / 1e6);
  if (value > 1e14) return Math.floor(value / 1e3);
  if (value > 1e11) return value;
  return value * 1000;
}

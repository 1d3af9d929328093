import type { z } from 'zod';
import type { Alert, AlertSource, ParsedNotification } from '../alert.js';
import { firstIssue } from '../coerce.js';
import { rejectShape } from '../rejection.js';
import { ALERT_TEXT_LIMITS, alertLine, sanitizePayload } from '../sanitize.js';

/** Most notifications carry at most a few hundred alerts; more is a flood, not a notification. */
export const MAX_ALERTS_PER_PAYLOAD = 1000;

export interface AlertParser {
  readonly source: AlertSource;
  /** Whether a payload has this source's shape; used only to auto-detect the source. */
  recognizes(payload: unknown): boolean;
  /** Sanitize, validate and normalize. Throws only AlertRejectedError. */
  parse(payload: unknown): ParsedNotification;
}

/** One item of a payload: an Alert, or the reason it cannot be used. */
export type ItemResult = Alert | { skip: string };

interface ParserSpec {
  source: AlertSource;
  recognizes(payload: unknown): boolean;
  /** Receives the sanitized payload; returns one result per item, or throws AlertRejectedError. */
  parseSanitized(payload: unknown): ItemResult[];
  /** How many alerts the sender says it left out of this payload. */
  truncatedAlerts?(payload: unknown): number;
}

export function defineParser(spec: ParserSpec): AlertParser {
  return {
    source: spec.source,
    recognizes: (payload) => {
      try {
        return spec.recognizes(payload);
      } catch {
        return false;
      }
    },
    parse(payload) {
      const { value, notes } = sanitizePayload(payload);
      const results = spec.parseSanitized(value);
      if (results.length > MAX_ALERTS_PER_PAYLOAD) {
        throw rejectShape(spec.source, `${results.length} alerts in one payload; at most ${MAX_ALERTS_PER_PAYLOAD} are accepted`);
      }
      const alerts: Alert[] = [];
      const skipped: ParsedNotification['skipped'] = [];
      results.forEach((result, index) => {
        if ('skip' in result) skipped.push({ index, reason: result.skip });
        else alerts.push({ ...result, ...boundedTitles(result), notes: [...notes, ...result.notes] });
      });
      if (alerts.length === 0) {
        const reason =
          skipped.length === 0 ? 'it holds no alerts' : skipped.map((s) => (results.length > 1 ? `item ${s.index}: ${s.reason}` : s.reason)).join('; ');
        throw rejectShape(spec.source, reason);
      }
      return { source: spec.source, alerts, skipped, truncatedAlerts: spec.truncatedAlerts?.(value) ?? 0 };
    },
  };
}

/** The fields that become an incident's title and appear in one-line lists: one line each, bounded. */
function boundedTitles(alert: Alert): Pick<Alert, 'rule' | 'summary' | 'host'> {
  return {
    rule: alertLine(alert.rule, ALERT_TEXT_LIMITS.rule),
    summary: alertLine(alert.summary, ALERT_TEXT_LIMITS.summary),
    ...(alert.host === undefined ? {} : { host: alertLine(alert.host, ALERT_TEXT_LIMITS.host) }),
  };
}

/** Validate one item with a tolerant schema; a failure becomes a skip reason. */
export function parseItem<S extends z.ZodType>(schema: S, item: unknown): z.output<S> | { skip: string } {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { skip: `expected an object, got ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}` };
  }
  const result = schema.safeParse(item);
  return result.success ? result.data : { skip: firstIssue(result.error) };
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A payload that is one item or a list of items (JSON lines become a list). */
export function itemsOf(payload: unknown): unknown[] {
  return Array.isArray(payload) ? payload : [payload];
}

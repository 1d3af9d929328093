// Per-source JSON Schemas for the request body: only the envelope's types, so a wrong-typed
// payload is refused with 400 before any parsing. Everything inside is left to the source's
// parser, which is tolerant of what real senders vary (missing fields, nulls, numbers as strings)
// and rejects with a reason what cannot be used.

import { MAX_ALERTS_PER_PAYLOAD } from '../../alerts/parsers/define.js';

const map = { type: ['object', 'null'] } as const;
const list = { type: ['array', 'string', 'null'] } as const;

const notificationEnvelope = {
  type: 'object',
  required: ['alerts'],
  properties: {
    alerts: { type: 'array', maxItems: MAX_ALERTS_PER_PAYLOAD },
    commonLabels: map,
    commonAnnotations: map,
    groupLabels: map,
  },
} as const;

const eventItem = {
  type: 'object',
  properties: { output_fields: map, labels: map, annotations: map, tags: list },
} as const;

const oneOrMany = { anyOf: [eventItem, { type: 'array', minItems: 1, maxItems: MAX_ALERTS_PER_PAYLOAD, items: { type: 'object' } }] } as const;

export const ALERT_BODY_SCHEMAS = {
  alertmanager: notificationEnvelope,
  grafana: notificationEnvelope,
  falco: oneOrMany,
  generic: {
    anyOf: [
      eventItem,
      {
        type: 'object',
        required: ['alerts'],
        properties: { alerts: { type: 'array', minItems: 1, maxItems: MAX_ALERTS_PER_PAYLOAD, items: { type: 'object' } } },
      },
      { type: 'array', minItems: 1, maxItems: MAX_ALERTS_PER_PAYLOAD, items: { type: 'object' } },
    ],
  },
} as const;

export type HttpAlertSource = keyof typeof ALERT_BODY_SCHEMAS;
export const HTTP_ALERT_SOURCES = Object.keys(ALERT_BODY_SCHEMAS) as HttpAlertSource[];

import { z } from 'zod';
import { fingerprintOf, toAlertTime, type Alert } from '../alert.js';
import { fieldMap, looseText, requiredText, stringList } from '../coerce.js';
import { resolveContainer } from '../container.js';
import { normalizePriority } from '../priority.js';
import { defineParser, isObject, itemsOf, parseItem, type ItemResult } from './define.js';

// Falco's json_output line, as Falco writes it and as Falcosidekick's webhook output forwards it
// (Falcosidekick adds `uuid` and may add custom output_fields). Older Falco lacks hostname, source
// and tags; output_fields values may be null (`<NA>`) or numbers.

const falcoEventSchema = z.object({
  rule: requiredText,
  priority: z.unknown().optional(),
  output: looseText,
  output_fields: fieldMap,
  tags: stringList,
  hostname: looseText,
  source: looseText,
  time: z.unknown().optional(),
  uuid: looseText,
});

function buildFalcoAlert(raw: unknown): ItemResult {
  const event = parseItem(falcoEventSchema, raw);
  if ('skip' in event) return event;
  const notes: string[] = [];
  const fields = event.output_fields;
  const priority = normalizePriority(event.priority);
  if (!priority) notes.push(event.priority === undefined ? 'priority: missing' : `priority: "${String(event.priority)}" is not a Falco priority`);
  const reference = resolveContainer([
    { field: "output_fields['container.id']", value: fields['container.id'], kind: 'id' },
    { field: "output_fields['container.name']", value: fields['container.name'], kind: 'name' },
  ]);
  return {
    source: 'falco',
    status: 'firing', // Falco reports events; nothing resolves them
    fingerprint: fingerprintOf('falco', [event.rule, event.source, reference.container, event.hostname]),
    rule: event.rule,
    priority,
    labels: {},
    annotations: {},
    tags: event.tags,
    output_fields: fields,
    ...reference,
    host: event.hostname,
    startsAt: toAlertTime(event.time) ?? toAlertTime(fields['evt.time']),
    summary: event.output ?? event.rule,
    notes,
    raw,
  } satisfies Alert;
}

/** Falco always writes rule, priority, time and output; the generic shape has no `output` or `time`. */
const looksLikeFalcoEvent = (item: unknown) =>
  isObject(item) && typeof item.rule === 'string' && ('output' in item || ('time' in item && 'priority' in item && 'output_fields' in item));

/** Falco json_output / Falcosidekick webhook: one event, or a list (Falco's file output, JSON lines). */
export const falcoParser = defineParser({
  source: 'falco',
  recognizes: (payload) => itemsOf(payload).length > 0 && itemsOf(payload).every(looksLikeFalcoEvent),
  parseSanitized: (payload) => itemsOf(payload).map(buildFalcoAlert),
});

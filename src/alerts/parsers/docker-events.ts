import { z } from 'zod';
import { fingerprintOf, toAlertTime, type Alert, type FieldValue } from '../alert.js';
import { looseText, stringMap } from '../coerce.js';
import { resolveContainer, type ContainerCandidate } from '../container.js';
import { defineParser, isObject, itemsOf, parseItem, type ItemResult } from './define.js';

// Docker engine `/events` messages. API ≥ 1.22 sends Type/Action/Actor; older engines (and the
// same messages, kept for compatibility) send status/id/from. Container labels arrive flattened
// into Actor.Attributes next to Docker's own attributes (name, image, exitCode, execID, …).

const dockerEventSchema = z.object({
  Type: looseText,
  Action: looseText,
  status: looseText,
  id: looseText,
  from: looseText,
  Actor: z
    .unknown()
    .optional()
    .transform((value) => (isObject(value) ? value : {}))
    .pipe(z.object({ ID: looseText, Attributes: stringMap })),
  scope: looseText,
  time: z.unknown().optional(),
  timeNano: z.unknown().optional(),
});

/** Attributes Docker sets itself; every other attribute of a container event is a container label. */
const ENGINE_ATTRIBUTES = new Set(['name', 'image', 'exitCode', 'execID', 'signal', 'container', 'type', 'driver']);

function buildDockerAlert(raw: unknown): ItemResult {
  const message = parseItem(dockerEventSchema, raw);
  if ('skip' in message) return message;
  const action = (message.Action ?? message.status)?.trim();
  if (!action) return { skip: 'Action is missing: nothing says what happened' };
  const type = message.Type ?? (message.id ? 'container' : undefined);
  if (!type) return { skip: 'Type is missing: cannot tell what kind of object the event is about' };
  // "exec_start: sh -c id" and "health_status: healthy" carry a detail after the action name
  const separator = action.indexOf(':');
  const event = separator < 0 ? action : action.slice(0, separator).trim();
  const detail = separator < 0 ? undefined : action.slice(separator + 1).trim();
  const attributes = message.Actor.Attributes;
  const actorId = message.Actor.ID ?? message.id;
  const candidates: ContainerCandidate[] =
    type === 'container'
      ? [
          { field: 'Actor.ID', value: actorId, kind: 'id' },
          { field: 'Actor.Attributes.name', value: attributes.name, kind: 'name' },
        ]
      : [{ field: 'Actor.Attributes.container', value: attributes.container, kind: 'id' }]; // network connect/disconnect
  const reference = resolveContainer(candidates);
  const labels = type === 'container' ? Object.fromEntries(Object.entries(attributes).filter(([key]) => !ENGINE_ATTRIBUTES.has(key))) : {};
  const fields: Record<string, FieldValue> = { 'docker.type': type, 'docker.action': action };
  if (detail !== undefined) fields['docker.detail'] = detail;
  if (type === 'container' && actorId) fields['container.id'] = actorId;
  // a network event's `name` is the network's: never read it as a container name
  if (attributes.name !== undefined) fields[type === 'container' ? 'container.name' : `${type}.name`] = attributes.name;
  if (attributes.image ?? message.from) fields['container.image'] = attributes.image ?? message.from ?? null;
  if (attributes.exitCode !== undefined) fields['exit.code'] = attributes.exitCode;
  if (attributes.execID !== undefined) fields['exec.id'] = attributes.execID;
  if (attributes.signal !== undefined) fields.signal = attributes.signal;
  return {
    source: 'docker',
    status: 'firing',
    fingerprint: fingerprintOf('docker', [type, event, reference.container ?? actorId]),
    rule: event,
    event,
    labels,
    annotations: {},
    tags: [],
    output_fields: fields,
    ...reference,
    startsAt: eventTime(message.time, message.timeNano),
    summary: `docker ${type} ${action}${attributes.name ? ` (${attributes.name})` : actorId ? ` (${actorId.slice(0, 12)})` : ''}`,
    notes: [],
    raw,
  } satisfies Alert;
}

/**
 * `time` is seconds; `timeNano` adds precision but is only trusted when it agrees with `time`.
 * timeNano is beyond 2^53, so the lossless reader hands it over as a string of digits.
 */
function eventTime(seconds: unknown, nanoseconds: unknown): string | undefined {
  const nanos = typeof nanoseconds === 'string' && /^\d{1,20}$/.test(nanoseconds) ? Number(nanoseconds) : nanoseconds;
  if (typeof seconds === 'number' && typeof nanos === 'number' && Math.floor(nanos / 1e9) !== seconds) {
    return toAlertTime(seconds);
  }
  return toAlertTime(typeof nanos === 'number' ? nanos : seconds);
}

const looksLikeDockerEvent = (item: unknown) =>
  isObject(item) &&
  ((typeof item.Type === 'string' && typeof item.Action === 'string') || (typeof item.status === 'string' && typeof item.id === 'string' && 'from' in item));

/** Docker `/events` messages: one, or a list (a captured stream of JSON lines). */
export const dockerEventsParser = defineParser({
  source: 'docker',
  recognizes: (payload) => itemsOf(payload).length > 0 && itemsOf(payload).every(looksLikeDockerEvent),
  parseSanitized: (payload) => itemsOf(payload).map(buildDockerAlert),
});

import { UsageError } from '../errors.js';
import { MAX_OBJECT_REF, OBJECT_REF } from './safe-client.js';

// A container selector may come straight from an alert payload, so it is parsed strictly: it ends
// up in an API path (/containers/<ref>/json) or a filter, and in messages shown to responders.

export type ContainerSelector =
  | { kind: 'ref'; ref: string } // container id, id prefix, or name
  | { kind: 'labels'; labels: Record<string, string> }; // every label must match

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

export const MAX_SELECTOR_LENGTH = 256;
const MAX_LABELS = 8;
const MAX_LABEL_KEY = 128;
const MAX_LABEL_VALUE = 128;

const LABEL_KEY = /^[a-zA-Z0-9][a-zA-Z0-9._/-]*$/;
const LABEL_VALUE = /^[^,\s](?:[^,]*[^,\s])?$/;
const COMPOSE_PROJECT = /^[a-z0-9][a-z0-9_-]*$/; // Compose's project name rule
const COMPOSE_SERVICE = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
// control characters, and format characters such as bidi overrides and zero-width spaces that
// make a selector read differently from what it is
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

export const SELECTOR_FORMS = 'a container id, a name, label:key=value[,key=value] or compose:<project>/<service>';

function invalid(text: string, why: string): UsageError {
  return new UsageError(`container selector ${JSON.stringify(text)} is invalid: ${why}`, { hint: `use ${SELECTOR_FORMS}` });
}

/** Parse "web-1", "3f2a…", "label:app=web,tier=front" or "compose:shop/web". Throws UsageError. */
export function parseSelector(text: string): ContainerSelector {
  if (text.length === 0) throw invalid(text, 'it is empty');
  if (text.length > MAX_SELECTOR_LENGTH) throw invalid(text.slice(0, 40) + '…', `it is longer than ${MAX_SELECTOR_LENGTH} characters`);
  if (INVISIBLE.test(text)) throw invalid(text, 'it contains control or invisible characters');
  if (text.startsWith('label:')) return { kind: 'labels', labels: parseLabels(text, text.slice('label:'.length)) };
  if (text.startsWith('compose:')) return parseCompose(text, text.slice('compose:'.length));
  // the client's own grammar (Docker's name rule; ids fit it): no "/" inside, so no other API path
  const ref = text.replace(/^\//, '');
  if (!OBJECT_REF.test(ref) || ref.length > MAX_OBJECT_REF) throw invalid(text, 'a container id or name has only letters, digits, "_", "." and "-"');
  return { kind: 'ref', ref };
}

function parseLabels(text: string, body: string): Record<string, string> {
  const pairs = body.split(',');
  if (pairs.length > MAX_LABELS) throw invalid(text, `at most ${MAX_LABELS} labels`);
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw invalid(text, `"${pair}" is not key=value`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (key.length > MAX_LABEL_KEY || !LABEL_KEY.test(key)) throw invalid(text, `label key "${key}" is not a valid label key`);
    if (value.length > MAX_LABEL_VALUE || !LABEL_VALUE.test(value)) {
      throw invalid(text, `label value for "${key}" must be 1-${MAX_LABEL_VALUE} characters without "," or surrounding spaces`);
    }
    if (key in labels) throw invalid(text, `label "${key}" is given twice`);
    labels[key] = value;
  }
  return labels;
}

function parseCompose(text: string, body: string): ContainerSelector {
  const parts = body.split('/');
  const [project, service] = parts;
  if (parts.length !== 2 || !project || !service) throw invalid(text, 'expected compose:<project>/<service>');
  if (!COMPOSE_PROJECT.test(project)) throw invalid(text, `"${project}" is not a Compose project name (lower-case letters, digits, "_" and "-")`);
  if (!COMPOSE_SERVICE.test(service)) throw invalid(text, `"${service}" is not a Compose service name`);
  return { kind: 'labels', labels: { [COMPOSE_PROJECT_LABEL]: project, [COMPOSE_SERVICE_LABEL]: service } };
}

/** The selector as text again, for messages and `docker ps --filter` hints. */
export function labelFilters(labels: Record<string, string>): string[] {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`);
}

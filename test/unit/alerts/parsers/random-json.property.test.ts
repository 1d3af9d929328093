import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_SOURCES, type ParsedNotification } from '../../../../src/alerts/alert.js';
import { CONTAINER_ID, CONTAINER_NAME } from '../../../../src/alerts/container.js';
import { alertParsers, detectAlertSource } from '../../../../src/alerts/parsers/index.js';
import { AlertRejectedError } from '../../../../src/alerts/rejection.js';
import { UsageError } from '../../../../src/errors.js';
import { loadFixture } from '../fixtures.js';

// Random JSON at every parser: it returns usable alerts or throws AlertRejectedError, nothing else.

const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'alerts',
  'labels',
  'annotations',
  'status',
  'alertname',
  'severity',
  'fingerprint',
  'startsAt',
  'endsAt',
  'values',
  'orgId',
  'version',
  'rule',
  'priority',
  'output',
  'output_fields',
  'container.id',
  'container.name',
  'tags',
  'time',
  'Type',
  'Action',
  'Actor',
  'ID',
  'Attributes',
  'name',
  'container',
];
const SCALARS = ['firing', 'resolved', 'Critical', 'high', '0001-01-01T00:00:00Z', 'ee97d9c4186f', 'exec_start: sh', 'host', 'web\u001b-1', ''];

const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 }));
const scalar = fc.oneof(
  fc.constantFrom(...SCALARS),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
// Objects are built as JSON text and parsed, so "__proto__" is an own key as in a real request body.
const { json } = fc.letrec<{ json: unknown; array: unknown[]; object: unknown }>((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 5 }),
  object: fc
    .array(fc.tuple(key, tie('json')), { maxLength: 6 })
    .map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`)),
}));

/** A real payload with one value somewhere inside replaced by random JSON. */
function mutated(fixture: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(fixture, []);
  return fc.tuple(fc.constantFrom(...paths.filter((p) => p.length > 0)), json).map(([path, replacement]) => {
    const copy = structuredClone(fixture) as Record<string | number, unknown>;
    let parent: Record<string | number, unknown> = copy;
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    parent[path[path.length - 1]!] = replacement;
    return copy;
  });
}

const FIXTURES = [
  'alertmanager/zulip-firing-two-alerts.json',
  'grafana/grafana-docs-webhook-two-firing.json',
  'falco/falco-docs-terminal-shell-critical.json',
  'docker-events/batect-die-and-health-status.jsonl',
  'made-up/generic-example.json',
];
const payloads = fc.oneof(json, ...FIXTURES.map((name) => mutated(loadFixture(name))));

function expectUsable(notification: ParsedNotification): void {
  expect(notification.alerts.length).toBeGreaterThan(0);
  for (const alert of notification.alerts) {
    expect(alert.rule.trim()).not.toBe('');
    expect(['firing', 'resolved']).toContain(alert.status);
    expect(typeof alert.fingerprint).toBe('string');
    if (alert.container !== undefined) expect(CONTAINER_ID.test(alert.container) || CONTAINER_NAME.test(alert.container)).toBe(true);
    else expect(alert.containerProblem).toEqual(expect.any(String));
  }
}

describe('parsers under random JSON', () => {
  it.each(ALERT_SOURCES)('the %s parser returns usable alerts or throws AlertRejectedError, nothing else', (source) => {
    const outcomes = { parsed: 0, rejected: 0 };
    fc.assert(
      fc.property(payloads, (payload) => {
        let notification: ParsedNotification;
        try {
          notification = alertParsers[source].parse(payload);
        } catch (error) {
          if (!(error instanceof AlertRejectedError)) throw error;
          expect(error.reason).not.toBe('');
          outcomes.rejected++;
          return;
        }
        expectUsable(notification);
        outcomes.parsed++;
      }),
      { numRuns: 400 },
    );
    // both paths were exercised: mutated real payloads parse, random JSON mostly does not
    expect(outcomes.parsed).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('source detection names a source or throws UsageError, nothing else', () => {
    fc.assert(
      fc.property(payloads, (payload) => {
        try {
          expect(ALERT_SOURCES).toContain(detectAlertSource(payload));
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
        }
      }),
      { numRuns: 400 },
    );
  });
});

// Hostile intake against a live `irctl serve` and the real engine: every field that can name a
// container gets walking paths and encoded slashes, random payloads hit every endpoint, and the
// server must stay up, never answer 5xx, never act on a container outside its scope, and never
// send a request anywhere but the engine (a canary listener on another port receives nothing).
import type Docker from 'dockerode';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINAL_STATUSES, getIncident } from '../../src/engine/incidents.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { ALERT_FIXTURES, eventually, metricValue, startHarness, type Harness } from './server-harness.js';

const docker = testDocker();
const created: Docker.Container[] = [];
let harness: Harness;
let baseUrl: string;
let canary: Server;
let canaryPort: number;
const canaryHits: string[] = [];
/** Not opted in (no irctl.protect label): nothing an alert says may touch it. */
let bystander: Docker.ContainerInspectInfo;

beforeAll(async () => {
  canary = createServer((request, response) => {
    canaryHits.push(`${request.method} ${request.url}`);
    response.statusCode = 301; // what made docker-modem follow a redirect before
    response.setHeader('location', `http://127.0.0.1:${canaryPort}/followed`);
    response.end();
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryPort = (canary.address() as AddressInfo).port;
  harness = await startHarness({
    runbooks: ['falco-shell-contain.yaml', 'alertmanager-compromise-contain.yaml', 'generic-note.yaml', 'generic-label-pause.yaml'],
    // Falco's hostname maps to the test engine; a request may open at most 2 incidents
    config: `hosts:\n  local:\n    url: ${process.env.DOCKER_HOST}\n    alert_names: [node-1.example]\nserver:\n  incidents_per_request: 2\n`,
  });
  baseUrl = await harness.server.app.listen({ port: 0, host: '127.0.0.1' });
  const plain = await startVictim(docker, { name: uniqueName('bystander'), labels: { app: uniqueName('bystander-app') } });
  created.push(plain);
  bystander = await plain.inspect();
});

afterAll(async () => {
  await harness?.close();
  await Promise.all(created.map(removeQuietly));
  await docker
    .getNetwork(harness.quarantine)
    .remove()
    .catch(() => undefined);
  canary?.close();
});

async function post(path: string, body: unknown, key = harness.keys.admin): Promise<{ status: number; json: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

async function protectedVictim(): Promise<Docker.Container> {
  const container = await startVictim(docker, { labels: { 'irctl.protect': 'true' } });
  created.push(container);
  return container;
}

function falcoEvent(fields: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const event = JSON.parse(readFileSync(join(ALERT_FIXTURES, 'falco/falco-docs-terminal-shell-critical.json'), 'utf8'));
  event.output_fields = { ...event.output_fields, 'container.id': undefined, 'container.name': undefined, ...fields };
  return { ...event, hostname: 'node-1.example', ...extra };
}

function alertmanagerNotification(labels: Record<string, string>) {
  return {
    version: '4',
    status: 'firing',
    receiver: 'irctl',
    groupKey: '{}:{}',
    alerts: [
      { status: 'firing', labels: { alertname: 'ContainerCompromised', severity: 'critical', ...labels }, annotations: {}, startsAt: new Date().toISOString() },
    ],
  };
}

/** Every way an alert can name a container, as [endpoint, body] for a hostile reference. */
function everyContainerField(ref: string): [string, unknown][] {
  return [
    ['/v1/alerts/falco', falcoEvent({ 'container.id': ref })],
    ['/v1/alerts/falco', falcoEvent({ 'container.name': ref })],
    ['/v1/alerts/generic', { rule: 'suspicious-binary', container: ref }],
    ['/v1/alerts/generic', { rule: 'by-label', labels: { app: ref } }],
    ['/v1/alerts/generic', { rule: 'by-raw-label', labels: { container: ref } }],
    ['/v1/alerts/alertmanager', alertmanagerNotification({ container_name: ref })],
    ['/v1/alerts/alertmanager', alertmanagerNotification({ container: ref, container_id: ref, name: ref, image: 'x' })],
    ['/v1/alerts/grafana', { ...alertmanagerNotification({ container_name: ref }), orgId: 1 }],
  ];
}

const unpaused = async (info: Docker.ContainerInspectInfo) => {
  const now = await docker.getContainer(info.Id).inspect();
  return { paused: now.State.Paused, networks: Object.keys(now.NetworkSettings.Networks ?? {}).sort() };
};

describe('irctl serve under attack: container references', () => {
  it('refuses walking paths and encoded slashes in every field that names a container: no 5xx, nothing run, nothing sent elsewhere', async () => {
    const hostile = [
      `../../../../127.0.0.1:${canaryPort}/x`,
      '../../../../127.0.0.1:1/x',
      '../../etc/passwd',
      '..',
      '/',
      '%2f',
      `..%2f..%2f127.0.0.1:${canaryPort}%2fx`,
      `${bystander.Name.slice(1)}/../${bystander.Id}`,
      `${bystander.Id}/json?x=`,
      '.',
      'a\\..\\b',
    ];
    const before = harness.incidentCount();
    const bystanderBefore = await unpaused(bystander);
    for (const ref of hostile) {
      for (const [path, body] of everyContainerField(ref)) {
        const reply = await post(path, body);
        expect(reply.status, `${path} ${JSON.stringify(ref)}`).toBeLessThan(500);
        expect([202, 403, 422], `${path} ${JSON.stringify(ref)}: ${JSON.stringify(reply.json)}`).toContain(reply.status);
      }
    }
    expect(harness.incidentCount()).toBe(before);
    expect(canaryHits).toEqual([]);
    expect(await unpaused(bystander)).toEqual(bystanderBefore);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  });

  it('refuses a container outside the scope with 403 and the reason, counts and runs nothing', async () => {
    const before = { incidents: harness.incidentCount(), state: await unpaused(bystander) };
    const metricsBefore = metricValue(await harness.server.metrics.registry.metrics(), 'irctl_alerts_unstarted_total', {
      source: 'falco',
      reason: 'out_of_scope',
    });
    const reply = await post('/v1/alerts/falco', falcoEvent({ 'container.id': bystander.Id.slice(0, 12) }));
    expect(reply.status).toBe(403);
    expect(reply.json.error.code).toBe('OUT_OF_SCOPE');
    expect(reply.json.error.message).toContain('irctl.protect=true');
    expect(reply.json.alerts[0].outcomes[0]).toMatchObject({ result: 'refused', reason: 'out_of_scope' });
    // a label selector built from the alert reaches the same container: refused the same way
    const byLabel = await post('/v1/alerts/generic', { rule: 'by-label', labels: { app: bystander.Config.Labels.app } });
    expect(byLabel.status).toBe(403);
    expect(harness.incidentCount()).toBe(before.incidents);
    expect(await unpaused(bystander)).toEqual(before.state);
    const metricsAfter = metricValue(await harness.server.metrics.registry.metrics(), 'irctl_alerts_unstarted_total', {
      source: 'falco',
      reason: 'out_of_scope',
    });
    expect(metricsAfter).toBe(metricsBefore + 1);
  });

  it('refuses a short id prefix from an alert (the engine would match it to any container) and a container that does not exist', async () => {
    const victim = await protectedVictim();
    const prefix = await post('/v1/alerts/generic', { rule: 'suspicious-binary', container: victim.id.slice(0, 4) });
    expect(prefix.status).toBe(422);
    expect(prefix.json.error.code).toBe('TARGET_NOT_FOUND');
    const missing = await post('/v1/alerts/generic', { rule: 'suspicious-binary', container: uniqueName('no-such') });
    expect(missing.status).toBe(422);
    expect(missing.json.alerts[0].outcomes[0]).toMatchObject({ result: 'refused', reason: 'target_not_found' });
  });

  it('opens a new incident for the repeat of an alert whose incident failed, and contains the container', async () => {
    // a network squatting on the quarantine name that is not internal: isolate refuses it, the
    // incident fails. (Nothing else in this file contains anything, so the name is still free.)
    const [squatter, victim] = await Promise.all([
      docker.createNetwork({ Name: harness.quarantine, Driver: 'bridge', Labels: { 'irctl.test': '1' } }),
      protectedVictim(),
    ]);
    const alert = falcoEvent({ 'container.id': victim.id.slice(0, 12) });
    const first = await post('/v1/alerts/falco', alert, harness.keys.alerter);
    expect(first.status).toBe(202);
    const firstId = first.json.alerts[0].outcomes[0].incidentId as string;
    const ended = await eventually('the first incident to end', () => {
      const status = getIncident(harness.services.db, firstId).status;
      return FINAL_STATUSES.has(status) || status === 'needs_decision' ? status : undefined;
    });
    expect(ended).not.toBe('succeeded');
    await squatter.remove();
    const repeat = await post('/v1/alerts/falco', alert, harness.keys.alerter);
    expect(repeat.status).toBe(202);
    expect(repeat.json.alerts[0].outcomes[0]).toMatchObject({ result: 'opened' });
    expect(repeat.json.alerts[0].outcomes[0].incidentId).not.toBe(firstId);
    const contained = await eventually('the container to be contained', async () => {
      const info = await victim.inspect();
      const networks = Object.keys(info.NetworkSettings.Networks ?? {});
      return info.State.Paused && networks.length === 1 && networks[0] === harness.quarantine ? networks : undefined;
    });
    expect(contained).toEqual([harness.quarantine]);
  });

  it('bounds how many incidents one request may open', async () => {
    const victims = await Promise.all([protectedVictim(), protectedVictim(), protectedVictim()]);
    const names = await Promise.all(victims.map(async (victim) => (await victim.inspect()).Name.slice(1)));
    const before = harness.incidentCount();
    const reply = await post('/v1/alerts/generic', { alerts: names.map((name) => ({ rule: 'suspicious-binary', container: name })) }, harness.keys.alerter);
    expect(reply.status).toBe(202);
    const results = reply.json.alerts.map(
      (alert: { outcomes: { result: string; reason?: string }[] }) => alert.outcomes[0]!.reason ?? alert.outcomes[0]!.result,
    );
    expect(results).toEqual(['opened', 'opened', 'over_budget']);
    expect(harness.incidentCount()).toBe(before + 2);
  });

  it('maps an alert’s host to a configured host, and refuses one from a host it does not know', async () => {
    const before = harness.incidentCount();
    const about = (hostname: string) => post('/v1/alerts/falco', falcoEvent({ 'container.id': bystander.Id.slice(0, 12) }, { hostname }), harness.keys.alerter);
    const unknown = await about('evil.example');
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.code).toBe('HOST_UNKNOWN');
    // the mapped name gets past the host check to the container (which is then out of scope)
    const known = await about('node-1.example');
    expect(known.status).toBe(403);
    expect(known.json.error.code).toBe('OUT_OF_SCOPE');
    expect(harness.incidentCount()).toBe(before);
  });

  it('narrows a key to its own scope: a key scoped to one name cannot reach another opted-in container', async () => {
    const { createApiKey } = await import('../../src/auth/keys.js');
    const victim = await protectedVictim();
    const name = (await victim.inspect()).Name.slice(1);
    const narrow = createApiKey(harness.services.db, { actor: 'narrow-sender', role: 'alerter', createdBy: 'test', scope: [{ names: ['only-this-*'] }] }).key;
    const reply = await post('/v1/alerts/generic', { rule: 'suspicious-binary', container: name }, narrow);
    expect(reply.status).toBe(403);
    expect(reply.json.error.message).toContain("this API key's scope");
  });
});

describe('irctl serve under attack: random payloads on every endpoint', () => {
  const hostileRef = fc.oneof(
    fc.constantFrom('..', '/', '%2f', '../../../../127.0.0.1:1/x', '.', '-', 'a/b', '\u0000', 'web\nx', ''),
    fc.string({ maxLength: 40 }),
    fc.constant('BYSTANDER_ID'),
    fc.constant('BYSTANDER_NAME'),
    fc.nat({ max: 64 }).map((n) => `ID_PREFIX:${n}`),
  );
  const realize = (ref: string) =>
    ref === 'BYSTANDER_ID'
      ? bystander.Id
      : ref === 'BYSTANDER_NAME'
        ? bystander.Name.slice(1)
        : ref.startsWith('ID_PREFIX:')
          ? bystander.Id.slice(0, Number(ref.slice(10)))
          : ref;
  const labels = fc.dictionary(
    fc.constantFrom('alertname', 'container', 'container_name', 'container_id', 'name', 'image', 'app', 'severity', 'instance', 'id'),
    hostileRef,
    { maxKeys: 6 },
  );
  const alertBody = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(
      {
        rule: fc.constantFrom('suspicious-binary', 'by-label', 'by-raw-label', 'x'),
        container: hostileRef,
        labels,
        fingerprint: fc.string({ maxLength: 130 }),
        status: fc.constantFrom('firing', 'resolved', 'weird'),
      },
      { requiredKeys: ['rule'] },
    ),
    fc.record({
      rule: fc.constant('Terminal shell in container'),
      output: fc.string(),
      priority: fc.constantFrom('Critical', 'Warning', 7, null),
      output_fields: fc.dictionary(
        fc.constantFrom('container.id', 'container.name', 'evt.time', 'proc.name'),
        fc.oneof(hostileRef, fc.bigInt().map(String), fc.integer()),
      ),
      hostname: fc.option(hostileRef),
    }),
    fc.record({
      version: fc.constant('4'),
      alerts: fc.array(fc.record({ status: fc.constantFrom('firing', 'resolved'), labels, fingerprint: fc.string({ maxLength: 20 }) }), { maxLength: 5 }),
      truncatedAlerts: fc.oneof(fc.nat(), fc.string()),
    }),
  );
  const realizeDeep = (value: unknown): unknown => {
    if (typeof value === 'string') return realize(value);
    if (Array.isArray(value)) return value.map(realizeDeep);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, realizeDeep(v)]));
    return value;
  };

  it('answers every random alert post with < 500, stays up, and never touches the bystander or the canary', async () => {
    const before = await unpaused(bystander);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('falco', 'alertmanager', 'grafana', 'generic', 'docker', 'nope'), alertBody, async (source, body) => {
        const reply = await post(`/v1/alerts/${source}`, realizeDeep(body));
        expect(reply.status, JSON.stringify(reply.json)).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    expect(canaryHits).toEqual([]);
    expect(await unpaused(bystander)).toEqual(before);
    const touched = harness.services.db
      .prepare('SELECT COUNT(*) AS n FROM incidents WHERE target IN (?, ?, ?)')
      .get(bystander.Id, bystander.Id.slice(0, 12), bystander.Name.slice(1)) as { n: number };
    expect(touched.n).toBe(0);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  });

  it('answers random requests to the incident, approval, metrics and health endpoints with < 500', async () => {
    const incidentId = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('..', '%2e%2e', 'inc-20260101-0000-000000', '../../etc/passwd'));
    const request = fc.oneof(
      fc.record({
        method: fc.constant('GET'),
        path: fc
          .tuple(fc.constantFrom('/v1/incidents', '/metrics', '/healthz'), fc.string({ maxLength: 30 }))
          .map(([p, q]) => `${p}?${encodeURIComponent(q)}=${encodeURIComponent(q)}&limit=${encodeURIComponent(q)}`),
        body: fc.constant(undefined),
      }),
      fc.record({ method: fc.constant('GET'), path: incidentId.map((id) => `/v1/incidents/${encodeURIComponent(id)}`), body: fc.constant(undefined) }),
      fc.record({
        method: fc.constant('POST'),
        path: incidentId.map((id) => `/v1/incidents/${encodeURIComponent(id)}/approvals`),
        body: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
      }),
      fc.record({
        method: fc.constantFrom('PUT', 'DELETE', 'PATCH'),
        path: fc.constantFrom('/v1/incidents', '/v1/alerts/falco', '/metrics'),
        body: fc.constant(undefined),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, fc.constantFrom(harness.keys.admin, harness.keys.viewer, harness.keys.alerter), async ({ method, path, body }, key) => {
        const response = await fetch(`${baseUrl}${path}`, { method, body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  });
});

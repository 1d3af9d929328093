import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/server/auth/hmac.js';
import { ALERT_FIXTURES, metricValue, startHarness, type Harness } from './server-harness.js';

const SECRET = 'test-hmac-secret-3f9a1c7be04d5a26c8e1f0b97d4a3e5c';
const falcoShell = readFileSync(join(ALERT_FIXTURES, 'falco/falco-docs-terminal-shell-critical.json'), 'utf8');
// matches no runbook of this server: accepted requests open nothing
const unmatchedGeneric = JSON.stringify({ rule: 'nothing-listens-for-this', container: 'web-1' });

let harness: Harness;
const rejections = () => harness.services.db.prepare('SELECT COUNT(*) AS n FROM server_alerts').get() as { n: number };

beforeAll(async () => {
  harness = await startHarness({ runbooks: ['generic-note.yaml', 'falco-shell-contain.yaml'], hmacSecret: SECRET, bodyLimitBytes: 8 * 1024 });
});
afterAll(async () => harness.close());

function post(source: string, payload: string, headers: Record<string, string> = { authorization: `Bearer ${harness.keys.admin}` }) {
  return harness.server.app.inject({ method: 'POST', url: `/v1/alerts/${source}`, payload, headers: { 'content-type': 'application/json', ...headers } });
}

async function metrics(): Promise<string> {
  const reply = await harness.server.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${harness.keys.viewer}` } });
  expect(reply.statusCode).toBe(200);
  return reply.body;
}

const signed = (body: string, timestamp = Math.floor(Date.now() / 1000), path = '/v1/alerts/falco', method = 'POST') => ({
  'x-irctl-timestamp': String(timestamp),
  'x-irctl-signature': signRequest(SECRET, { timestampSeconds: timestamp, method, path, body }),
});

describe('irctl serve turns bad input away before anything runs', () => {
  it.each([
    ['malformed JSON', () => post('falco', '{"rule": "Terminal shell in container", '), 400, 'MALFORMED_JSON', 'falco', 'malformed_json'],
    [
      'an oversize body',
      () => post('generic', JSON.stringify({ rule: 'suspicious-binary', container: 'web-1', summary: 'x'.repeat(9000) })),
      413,
      'PAYLOAD_TOO_LARGE',
      'generic',
      'oversize',
    ],
    [
      'a wrong-typed alerts list',
      () => post('alertmanager', JSON.stringify({ version: '4', alerts: 'not a list' })),
      422,
      'UNUSABLE_PAYLOAD',
      'alertmanager',
      'unusable_payload',
    ],
    [
      'wrong-typed labels',
      () => post('generic', JSON.stringify({ rule: 'suspicious-binary', labels: ['a'] })),
      422,
      'UNUSABLE_PAYLOAD',
      'generic',
      'unusable_payload',
    ],
    [
      'a notification without alerts',
      () => post('alertmanager', JSON.stringify({ version: '4', status: 'firing' })),
      422,
      'UNUSABLE_PAYLOAD',
      'alertmanager',
      'unusable_payload',
    ],
    [
      'a Falco event without a rule',
      () => post('falco', JSON.stringify({ priority: 'Critical', output: 'x', output_fields: {} })),
      422,
      'UNUSABLE_PAYLOAD',
      'falco',
      'unusable_payload',
    ],
    ['an unknown source', () => post('splunk', unmatchedGeneric), 404, 'UNKNOWN_SOURCE', 'unknown', 'unknown_source'],
    ['no authentication', () => post('falco', falcoShell, {}), 401, 'MISSING_AUTH', 'falco', 'missing_auth'],
    [
      'an unknown API key',
      () => post('falco', falcoShell, { authorization: 'Bearer irk_deadbeef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
      401,
      'INVALID_API_KEY',
      'falco',
      'invalid_api_key',
    ],
    ['a wrong signature', () => post('falco', falcoShell, signed('another body')), 401, 'BAD_SIGNATURE', 'falco', 'bad_signature'],
    [
      'a signature older than five minutes',
      () => post('falco', falcoShell, signed(falcoShell, Math.floor(Date.now() / 1000) - 301)),
      401,
      'STALE_SIGNATURE',
      'falco',
      'stale_signature',
    ],
    [
      'a signature made for another path',
      () => post('falco', falcoShell, signed(falcoShell, undefined, '/v1/alerts/generic')),
      401,
      'BAD_SIGNATURE',
      'falco',
      'bad_signature',
    ],
  ])('rejects %s with a JSON error, opens no incident and counts it', async (_what, send, status, code, source, reason) => {
    const before = {
      incidents: harness.incidentCount(),
      links: rejections().n,
      counted: metricValue(await metrics(), 'irctl_alerts_rejected_total', { source, reason }),
    };
    const reply = await send();
    expect(reply.statusCode).toBe(status);
    expect(reply.json()).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(harness.incidentCount()).toBe(before.incidents);
    expect(rejections().n).toBe(before.links);
    expect(metricValue(await metrics(), 'irctl_alerts_rejected_total', { source, reason })).toBe(before.counted + 1);
  });

  it('accepts a signed body once and rejects the same signed request replayed', async () => {
    const headers = signed(unmatchedGeneric, undefined, '/v1/alerts/generic');
    const first = await post('generic', unmatchedGeneric, headers);
    expect(first.statusCode).toBe(202);
    const before = metricValue(await metrics(), 'irctl_alerts_rejected_total', { source: 'generic', reason: 'replayed_signature' });
    const replay = await post('generic', unmatchedGeneric, headers);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('REPLAYED_SIGNATURE');
    expect(metricValue(await metrics(), 'irctl_alerts_rejected_total', { source: 'generic', reason: 'replayed_signature' })).toBe(before + 1);
  });

  it('answers /healthz without authentication', async () => {
    const reply = await harness.server.app.inject({ method: 'GET', url: '/healthz' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok' });
  });

  it('refuses /metrics and /v1/incidents without authentication', async () => {
    for (const url of ['/metrics', '/v1/incidents']) {
      const reply = await harness.server.app.inject({ method: 'GET', url });
      expect(reply.statusCode, url).toBe(401);
    }
  });

  it('refuses to list incidents to a signed request, which may only post alerts', async () => {
    const reply = await harness.server.app.inject({ method: 'GET', url: '/v1/incidents', headers: signed('', undefined, '/v1/incidents', 'GET') });
    expect(reply.statusCode).toBe(403);
    expect(reply.json().error.code).toBe('REFUSED');
  });

  it('refuses an approval from a viewer key and changes nothing', async () => {
    const reply = await harness.server.app.inject({
      method: 'POST',
      url: '/v1/incidents/inc-20260101-0000-000000/approvals',
      payload: { decision: 'approve' },
      headers: { authorization: `Bearer ${harness.keys.viewer}` },
    });
    expect(reply.statusCode).toBe(403);
    // an HTTP caller has no --as: the hint says what works over HTTP
    expect(reply.json().error.hint).toContain('API key that carries the operator role');
    expect(reply.json().error.hint).not.toContain('--as');
    expect(harness.services.db.prepare('SELECT COUNT(*) AS n FROM approvals').get()).toEqual({ n: 0 });
  });

  it('answers an approval for an unknown incident with 404', async () => {
    const reply = await harness.server.app.inject({
      method: 'POST',
      url: '/v1/incidents/inc-20260101-0000-000000/approvals',
      payload: { decision: 'approve', step: 'approve-close' },
      headers: { authorization: `Bearer ${harness.keys.admin}` },
    });
    expect(reply.statusCode).toBe(404);
    expect(reply.json().error.code).toBe('NOT_FOUND');
  });
});

describe('irctl serve rate limit', () => {
  it('answers 429 to unauthenticated requests over the per-address limit, and counts it', async () => {
    const limited = await startHarness({ runbooks: ['generic-note.yaml'], rateLimitPerMinute: 5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const reply = await limited.server.app.inject({ method: 'POST', url: '/v1/alerts/generic', payload: unmatchedGeneric });
        statuses.push(reply.statusCode);
        if (i === 5) expect(reply.json().error.code).toBe('RATE_LIMITED');
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(limited.incidentCount()).toBe(0);
      const text = await limited.server.metrics.registry.metrics();
      expect(metricValue(text, 'irctl_alerts_rejected_total', { source: 'generic', reason: 'rate_limited' })).toBe(1);
    } finally {
      await limited.close();
    }
  });

  it('takes 200 alerts in a minute from one key at the default limits: none dropped', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      const reply = await harness.server.app.inject({
        method: 'POST',
        url: '/v1/alerts/generic',
        payload: JSON.stringify({ rule: 'nothing-listens-for-this', fingerprint: `burst-${i}` }),
        headers: { authorization: `Bearer ${harness.keys.operator}` },
      });
      statuses.set(reply.statusCode, (statuses.get(reply.statusCode) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 202: 200 });
  });

  it('answers 429 with Retry-After to one API key spreading requests over many addresses, past the per-key limit', async () => {
    // alert routes queue above the capacity (server-alert-queue.test.ts); other routes are refused
    const limited = await startHarness({ runbooks: ['generic-note.yaml'], keyRateLimitPerMinute: 5 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const reply = await limited.server.app.inject({
          method: 'GET',
          url: '/v1/incidents',
          remoteAddress: `127.0.0.${i + 10}`,
          headers: { authorization: `Bearer ${limited.keys.admin}` },
        });
        statuses.push(reply.statusCode);
        if (i === 5) {
          expect(reply.json().error.message).toContain('more than 5 requests a minute with the identity');
          expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

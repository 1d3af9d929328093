// The server's front door against a live app (in-process, each request from a chosen address):
// who the failed-auth lock-out and the per-address limit count, which address a request comes
// from behind a reverse proxy, and cross-site requests to the JSON API.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/server/auth/hmac.js';
import { ALERT_FIXTURES, metricValue, startHarness, type Harness } from './server-harness.js';

const SECRET = 'front-door-secret-8c1e5a7f0b93d246e1a7c05f9b2d48e3';
const BAD_KEY = 'Bearer irk_deadbeef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const falcoAlert = readFileSync(join(ALERT_FIXTURES, 'falco', 'falco-docs-terminal-shell-critical.json'), 'utf8');
const unmatched = JSON.stringify({ rule: 'nothing-listens-for-this' });
// the console's own page: the Origin names the Host
const CONSOLE_HOST = { host: 'irctl.test:8080', origin: 'http://irctl.test:8080' };

/** A pino logger whose lines land in `lines`. */
function capturedLog(lines: Record<string, unknown>[]) {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return pino({ level: 'info' }, sink);
}

const signedHeaders = (body: string, path = '/v1/alerts/generic') => {
  const timestampSeconds = Math.floor(Date.now() / 1000);
  return {
    'content-type': 'application/json',
    'x-irctl-timestamp': String(timestampSeconds),
    'x-irctl-signature': signRequest(SECRET, { timestampSeconds, method: 'POST', path, body }),
  };
};

describe('irctl serve front door: the failed-auth lock-out counts only credentials that fail', () => {
  let harness: Harness;
  const logLines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    harness = await startHarness({ runbooks: ['generic-note.yaml'], hmacSecret: SECRET, log: capturedLog(logLines) });
  });
  afterAll(async () => harness?.close());

  const inject = (address: string, request: { method: 'GET' | 'POST'; url: string; payload?: string; headers?: Record<string, string> }) =>
    harness.server.app.inject({ ...request, remoteAddress: address });
  const postFalco = (address: string, authorization: string) =>
    inject(address, { method: 'POST', url: '/v1/alerts/falco', payload: falcoAlert, headers: { authorization, 'content-type': 'application/json' } });

  it('does not count requests without credentials as failed authentications: a real alert and /healthz from that address still pass', async () => {
    const address = '192.0.2.1';
    const probes = [];
    for (let i = 0; i < 11; i++) probes.push((await inject(address, { method: 'GET', url: '/metrics' })).statusCode);
    expect(probes).toEqual(Array(11).fill(401));

    const alert = await postFalco(address, `Bearer ${harness.keys.alerter}`);
    expect(alert.statusCode).toBe(202);
    expect((await inject(address, { method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // still logged and counted as failed authentications, without a lock-out
    expect(logLines.filter((line) => line.event === 'auth_failed' && line.address === address && line.reason === 'missing_auth')).toHaveLength(11);
    expect(logLines.some((line) => line.event === 'auth_lockout' && line.address === address)).toBe(false);
  });

  it('answers an address that keeps presenting bad credentials 429 with Retry-After, and never refuses its credentials that verify', async () => {
    const address = '192.0.2.2';
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await postFalco(address, BAD_KEY)).statusCode);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);

    const forged = await inject(address, {
      method: 'POST',
      url: '/v1/alerts/generic',
      payload: unmatched,
      headers: { 'x-irctl-timestamp': String(Math.floor(Date.now() / 1000)), 'x-irctl-signature': `sha256=${'0'.repeat(64)}` },
    });
    expect(forged.statusCode).toBe(429);
    expect(forged.json().error.code).toBe('AUTH_LOCKOUT');
    expect(Number(forged.headers['retry-after'])).toBeGreaterThan(0);

    expect((await postFalco(address, `Bearer ${harness.keys.alerter}`)).statusCode).toBe(202);
    const signed = await inject(address, { method: 'POST', url: '/v1/alerts/generic', payload: unmatched, headers: signedHeaders(unmatched) });
    expect(signed.statusCode).toBe(202);
    expect((await inject(address, { method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${harness.keys.alerter}` } })).statusCode).toBe(200);
    expect((await inject(address, { method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    expect(logLines.filter((line) => line.event === 'auth_failed' && line.address === address)).toHaveLength(12);
    expect(logLines.filter((line) => line.event === 'auth_lockout' && line.address === address)).toHaveLength(1);
  });

  it('counts a wrong key at console sign-in as a failed authentication of its address', async () => {
    const address = '192.0.2.3';
    const signIn = (key: string) =>
      inject(address, {
        method: 'POST',
        url: '/ui/sign-in',
        payload: new URLSearchParams({ key, next: '/ui/' }).toString(),
        headers: { ...CONSOLE_HOST, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn(`irk_guess${i}_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`)).statusCode);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const locked = await signIn('irk_guess_again');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.event === 'auth_failed' && line.address === address && line.reason === 'invalid_api_key')).toHaveLength(12);
    expect(logLines.some((line) => line.event === 'auth_lockout' && line.address === address)).toBe(true);
    // the person with the real key still gets in from there
    const real = await signIn(harness.keys.operator);
    expect(real.statusCode).toBe(303);
    expect(real.headers['set-cookie']).toBeDefined();
  });

  it('counts console requests per address whatever credential headers they carry', async () => {
    const address = '192.0.2.4';
    const statuses = [];
    for (let i = 0; i < 31; i++) {
      // no form: each is 400 until the sign-in limit (30 a minute) answers 429
      const reply = await inject(address, { method: 'POST', url: '/ui/sign-in', headers: { ...CONSOLE_HOST, authorization: 'x', 'x-irctl-signature': 'x' } });
      statuses.push(reply.statusCode);
    }
    expect(statuses).toEqual([...Array(30).fill(400), 429]);
  });
});

describe('irctl serve front door: the per-address limit exempts only credentials that verify', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ runbooks: ['generic-note.yaml'], hmacSecret: SECRET, rateLimitPerMinute: 5 });
  });
  afterAll(async () => harness?.close());

  const listIncidents = (address: string, headers: Record<string, string> = {}) =>
    harness.server.app.inject({ method: 'GET', url: '/v1/incidents', remoteAddress: address, headers });

  it('limits bogus credentials per address, with those that present none, and not a key that verifies', async () => {
    const address = '192.0.2.5';
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await listIncidents(address, { authorization: 'x' })).statusCode);
    expect(statuses).toEqual([...Array(5).fill(401), 429]);
    const limited = await listIncidents(address, { authorization: 'x' });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await listIncidents(address)).statusCode).toBe(429); // the same count as requests without credentials

    const withKey = [];
    for (let i = 0; i < 8; i++) withKey.push((await listIncidents(address, { authorization: `Bearer ${harness.keys.viewer}` })).statusCode);
    expect(withKey).toEqual(Array(8).fill(200));
    expect(metricValue(await harness.server.metrics.registry.metrics(), 'irctl_rate_limited_total', { limit: 'per_address' })).toBeGreaterThanOrEqual(2);
  });

  it('limits a bogus signature per address', async () => {
    const address = '192.0.2.6';
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const reply = await harness.server.app.inject({
        method: 'POST',
        url: '/v1/alerts/generic',
        payload: unmatched,
        remoteAddress: address,
        headers: { 'x-irctl-timestamp': String(Math.floor(Date.now() / 1000)), 'x-irctl-signature': `sha256=${'1'.repeat(64)}` },
      });
      statuses.push(reply.statusCode);
    }
    expect(statuses).toEqual([...Array(5).fill(401), 429]);
  });
});

describe('irctl serve front door: client addresses behind a reverse proxy', () => {
  let harness: Harness;
  const logLines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    harness = await startHarness({
      runbooks: ['generic-note.yaml'],
      log: capturedLog(logLines),
      config: 'server:\n  trusted_proxies: [10.0.0.5, "10.1.0.0/16"]\n',
    });
  });
  afterAll(async () => harness?.close());

  const badKeyVia = (remoteAddress: string, forwardedFor: string) =>
    harness.server.app.inject({
      method: 'GET',
      url: '/v1/incidents',
      remoteAddress,
      headers: { authorization: BAD_KEY, 'x-forwarded-for': forwardedFor },
    });
  const failedFrom = (address: string) => logLines.filter((line) => line.event === 'auth_failed' && line.address === address).length;

  it("counts the client's address, as a listed proxy names it, so one client's failures lock out no one else behind the proxy", async () => {
    const statuses = [];
    // the proxy appends the address it saw; what the client itself put in front is not believed
    for (let i = 0; i < 11; i++) statuses.push((await badKeyVia('10.0.0.5', '6.6.6.6, 203.0.113.9')).statusCode);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    expect(failedFrom('203.0.113.9')).toBe(11);
    expect(failedFrom('6.6.6.6')).toBe(0);
    expect(failedFrom('10.0.0.5')).toBe(0);

    expect((await badKeyVia('10.0.0.5', '203.0.113.10')).statusCode).toBe(401); // another client through the same proxy
    expect((await badKeyVia('10.1.2.3', '203.0.113.11')).statusCode).toBe(401); // a proxy in a listed CIDR
    expect(failedFrom('203.0.113.11')).toBe(1);
  });

  it('ignores X-Forwarded-For from an address that is not a listed proxy', async () => {
    expect((await badKeyVia('198.51.100.20', '203.0.113.9')).statusCode).toBe(401); // not the locked-out client's 429
    expect(failedFrom('198.51.100.20')).toBe(1);
  });
});

describe('irctl serve front door: X-Forwarded-For with no trusted proxy configured', () => {
  let harness: Harness;
  const logLines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    harness = await startHarness({ runbooks: ['generic-note.yaml'], log: capturedLog(logLines) });
  });
  afterAll(async () => harness?.close());

  it('is ignored: the connecting address is the client', async () => {
    const reply = await harness.server.app.inject({
      method: 'GET',
      url: '/v1/incidents',
      remoteAddress: '192.0.2.9',
      headers: { authorization: `Bearer ${harness.keys.viewer}`, 'x-forwarded-for': '203.0.113.50' },
    });
    expect(reply.statusCode).toBe(200);
    const line = logLines.find((entry) => entry.event === 'request' && entry.actor === 'vic');
    expect(line).toMatchObject({ address: '192.0.2.9' });
  });
});

describe('irctl serve front door: cross-site requests to the JSON API', () => {
  let harness: Harness;
  const silence = JSON.stringify({ matchers: [{ name: 'container', op: '=~', value: '.*' }], duration: '30d', comment: 'catch-all' });
  beforeAll(async () => {
    // --insecure-no-auth: requests without credentials act as the server's own identity (an admin here)
    harness = await startHarness({ runbooks: ['generic-note.yaml'], insecureNoAuth: true, moreActors: '  irctl-serve: admin\n' });
  });
  afterAll(async () => harness?.close());

  const silences = () => (harness.services.db.prepare('SELECT COUNT(*) AS n FROM silences').get() as { n: number }).n;
  const postSilence = (headers: Record<string, string>) =>
    harness.server.app.inject({ method: 'POST', url: '/v1/silences', payload: silence, headers: { host: '127.0.0.1:8080', ...headers } });

  it("refuses a request another site's page sent, with 403 and nothing done", async () => {
    const before = silences();
    const forged = await postSilence({ origin: 'http://evil.example', 'content-type': 'text/plain' });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CROSS_ORIGIN');
    expect((await postSilence({ origin: 'null', 'content-type': 'text/plain' })).statusCode).toBe(403); // a sandboxed frame
    // with a key too: no browser page of another site has a reason to call the API
    expect((await postSilence({ origin: 'http://evil.example', authorization: `Bearer ${harness.keys.admin}` })).statusCode).toBe(403);
    const read = await harness.server.app.inject({ method: 'GET', url: '/v1/incidents', headers: { host: '127.0.0.1:8080', origin: 'http://evil.example' } });
    expect(read.statusCode).toBe(403);
    expect(silences()).toBe(before);
  });

  it('takes requests without an Origin (webhook senders, curl) and from the server’s own origin', async () => {
    const before = silences();
    expect((await postSilence({ 'content-type': 'application/json' })).statusCode).toBe(201);
    expect((await postSilence({ origin: 'http://127.0.0.1:8080', 'content-type': 'application/json' })).statusCode).toBe(201);
    expect(silences()).toBe(before + 2);
  });

  it('does not act as the server for a page that rebinds its own name to this address', async () => {
    const before = silences();
    const rebound = await postSilence({ host: 'evil.example:8080', origin: 'http://evil.example:8080', 'content-type': 'text/plain' });
    expect(rebound.statusCode).toBe(401);
    expect(silences()).toBe(before);
  });

  it('leaves the console to its own checks: sign-in from its page works', async () => {
    const reply = await harness.server.app.inject({
      method: 'POST',
      url: '/ui/sign-in',
      payload: new URLSearchParams({ key: harness.keys.operator, next: '/ui/' }).toString(),
      headers: { ...CONSOLE_HOST, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reply.statusCode).toBe(303);
  });
});

// Hostile intake, the authentication side, against a live `irctl serve`: who may post alerts,
// replayed signatures, slow bodies, connection floods and repeated failed authentication.
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/server/auth/hmac.js';
import { buildServer } from '../../src/server/app.js';
import { eventually, metricValue, startHarness, type Harness } from './server-harness.js';

const SECRET = 'hostile-auth-secret-3f9a1c7be04d5a26c8e1f0b97d4a3e5c';
const logLines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
    done();
  },
});

let harness: Harness;
let baseUrl: string;
let port: number;
// matches no runbook: an accepted request opens nothing
const unmatched = JSON.stringify({ rule: 'nothing-listens-for-this' });

beforeAll(async () => {
  harness = await startHarness({
    runbooks: ['generic-note.yaml'],
    hmacSecret: SECRET,
    requestTimeoutMs: 3_000, // short, so the slow-body test ends soon; long enough for a loaded machine to read a normal request
    log: pino({ level: 'info' }, sink),
    config: 'server:\n  connections_per_address: 8\n',
  });
  baseUrl = await harness.server.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(baseUrl).port);
});
afterAll(async () => harness?.close());

const signedHeaders = (body: string, timestampSeconds: number, path = '/v1/alerts/generic') => ({
  'content-type': 'application/json',
  'x-irctl-timestamp': String(timestampSeconds),
  'x-irctl-signature': signRequest(SECRET, { timestampSeconds, method: 'POST', path, body }),
});

describe('irctl serve under attack: authentication', () => {
  it('refuses alerts from a viewer key with 403, and takes them from an alerter key, which may read nothing', async () => {
    const asViewer = await fetch(`${baseUrl}/v1/alerts/generic`, {
      method: 'POST',
      body: unmatched,
      headers: { authorization: `Bearer ${harness.keys.viewer}` },
    });
    expect(asViewer.status).toBe(403);
    expect((await asViewer.json()).error.message).toContain('alerter');
    const asAlerter = await fetch(`${baseUrl}/v1/alerts/generic`, {
      method: 'POST',
      body: unmatched,
      headers: { authorization: `Bearer ${harness.keys.alerter}` },
    });
    expect(asAlerter.status).toBe(202);
    const reading = await fetch(`${baseUrl}/v1/incidents`, { headers: { authorization: `Bearer ${harness.keys.alerter}` } });
    expect(reading.status).toBe(403);
  });

  it('refuses a signed request replayed after its window with 401, and one replayed inside it across a restart', async () => {
    // signed 297 s ago: still fresh now (a slow machine has 2-3 s to answer), out of the window seconds later
    const oldStamp = Math.floor(Date.now() / 1000) - 297;
    const oldHeaders = signedHeaders(unmatched, oldStamp);
    expect((await fetch(`${baseUrl}/v1/alerts/generic`, { method: 'POST', body: unmatched, headers: oldHeaders })).status).toBe(202);
    await eventually('the signed timestamp to leave the window', () => (Date.now() > oldStamp * 1000 + 300_000 + 50 ? true : undefined), 6_000);
    const late = await fetch(`${baseUrl}/v1/alerts/generic`, { method: 'POST', body: unmatched, headers: oldHeaders });
    expect(late.status).toBe(401);
    expect((await late.json()).error.message).not.toMatch(/\d+ s away/); // the server's clock is not told

    const fresh = signedHeaders(unmatched, Math.floor(Date.now() / 1000) + 295); // signed ahead of the clock
    expect((await fetch(`${baseUrl}/v1/alerts/generic`, { method: 'POST', body: unmatched, headers: fresh })).status).toBe(202);
    // a second server on the same state directory (a restart) still knows the signature
    const restarted = await buildServer({ services: harness.services, runbooks: [], hmacSecret: SECRET, log: pino({ level: 'silent' }) });
    try {
      const replay = await restarted.app.inject({ method: 'POST', url: '/v1/alerts/generic', payload: unmatched, headers: fresh });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error.code).toBe('REPLAYED_SIGNATURE');
    } finally {
      await restarted.app.close();
    }
  });

  it('closes a connection whose body trickles in slower than the request timeout', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /v1/alerts/generic HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${harness.keys.alerter}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
    );
    const drip = setInterval(() => socket.writable && socket.write(' '), 200);
    try {
      const closed = await new Promise<boolean>((resolve) => {
        socket.once('close', () => resolve(true));
        socket.once('error', () => undefined);
      });
      expect(closed).toBe(true);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  });

  it("takes each sender's alerts one at a time, and a request stalled mid-body holds no one's turn, signed or not", async () => {
    // a request that never finishes its body: with the alerter's key, and one that only claims a signature
    const stalls = [`Authorization: Bearer ${harness.keys.alerter}`, 'X-Irctl-Timestamp: 1\r\nX-Irctl-Signature: sha256=00'].map((credential) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(`POST /v1/alerts/generic HTTP/1.1\r\nHost: x\r\n${credential}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
      return socket;
    });
    const turns = harness.server.alertTurns;
    const acquire = turns.acquire.bind(turns);
    const holding = new Map<string, number>();
    const most = new Map<string, number>();
    turns.acquire = async (key) => {
      const end = await acquire(key);
      holding.set(key, (holding.get(key) ?? 0) + 1);
      most.set(key, Math.max(most.get(key) ?? 0, holding.get(key)!));
      return () => {
        holding.set(key, holding.get(key)! - 1);
        end();
      };
    };
    try {
      // within the harness's 8 connections per address; each signed body differs (a repeat is a replay)
      const post = (body: string, headers: Record<string, string>) => fetch(`${baseUrl}/v1/alerts/generic`, { method: 'POST', body, headers });
      const signedBody = (n: number) => JSON.stringify({ rule: 'nothing-listens-for-this', summary: `signed ${n}` });
      const replies = await Promise.all([
        ...Array.from({ length: 3 }, () => post(unmatched, { authorization: `Bearer ${harness.keys.alerter}` })),
        ...Array.from({ length: 2 }, (_, n) => post(signedBody(n), signedHeaders(signedBody(n), Math.floor(Date.now() / 1000)))),
      ]);
      expect(replies.map((reply) => reply.status)).toEqual(Array(5).fill(202));
      expect(Object.fromEntries(most)).toEqual({ falcosidekick: 1, 'hmac-signed': 1 }); // in work one at a time, each sender
      await eventually('every turn to pass on once its response is done', () => (turns.busyKeys().length === 0 ? true : undefined));
    } finally {
      turns.acquire = acquire;
      for (const socket of stalls) socket.destroy();
    }
  });

  it('caps open connections per address', async () => {
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 9; i++) {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        sockets.push(socket);
      }
      const over = sockets[8]!;
      await new Promise<void>((resolve) => over.once('close', () => resolve()));
      expect(over.destroyed).toBe(true);
      expect(metricValue(await harness.server.metrics.registry.metrics(), 'irctl_rate_limited_total', { limit: 'connections_per_address' })).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('locks an address out with 429 after more than 10 failed authentications a minute, with a security log line and a metric', async () => {
    const address = '198.51.100.7';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const reply = await harness.server.app.inject({
        method: 'POST',
        url: '/v1/alerts/generic',
        payload: unmatched,
        remoteAddress: address,
        headers: { authorization: 'Bearer irk_deadbeef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      });
      statuses.push(reply.statusCode);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    // the address's bad credentials stay refused with 429; its good key is not (server-front-door.test.ts has more), nor another address
    const locked = await harness.server.app.inject({
      method: 'POST',
      url: '/v1/alerts/generic',
      payload: unmatched,
      remoteAddress: address,
      headers: { authorization: 'Bearer irk_deadbeef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const goodKey = await harness.server.app.inject({
      method: 'POST',
      url: '/v1/alerts/generic',
      payload: unmatched,
      remoteAddress: address,
      headers: { authorization: `Bearer ${harness.keys.alerter}` },
    });
    expect(goodKey.statusCode).toBe(202);
    const elsewhere = await harness.server.app.inject({
      method: 'POST',
      url: '/v1/alerts/generic',
      payload: unmatched,
      remoteAddress: '198.51.100.8',
      headers: { authorization: `Bearer ${harness.keys.alerter}` },
    });
    expect(elsewhere.statusCode).toBe(202);
    expect(logLines.filter((line) => line.event === 'auth_failed' && line.address === address)).toHaveLength(12);
    expect(logLines.find((line) => line.event === 'auth_lockout' && line.address === address)).toMatchObject({ security: true, limit: 10 });
    const text = await harness.server.metrics.registry.metrics();
    expect(metricValue(text, 'irctl_auth_lockouts_total')).toBe(1);
    expect(metricValue(text, 'irctl_auth_failures_total', { reason: 'invalid_api_key' })).toBeGreaterThanOrEqual(11);
  });

  it('writes one JSON line per request with its id, actor, route, status and latency, and one per alert outcome', async () => {
    const reply = await fetch(`${baseUrl}/v1/alerts/generic`, {
      method: 'POST',
      body: unmatched,
      headers: { authorization: `Bearer ${harness.keys.alerter}`, 'x-request-id': 'ignored' },
    });
    expect(reply.status).toBe(202);
    const line = await eventually('the request line', () =>
      [...logLines].reverse().find((entry) => entry.event === 'request' && entry.route === '/v1/alerts/generic' && entry.actor === 'falcosidekick'),
    );
    expect(line).toMatchObject({ reqId: expect.anything(), method: 'POST', status: 202, ms: expect.any(Number) });
    expect([...logLines].reverse().find((entry) => entry.event === 'alert' && entry.sender === 'falcosidekick')).toMatchObject({
      result: 'unmatched',
      source: 'generic',
    });
  });
});

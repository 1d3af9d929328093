import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/auth/keys.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { runCli } from '../helpers/run-cli.js';
import { eventually, SERVER_RUNBOOKS, startHarness, type Harness } from './server-harness.js';

// Console sessions without a browser: what the cookie carries, what the store keeps, and when a
// session ends (expiry, revoked key, sign-out); and the console over TLS with --tls-cert/--tls-key.

const ORIGIN = 'http://console.test';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('console sessions', () => {
  let harness: Harness;
  const onExit: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    harness = await startHarness({ runbooks: ['generic-note.yaml'] });
  });
  afterAll(async () => {
    await harness?.close();
    for (const cleanup of onExit) await cleanup();
  });

  async function signIn(key: string, origin = ORIGIN) {
    return harness.server.app.inject({
      method: 'POST',
      url: '/ui/sign-in',
      headers: { host: 'console.test', origin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ key, next: '/ui/' }),
    });
  }
  const cookieOf = (reply: { headers: Record<string, unknown> }) => String(reply.headers['set-cookie']).split(';')[0]!;
  const home = (cookie: string) => harness.server.app.inject({ method: 'GET', url: '/ui/', headers: { cookie } });

  it('exchanges a key for an HttpOnly SameSite=Strict cookie with an expiry, and stores neither the key nor the token', async () => {
    const reply = await signIn(harness.keys.operator);
    expect(reply.statusCode).toBe(303);
    const setCookie = String(reply.headers['set-cookie']);
    expect(setCookie).toMatch(/^irctl_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/); // no Secure over plain HTTP
    const token = cookieOf(reply).split('=')[1]!;
    const stored = JSON.stringify(harness.services.db.prepare('SELECT * FROM ui_sessions').all());
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(harness.keys.operator);
    expect(stored).toContain('"actor":"bob"');
    const page = await home(cookieOf(reply));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Signed in as <strong>bob</strong>');
  });

  it('refuses a wrong key with 401 and a sign-in posted from another origin with 403, opening no session', async () => {
    const before = harness.services.db.prepare('SELECT COUNT(*) AS n FROM ui_sessions').get();
    const wrong = await signIn('irk_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const foreign = await signIn(harness.keys.admin, 'https://evil.example');
    expect(foreign.statusCode).toBe(403);
    expect(foreign.body).toContain('not posted from the console');
    expect(harness.services.db.prepare('SELECT COUNT(*) AS n FROM ui_sessions').get()).toEqual(before);
  });

  it('ends a session at its expiry and when its API key is revoked', async () => {
    const expiring = cookieOf(await signIn(harness.keys.viewer));
    harness.services.db.prepare("UPDATE ui_sessions SET expires_at = ? WHERE actor = 'vic'").run(Date.now() - 1);
    const expired = await home(expiring);
    expect(expired.statusCode).toBe(303);
    expect(expired.headers.location).toBe('/ui/sign-in?next=%2Fui%2F');

    const { createApiKey } = await import('../../src/auth/keys.js');
    const temporary = createApiKey(harness.services.db, { actor: 'bob', createdBy: 'test' });
    const cookie = cookieOf(await signIn(temporary.key));
    expect((await home(cookie)).statusCode).toBe(200);
    revokeApiKey(harness.services.db, temporary.keyId, 'test');
    expect((await home(cookie)).statusCode).toBe(303);
  });

  it('signs out with the session token, forgetting the session', async () => {
    const cookie = cookieOf(await signIn(harness.keys.admin));
    const page = await home(cookie);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const headers = { cookie, host: 'console.test', origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' };
    const tokenless = await harness.server.app.inject({ method: 'POST', url: '/ui/sign-out', headers, payload: form({}) });
    expect(tokenless.statusCode).toBe(403);
    expect((await home(cookie)).statusCode).toBe(200);
    const out = await harness.server.app.inject({ method: 'POST', url: '/ui/sign-out', headers, payload: form({ csrf }) });
    expect(out.statusCode).toBe(303);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await home(cookie)).statusCode).toBe(303);
  });

  it('hands out the HTML report and the evidence bundle to an operator, each recorded in custody; a viewer is refused', async () => {
    // intake opens incidents only for real containers in scope (labelled irctl.protect=true)
    const victim = await startVictim(testDocker(), { name: uniqueName('console-export'), labels: { 'irctl.protect': 'true' } });
    onExit.push(() => removeQuietly(victim));
    const posted = await harness.server.app.inject({
      method: 'POST',
      url: '/v1/alerts/generic',
      headers: { authorization: `Bearer ${harness.keys.admin}`, 'content-type': 'application/json' },
      payload: { rule: 'suspicious-binary', container: (await victim.inspect()).Name.slice(1) },
    });
    expect(posted.statusCode).toBe(202);
    const incidentId = posted.json<{ alerts: { outcomes: { incidentId: string }[] }[] }>().alerts[0]!.outcomes[0]!.incidentId;
    await eventually('the run to wait for a human', () =>
      harness.services.db.prepare("SELECT 1 AS y FROM incidents WHERE id = ? AND status = 'waiting'").get(incidentId) ? true : undefined,
    );
    const postAs = async (key: string, path: string) => {
      const cookie = cookieOf(await signIn(key));
      const csrf = /name="csrf" value="([^"]+)"/.exec((await home(cookie)).body)![1]!;
      return harness.server.app.inject({
        method: 'POST',
        url: `/ui/incidents/${incidentId}/${path}`,
        headers: { cookie, host: 'console.test', origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ csrf }),
      });
    };
    const acts = () =>
      harness.services.db.prepare('SELECT act, subject FROM custody_records WHERE incident_id = ? ORDER BY seq').all(incidentId) as {
        act: string;
        subject: string;
      }[];

    expect((await postAs(harness.keys.viewer, 'report.html')).statusCode).toBe(403);
    const report = await postAs(harness.keys.operator, 'report.html');
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-security-policy']).toContain('sandbox');
    expect(report.body).toContain(incidentId);
    expect(acts()).toContainEqual({ act: 'exported', subject: 'report:html' });

    const bundle = await postAs(harness.keys.operator, 'bundle.tar.gz');
    expect(bundle.statusCode).toBe(200);
    expect(bundle.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    const { createHash } = await import('node:crypto');
    expect(bundle.headers['x-irctl-bundle-sha256']).toBe(createHash('sha256').update(bundle.rawPayload).digest('hex'));
    expect(acts().map((a) => a.act)).toContain('transferred');
  });

  it('acknowledges the page and adds and expires a silence for an operator; a viewer is refused both', async () => {
    const victim = await startVictim(testDocker(), { name: uniqueName('console-ack'), labels: { 'irctl.protect': 'true' } });
    onExit.push(() => removeQuietly(victim));
    const posted = await harness.server.app.inject({
      method: 'POST',
      url: '/v1/alerts/generic',
      headers: { authorization: `Bearer ${harness.keys.admin}`, 'content-type': 'application/json' },
      payload: { rule: 'suspicious-binary', container: (await victim.inspect()).Name.slice(1) },
    });
    const incidentId = posted.json<{ alerts: { outcomes: { incidentId: string }[] }[] }>().alerts[0]!.outcomes[0]!.incidentId;
    const sessions = new Map<string, string>();
    const postAs = async (key: string, path: string, fields: Record<string, string>) => {
      if (!sessions.has(key)) sessions.set(key, cookieOf(await signIn(key)));
      const cookie = sessions.get(key)!;
      const csrf = /name="csrf" value="([^"]+)"/.exec((await home(cookie)).body)![1]!;
      return harness.server.app.inject({
        method: 'POST',
        url: path,
        headers: { cookie, host: 'console.test', origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ csrf, ...fields }),
      });
    };
    const acks = () => harness.services.db.prepare('SELECT actor, comment FROM acknowledgements WHERE incident_id = ?').all(incidentId);

    expect((await postAs(harness.keys.viewer, `/ui/incidents/${incidentId}/ack`, { comment: 'mine' })).statusCode).toBe(403);
    const ack = await postAs(harness.keys.operator, `/ui/incidents/${incidentId}/ack`, { comment: '<b>on it</b>' });
    expect(ack.statusCode).toBe(303);
    expect(acks()).toEqual([{ actor: 'bob', comment: '<b>on it</b>' }]);

    const matchers = 'rule=Terminal shell in container\ncontainer=~web-.*';
    expect((await postAs(harness.keys.viewer, '/ui/silences', { matchers, duration: '2h', comment: 'deploy' })).statusCode).toBe(403);
    const bad = await postAs(harness.keys.operator, '/ui/silences', { matchers: 'not a matcher', duration: '2h', comment: 'deploy' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not NAME=VALUE');
    const added = await postAs(harness.keys.operator, '/ui/silences', { matchers, duration: '2h', comment: 'deploy <script>' });
    expect(added.statusCode).toBe(303);
    const silence = harness.services.db.prepare('SELECT id, matchers, created_by FROM silences').get() as { id: string; matchers: string; created_by: string };
    expect(JSON.parse(silence.matchers)).toEqual([
      { name: 'rule', op: '=', value: 'Terminal shell in container' },
      { name: 'container', op: '=~', value: 'web-.*' },
    ]);
    expect(silence.created_by).toBe('bob');
    const listed = await harness.server.app.inject({ method: 'GET', url: '/ui/silences', headers: { cookie: sessions.get(harness.keys.viewer)! } });
    expect(listed.body).toContain(silence.id);
    expect(listed.body).toContain('deploy &lt;script&gt;');
    expect(listed.body).not.toContain('>Expire<'); // a viewer is offered no expire button

    const expired = await postAs(harness.keys.operator, `/ui/silences/${silence.id}/expire`, {});
    expect(expired.statusCode).toBe(303);
    expect(harness.services.db.prepare('SELECT expired_by FROM silences WHERE id = ?').get(silence.id)).toEqual({ expired_by: 'bob' });
  });

  it('keeps the JSON API on bearer keys: a console cookie opens no /v1 route', async () => {
    const cookie = cookieOf(await signIn(harness.keys.admin));
    const reply = await harness.server.app.inject({ method: 'GET', url: '/v1/incidents', headers: { cookie } });
    expect(reply.statusCode).toBe(401);
  });
});

describe('irctl serve --tls-cert/--tls-key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-console-tls-'));
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  const home = join(dir, 'home');

  beforeAll(() => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    chmodSync(key, 0o600);
  });

  it('refuses half a pair and a key other users can read', async () => {
    const half = await runCli(['--home', home, '--runbooks', SERVER_RUNBOOKS, 'serve', '--port', '0', '--insecure-no-auth', '--tls-cert', cert]);
    expect(half.code).toBe(2);
    expect(half.err).toContain('--tls-cert and --tls-key go together');
    const loose = join(dir, 'loose.key');
    writeFileSync(loose, readFileSync(key), { mode: 0o644 });
    chmodSync(loose, 0o644);
    const open = await runCli([
      '--home',
      home,
      '--runbooks',
      SERVER_RUNBOOKS,
      'serve',
      '--port',
      '0',
      '--insecure-no-auth',
      '--tls-cert',
      cert,
      '--tls-key',
      loose,
    ]);
    expect(open.code).toBe(2);
    expect(open.err).toContain('readable by other users');
  });

  it('serves the console over HTTPS and marks the session cookie Secure (__Host- prefix)', async () => {
    const harness = await startHarness({ runbooks: ['generic-note.yaml'], tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    try {
      const { port } = new URL(await harness.server.app.listen({ host: '127.0.0.1', port: 0 }));
      const reply = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
        const request = httpsRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/ui/sign-in',
            method: 'POST',
            ca: readFileSync(cert),
            headers: { origin: `https://127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded' },
          },
          (response) => {
            response.resume();
            resolve({ status: response.statusCode!, cookie: String(response.headers['set-cookie']) });
          },
        );
        request.on('error', reject);
        request.end(form({ key: harness.keys.admin }));
      });
      expect(reply.status).toBe(303);
      expect(reply.cookie).toMatch(/^__Host-irctl_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    } finally {
      await harness.close();
    }
  });
});

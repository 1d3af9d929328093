import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../src/server/auth/hmac.js';
import { spawnIrctl } from '../helpers/cli-process.js';
import { runCli } from '../helpers/run-cli.js';
import { eventually } from './server-harness.js';
import { SERVER_RUNBOOKS } from './server-harness.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

const home = () => mkdtempSync(join(tmpdir(), 'irctl-serve-cli-'));

describe('irctl serve command', LONG, () => {
  it('refuses to start without an API key or HMAC secret, with exit code 2 and a hint', async () => {
    const result = await runCli(['--home', home(), '--runbooks', SERVER_RUNBOOKS, 'serve', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('refuses to start');
    expect(result.err).toContain('irctl keys create');
  });

  it('refuses --insecure-no-auth on a non-loopback address', async () => {
    const result = await runCli(['--home', home(), '--runbooks', SERVER_RUNBOOKS, 'serve', '--insecure-no-auth', '--host', '0.0.0.0', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('loopback');
  });

  it('refuses a port that is not a TCP port', async () => {
    const result = await runCli(['--home', home(), '--runbooks', SERVER_RUNBOOKS, 'serve', '--port', '99999', '--insecure-no-auth']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--port 99999');
  });

  it('listens, checks a signed alert against the engine, logs the request as JSON, and exits 0 on SIGTERM', async () => {
    const secret = 'cli-test-secret-3f9a1c7be04d5a26c8e1f0b97d4a3e5c';
    const child = spawnIrctl(['--home', home(), '--runbooks', SERVER_RUNBOOKS, 'serve', '--port', '0', '--log-level', 'info'], { IRCTL_HMAC_SECRET: secret });
    try {
      const url = await eventually('the server to listen', () => /listening on (http:\/\/[^\s]+)/.exec(child.output())?.[1], 30_000);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const body = JSON.stringify({ rule: 'suspicious-binary', container: 'cli-web-1' });
      const timestamp = Math.floor(Date.now() / 1000);
      const reply = await fetch(`${url}/v1/alerts/generic`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-irctl-timestamp': String(timestamp),
          'x-irctl-signature': signRequest(secret, { timestampSeconds: timestamp, method: 'POST', path: '/v1/alerts/generic', body }),
        },
      });
      // authenticated, matched, and refused at intake: no container of that name on the engine
      expect(reply.status).toBe(422);
      const answer = await reply.json();
      expect(answer.error.code).toBe('TARGET_NOT_FOUND');
      expect(answer.alerts[0].outcomes[0]).toMatchObject({ result: 'refused', reason: 'target_not_found' });
      const line = await eventually('the request log line', () =>
        child
          .output()
          .split('\n')
          .find((text) => text.includes('"event":"request"') && text.includes('/v1/alerts/generic')),
      );
      expect(JSON.parse(line)).toMatchObject({ status: 422, route: '/v1/alerts/generic', actor: 'hmac-signed', reqId: expect.anything() });
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    // the store's checkpoints ran on their worker thread (src/store/wal-checkpointer.ts), found where the build put it
    expect(child.output()).not.toMatch(/WAL checkpoint/);
  });
});

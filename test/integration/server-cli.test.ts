import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signBody } from '../../src/server/auth/hmac.js';
import { spawnIrctl } from '../helpers/cli-process.js';
import { runCli } from '../helpers/run-cli.js';
import { eventually } from './server-harness.js';
import { SERVER_RUNBOOKS } from './server-harness.js';

const home = () => mkdtempSync(join(tmpdir(), 'irctl-serve-cli-'));

describe('irctl serve command', () => {
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

  it('listens, takes a signed alert, and exits 0 on SIGTERM', async () => {
    const secret = 'cli-test-secret-0123456789abcdef';
    const child = spawnIrctl(['--home', home(), '--runbooks', SERVER_RUNBOOKS, 'serve', '--port', '0'], { IRCTL_HMAC_SECRET: secret });
    try {
      const url = await eventually('the server to listen', () => /listening on (http:\/\/[^\s]+)/.exec(child.output())?.[1], 30_000);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const body = JSON.stringify({ rule: 'suspicious-binary', container: 'cli-web-1' });
      const timestamp = Math.floor(Date.now() / 1000);
      const reply = await fetch(`${url}/v1/alerts/generic`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-irctl-timestamp': String(timestamp), 'x-irctl-signature': signBody(secret, timestamp, body) },
      });
      expect(reply.status).toBe(202);
      expect((await reply.json()).alerts[0].outcomes[0].result).toBe('opened');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DockerHosts } from '../../../src/docker/hosts.js';
import { versionFromServerHeader } from '../../../src/docker/untyped-calls.js';

describe('the engine version from a ping', () => {
  it('reads the version a Docker engine names in its Server header', () => {
    expect(versionFromServerHeader('Docker/20.10.24+dfsg1 (linux)')).toBe('20.10.24+dfsg1');
    expect(versionFromServerHeader('Docker/27.5.1 (windows)')).toBe('27.5.1');
  });

  it('names no version for other servers, so /version is asked instead', () => {
    for (const server of [
      undefined,
      '',
      'Libpod/4.9.3 (linux)',
      'nginx/1.25.3',
      'Docker/ (linux)',
      'Docker/27.5.1',
      `Docker/${'9'.repeat(80)} (linux)`,
      'Docker/abc (linux)',
      'Docker/1.0"<b> (linux)',
      'Docker/1.0;rm (linux)',
      'Docker/1.0\u0085 (linux)',
    ])
      expect(versionFromServerHeader(server), String(server)).toBeUndefined();
  });
});

describe('the engine version a long-lived process names', () => {
  let server: Server | undefined;
  afterEach(() => {
    vi.useRealTimers();
    server?.close();
  });

  /** An engine stand-in that answers pings naming `version.now`, and counts them. */
  async function engine(version: { now: string; pings: number }): Promise<DockerHosts> {
    server = createServer((request, response) => {
      if (request.url?.endsWith('/_ping')) version.pings++;
      response.writeHead(200, { Server: `Docker/${version.now} (linux)`, 'Content-Type': 'text/plain' }).end('OK');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new DockerHosts({ hosts: {} }, { DOCKER_HOST: `tcp://127.0.0.1:${port}` });
  }

  it('asks once within a minute, and again after, so an upgraded engine is named', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const version = { now: '26.1.0', pings: 0 };
    const hosts = await engine(version);
    await expect(hosts.engineVersion()).resolves.toBe('26.1.0');
    version.now = '27.5.1'; // the engine was upgraded under a running irctl serve
    await expect(hosts.engineVersion()).resolves.toBe('26.1.0');
    expect(version.pings).toBe(1);

    vi.setSystemTime(Date.now() + 61_000);
    await expect(hosts.engineVersion()).resolves.toBe('27.5.1');
    expect(version.pings).toBe(2);
  });

  it('takes the version a pre-flight ping just named over an older one', async () => {
    const version = { now: '26.1.0', pings: 0 };
    const hosts = await engine(version);
    await expect(hosts.engineVersion()).resolves.toBe('26.1.0');
    hosts.rememberEngineVersion('local', '27.5.1');
    await expect(hosts.engineVersion()).resolves.toBe('27.5.1');
    expect(version.pings).toBe(1);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkObjectRef, guardClient, isPlainApiPath } from '../../../src/docker/safe-client.js';
import { UsageError } from '../../../src/errors.js';

// A fake engine that records every path it is asked for, and answers 301 to the host named in a
// walked path (what made docker-modem follow a redirect elsewhere).
let engine: Server;
let port: number;
const asked: string[] = [];

beforeAll(async () => {
  engine = createServer((request, response) => {
    asked.push(request.url ?? '');
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ Id: 'a'.repeat(64), Name: '/web' }));
  });
  await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
  port = (engine.address() as AddressInfo).port;
});

afterAll(() => engine.close());

const hostile = ['../../../../127.0.0.1:1/x', '..', '.', '/', 'a/b', '%2f', 'web%2F..', 'web?x=1', 'web#x', '', 'web 1', '-rf', '\u0000', 'a'.repeat(300)];

describe('the guarded Docker client', () => {
  it.each(hostile)('refuses the container reference %j before any request', async (ref) => {
    asked.length = 0;
    const docker = guardClient(new Docker({ host: '127.0.0.1', port, protocol: 'http' }));
    expect(() => docker.getContainer(ref)).toThrow(UsageError);
    expect(() => docker.getNetwork(ref)).toThrow(UsageError);
    expect(() => docker.getExec(ref)).toThrow(UsageError);
    expect(() => docker.getVolume(ref)).toThrow(UsageError);
    expect(asked).toEqual([]);
  });

  it('lets ids and names through, unchanged', async () => {
    asked.length = 0;
    const docker = guardClient(new Docker({ host: '127.0.0.1', port, protocol: 'http' }));
    await docker.getContainer('web-1.blue_2').inspect();
    await docker.getContainer('a'.repeat(64)).inspect();
    expect(asked.map((url) => url.split('?')[0])).toEqual(['/containers/web-1.blue_2/json', `/containers/${'a'.repeat(64)}/json`]);
  });

  it('accepts image references with a registry, a tag and a digest, and refuses walking ones', () => {
    expect(checkObjectRef('image', 'registry.local:5000/team/app:1.2')).toBe('registry.local:5000/team/app:1.2');
    expect(checkObjectRef('image', `app@sha256:${'b'.repeat(64)}`)).toBe(`app@sha256:${'b'.repeat(64)}`);
    for (const bad of ['../x', 'a/../b', 'a//b', 'a/./b', '/a', 'a%2fb', 'a b']) expect(() => checkObjectRef('image', bad)).toThrow(UsageError);
  });

  it('refuses, as the last gate, any request path that walks', async () => {
    const docker = guardClient(new Docker({ host: '127.0.0.1', port, protocol: 'http' }));
    const modem = (docker as unknown as { modem: { dial(options: object, callback: (error: unknown) => void): void } }).modem;
    asked.length = 0;
    const error = await new Promise((resolve) => modem.dial({ path: '/containers/../../x/json?', method: 'GET', statusCodes: { 200: true } }, resolve));
    expect(error).toBeInstanceOf(UsageError);
    expect(asked).toEqual([]);
    expect(isPlainApiPath('/containers/web/json?all=1&x=../..')).toBe(true); // the query string is encoded by the modem
    expect(isPlainApiPath('/containers/%2e%2e/json')).toBe(false);
  });
});

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deferFunctionModule, loadDockerode } from '../../../src/docker/dockerode-loader.js';

const require = createRequire(import.meta.url);
const COUNTED = fileURLToPath(new URL('../../fixtures/deferred/counted.cjs', import.meta.url));
const loads = () => (globalThis as { __countedLoads?: number }).__countedLoads ?? 0;

describe('a deferred CommonJS module', () => {
  it('is not evaluated when required, only on its first call, which the real function answers', () => {
    delete require.cache[COUNTED];
    const before = loads();
    deferFunctionModule(COUNTED);
    const counted = require(COUNTED) as (this: unknown, a: number, b: number) => { sum: number; self: unknown };
    expect(loads()).toBe(before); // required, not evaluated
    const self = { caller: true };
    expect(counted.call(self, 2, 3)).toEqual({ sum: 5, self }); // arguments and this pass through
    expect(loads()).toBe(before + 1);
    counted(1, 1);
    expect(loads()).toBe(before + 1); // evaluated once
    expect(require(COUNTED)).not.toBe(counted); // the cache now holds the real module
  });

  it('leaves a module that is already loaded as it is', () => {
    const real = require(COUNTED) as unknown;
    deferFunctionModule(COUNTED);
    expect(require(COUNTED)).toBe(real);
  });
});

describe('loadDockerode', () => {
  it('gives the dockerode class, the same one each time', () => {
    const Docker = loadDockerode();
    expect(typeof new Docker({ socketPath: '/nonexistent.sock' }).listContainers).toBe('function');
    expect(loadDockerode()).toBe(Docker);
  });

  it('still reaches an ssh:// engine through ssh2, loaded on the first request', async () => {
    const Docker = loadDockerode();
    const client = new Docker({ protocol: 'ssh', host: '127.0.0.1', port: 1, username: 'irctl' } as never);
    // nothing listens on port 1: the refusal comes from ssh2's connection attempt
    await expect(client.ping()).rejects.toThrow(/ECONNREFUSED/);
  });
});

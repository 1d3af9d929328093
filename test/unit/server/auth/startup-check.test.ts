import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../../src/auth/keys.js';
import { configSchema } from '../../../../src/config.js';
import { UsageError } from '../../../../src/errors.js';
import { checkServeAuth, isLoopback, loadHmacSecret } from '../../../../src/server/auth/startup-check.js';
import type { Db } from '../../../../src/store/db.js';
import { openStore } from '../../../../src/schema.js';

let db: Db | undefined;
afterEach(() => db?.close());

describe('irctl serve start-up authentication check', () => {
  it('refuses to start with no API key and no HMAC secret', () => {
    db = openStore(':memory:');
    expect(() => checkServeAuth({ db: db!, insecureNoAuth: false, host: '127.0.0.1' })).toThrow(UsageError);
  });

  it('starts with one live API key', () => {
    db = openStore(':memory:');
    createApiKey(db, { actor: 'alertmanager', createdBy: 'test' });
    expect(() => checkServeAuth({ db: db!, insecureNoAuth: false, host: '0.0.0.0' })).not.toThrow();
  });

  it('starts with an HMAC secret and no key', () => {
    db = openStore(':memory:');
    expect(() => checkServeAuth({ db: db!, hmacSecret: 'x'.repeat(32), insecureNoAuth: false, host: '0.0.0.0' })).not.toThrow();
  });

  it('allows --insecure-no-auth on loopback only', () => {
    db = openStore(':memory:');
    expect(() => checkServeAuth({ db: db!, insecureNoAuth: true, host: '127.0.0.1' })).not.toThrow();
    expect(() => checkServeAuth({ db: db!, insecureNoAuth: true, host: '0.0.0.0' })).toThrow(/loopback/);
  });

  it('tells loopback addresses from others', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '10.0.0.1', '::', 'example.com'].map(isLoopback)).toEqual([false, false, false, false]);
  });

  it('reads the HMAC secret from IRCTL_HMAC_SECRET and refuses a short or predictable one', () => {
    const config = configSchema.parse({});
    const good = '3f9a1c7be04d5a26c8e1f0b97d4a3e5c2b8f6d1a0e9c7b5a';
    expect(loadHmacSecret(config, { IRCTL_HMAC_SECRET: good })).toBe(good);
    expect(() => loadHmacSecret(config, { IRCTL_HMAC_SECRET: 'short' })).toThrow(UsageError);
    expect(() => loadHmacSecret(config, { IRCTL_HMAC_SECRET: ' '.repeat(16) })).toThrow(UsageError);
    expect(() => loadHmacSecret(config, { IRCTL_HMAC_SECRET: 's'.repeat(64) })).toThrow(/predictable/);
    expect(() => loadHmacSecret(config, { IRCTL_HMAC_SECRET: 'abababababababababababababababababab' })).toThrow(/predictable/);
    expect(loadHmacSecret(config, {})).toBeUndefined();
  });
});

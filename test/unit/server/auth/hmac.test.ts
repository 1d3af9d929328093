import { describe, expect, it } from 'vitest';
import { ReplayCache, signBody, verifySignature } from '../../../../src/server/auth/hmac.js';

const SECRET = 'unit-test-secret-0123456789';
const body = Buffer.from('{"rule":"x"}');
const now = 1_800_000_000_000;
const at = (offsetSeconds: number) => Math.floor(now / 1000) + offsetSeconds;

describe('HMAC body signatures', () => {
  it('accepts a body signed with the shared secret and a current timestamp', () => {
    const check = verifySignature(SECRET, { timestamp: String(at(0)), signature: signBody(SECRET, at(0), body) }, body, new ReplayCache(), now);
    expect(check).toEqual({ ok: true });
  });

  it('refuses a signature made with another secret', () => {
    const check = verifySignature(SECRET, { timestamp: String(at(0)), signature: signBody('another-secret-abcdefgh', at(0), body) }, body, new ReplayCache(), now);
    expect(check).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a signature whose timestamp was changed after signing', () => {
    const check = verifySignature(SECRET, { timestamp: String(at(1)), signature: signBody(SECRET, at(0), body) }, body, new ReplayCache(), now);
    expect(check).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses timestamps more than five minutes from the server clock, in either direction', () => {
    for (const offset of [-301, 301]) {
      const check = verifySignature(SECRET, { timestamp: String(at(offset)), signature: signBody(SECRET, at(offset), body) }, body, new ReplayCache(), now);
      expect(check).toMatchObject({ ok: false, reason: 'stale_signature' });
    }
  });

  it('refuses the same signed request the second time', () => {
    const replays = new ReplayCache();
    const headers = { timestamp: String(at(0)), signature: signBody(SECRET, at(0), body) };
    expect(verifySignature(SECRET, headers, body, replays, now).ok).toBe(true);
    expect(verifySignature(SECRET, headers, body, replays, now + 1000)).toMatchObject({ ok: false, reason: 'replayed_signature' });
  });

  it('refuses missing or malformed signature headers', () => {
    expect(verifySignature(SECRET, { signature: signBody(SECRET, at(0), body) }, body, new ReplayCache(), now)).toMatchObject({ reason: 'bad_signature' });
    expect(verifySignature(SECRET, { timestamp: String(at(0)), signature: 'md5=abc' }, body, new ReplayCache(), now)).toMatchObject({ reason: 'bad_signature' });
  });
});

describe('replay cache', () => {
  it('forgets signatures once they are older than the window', () => {
    const cache = new ReplayCache(1000);
    expect(cache.claim('a', 0)).toBe(true);
    expect(cache.claim('a', 500)).toBe(false);
    expect(cache.claim('a', 2000)).toBe(true);
  });
});

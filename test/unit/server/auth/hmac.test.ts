import { afterEach, describe, expect, it } from 'vitest';
import { ReplayCache, replaySchema, signRequest, signingString, verifySignature } from '../../../../src/server/auth/hmac.js';
import { openDb, type Db } from '../../../../src/store/db.js';

const SECRET = 'unit-test-secret-0123456789-abcdefghij';
const body = Buffer.from('{"rule":"x"}');
const now = 1_800_000_000_000;
const at = (offsetSeconds: number) => Math.floor(now / 1000) + offsetSeconds;
const target = { method: 'POST', path: '/v1/alerts/generic', body };
const sign = (timestampSeconds: number, secret = SECRET, request = target) => signRequest(secret, { timestampSeconds, ...request });

let db: Db | undefined;
afterEach(() => db?.close());
const replays = () => new ReplayCache((db = openDb(':memory:', replaySchema)));

describe('HMAC request signatures', () => {
  it('signs "<timestamp>\\n<METHOD>\\n<path>\\n<body>"', () => {
    expect(signingString({ timestampSeconds: 1700000000, method: 'post', path: '/v1/alerts/falco' })).toBe('1700000000\nPOST\n/v1/alerts/falco\n');
  });

  it('accepts a request signed with the shared secret and a current timestamp', () => {
    expect(verifySignature(SECRET, { timestamp: String(at(0)), signature: sign(at(0)) }, target, replays(), now)).toEqual({ ok: true });
  });

  it('rejects a signature made with another secret', () => {
    const check = verifySignature(SECRET, { timestamp: String(at(0)), signature: sign(at(0), 'another-secret-abcdefgh') }, target, replays(), now);
    expect(check).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a signature moved to another path or method', () => {
    const signature = sign(at(0));
    expect(verifySignature(SECRET, { timestamp: String(at(0)), signature }, { ...target, path: '/v1/alerts/falco' }, replays(), now)).toMatchObject({
      reason: 'bad_signature',
    });
    expect(verifySignature(SECRET, { timestamp: String(at(0)), signature }, { ...target, method: 'PUT' }, replays(), now)).toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('rejects a timestamp that does not match the signature (it is signed too)', () => {
    const check = verifySignature(SECRET, { timestamp: String(at(1)), signature: sign(at(0)) }, target, replays(), now);
    expect(check).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it.each([-301, 301, -3600])('rejects a timestamp %i s away as stale, without telling the server time', (offset) => {
    const check = verifySignature(SECRET, { timestamp: String(at(offset)), signature: sign(at(offset)) }, target, replays(), now);
    expect(check).toMatchObject({ ok: false, reason: 'stale_signature' });
    expect((check as { message: string }).message).not.toMatch(new RegExp(`${Math.abs(offset)}|${at(0)}`));
  });

  it('accepts a signed request once; the same request again is a replay', () => {
    const cache = replays();
    const headers = { timestamp: String(at(0)), signature: sign(at(0)) };
    expect(verifySignature(SECRET, headers, target, cache, now).ok).toBe(true);
    expect(verifySignature(SECRET, headers, target, cache, now + 1000)).toMatchObject({ ok: false, reason: 'replayed_signature' });
  });

  it('still knows a signature signed ahead of the clock until its signed time leaves the window', () => {
    const cache = replays();
    const headers = { timestamp: String(at(295)), signature: sign(at(295)) };
    expect(verifySignature(SECRET, headers, target, cache, now).ok).toBe(true);
    // 306 s later the arrival-time cache of old would have forgotten it; the signed time still is fresh
    expect(verifySignature(SECRET, headers, target, cache, now + 306_000)).toMatchObject({ ok: false, reason: 'replayed_signature' });
    expect(verifySignature(SECRET, headers, target, cache, now + 596_000)).toMatchObject({ ok: false, reason: 'stale_signature' });
  });

  it('keeps the replay cache across a restart (it lives in the database)', () => {
    db = openDb(':memory:', replaySchema);
    const headers = { timestamp: String(at(0)), signature: sign(at(0)) };
    expect(verifySignature(SECRET, headers, target, new ReplayCache(db), now).ok).toBe(true);
    expect(verifySignature(SECRET, headers, target, new ReplayCache(db), now + 1000)).toMatchObject({ reason: 'replayed_signature' });
  });

  it('rejects missing or malformed headers', () => {
    expect(verifySignature(SECRET, { signature: sign(at(0)) }, target, replays(), now)).toMatchObject({ reason: 'bad_signature' });
    expect(verifySignature(SECRET, { timestamp: String(at(0)), signature: 'md5=abc' }, target, replays(), now)).toMatchObject({ reason: 'bad_signature' });
  });
});

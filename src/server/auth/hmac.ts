import { createHmac, timingSafeEqual } from 'node:crypto';

// Signed posts: X-Irctl-Timestamp is Unix seconds, X-Irctl-Signature is "sha256=" and the hex
// HMAC-SHA256 of "<timestamp>.<raw body>" (the timestamp is signed too, so it cannot be moved).
export const TIMESTAMP_HEADER = 'x-irctl-timestamp';
export const SIGNATURE_HEADER = 'x-irctl-signature';
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export function signBody(secret: string, timestampSeconds: number, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'bad_signature' | 'stale_signature' | 'replayed_signature'; message: string };

/**
 * Signatures seen inside the window. A signature outside the window is refused as stale anyway,
 * so entries older than the window are dropped; the cache cannot grow past what the rate limit lets in.
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowMs = SIGNATURE_WINDOW_MS) {}

  /** True the first time a signature is offered; false for a replay. */
  claim(signature: string, now: number): boolean {
    this.prune(now);
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, now);
    return true;
  }

  private prune(now: number): void {
    for (const [signature, at] of this.seen) {
      if (now - at <= this.windowMs) break; // insertion order is time order
      this.seen.delete(signature);
    }
  }
}

/** Check a signed request: well-formed, fresh (±5 minutes), matching, and not seen before. */
export function verifySignature(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: Buffer,
  replays: ReplayCache,
  now = Date.now(),
): SignatureCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature || !/^sha256=[0-9a-f]{64}$/.test(signature)) {
    return { ok: false, reason: 'bad_signature', message: `a signed request needs ${TIMESTAMP_HEADER} (Unix seconds) and ${SIGNATURE_HEADER} (sha256=<64 hex>)` };
  }
  const age = Math.abs(now - Number(timestamp) * 1000);
  if (age > SIGNATURE_WINDOW_MS) {
    return { ok: false, reason: 'stale_signature', message: `the signature timestamp is ${Math.round(age / 1000)} s away from the server clock; at most ${SIGNATURE_WINDOW_MS / 1000} s are accepted` };
  }
  const expected = Buffer.from(signBody(secret, Number(timestamp), body));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) {
    return { ok: false, reason: 'bad_signature', message: 'the body signature does not match (HMAC-SHA256 of "<timestamp>.<body>" with the shared secret)' };
  }
  if (!replays.claim(signature, now)) {
    return { ok: false, reason: 'replayed_signature', message: 'this signed request was already received; each signed body is accepted once' };
  }
  return { ok: true };
}

import { RequestRejectedError } from './http-error.js';

/**
 * The capacity of authenticated traffic, per identity, so one leaked key cannot flood the server
 * from many addresses: a token bucket that refills at `perMinute` a minute and holds at most
 * `burst` (default: one minute's worth). It is sized for a security tool's own alert feed (default
 * 1,200 a minute): an alert request costs one token per alert, and alerts above the capacity are
 * queued (src/server/alert-queue.ts), never refused while the queue has room; other requests above
 * it get 429. Per-address limits (@fastify/rate-limit, the failed-auth guard) apply to
 * unauthenticated and failed traffic.
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  readonly burst: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    burst?: number,
  ) {
    this.burst = burst ?? perMinute;
  }

  /** Tokens `key` has now (fractional). */
  private refill(key: string): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000);
    bucket.at = now;
    if (bucket.tokens >= this.burst)
      this.buckets.delete(key); // a full bucket is the default: keep no state for idle keys
    else this.buckets.set(key, bucket);
    return bucket;
  }

  /** Take `cost` tokens from `key`'s bucket if it has them all; false (nothing taken) otherwise. */
  tryTake(key: string, cost = 1): boolean {
    const bucket = this.refill(key);
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    this.buckets.set(key, bucket);
    return true;
  }

  /** Milliseconds until `key` has `cost` tokens (0 when it has them now). */
  msUntil(key: string, cost = 1): number {
    const bucket = this.refill(key);
    return bucket.tokens >= cost ? 0 : Math.ceil(((cost - bucket.tokens) * 60_000) / this.perMinute);
  }

  /** Count one request for `key`; throw a 429 rejection (with Retry-After) past the capacity. */
  hit(key: string): void {
    if (this.tryTake(key)) return;
    const retryAfter = Math.max(1, Math.ceil(this.msUntil(key) / 1000));
    throw new RequestRejectedError(429, 'rate_limited', `more than ${this.perMinute} requests a minute with the identity ${key}`, {
      hint: `slow down; the limit is per API key per minute (server.requests_per_minute_per_key); retry in ${retryAfter} s`,
      headers: { 'retry-after': String(retryAfter) },
    });
  }
}

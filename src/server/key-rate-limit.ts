import { RequestRejectedError } from './http-error.js';

/**
 * The per-key half of the rate limit (@fastify/rate-limit does the per-address half): a fixed
 * one-minute window per authenticated identity, so one leaked key cannot flood the server from
 * many addresses.
 */
export class KeyRateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Count one request for `key`; throw a 429 rejection past the limit. */
  hit(key: string): void {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count > this.perMinute) {
      throw new RequestRejectedError(429, 'rate_limited', `more than ${this.perMinute} requests a minute with the identity ${key}`, {
        hint: 'slow down; the limit is per API key and per client address per minute',
      });
    }
  }
}

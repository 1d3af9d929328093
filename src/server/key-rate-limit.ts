import { RequestRejectedError } from './http-error.js';

/**
 * The rate limit of authenticated traffic: a fixed one-minute window per identity, so one leaked
 * key cannot flood the server from many addresses. It is sized for a security tool's own alert
 * feed (default 1,200 a minute), not for a person: Falcosidekick does not retry, so what is
 * refused here is lost. Per-address limits (@fastify/rate-limit, the failed-auth guard) apply to
 * unauthenticated and failed traffic.
 */
export class KeyRateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Count one request for `key`; throw a 429 rejection (with Retry-After) past the limit. */
  hit(key: string): void {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count > this.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((this.windowStart + 60_000 - now) / 1000));
      throw new RequestRejectedError(429, 'rate_limited', `more than ${this.perMinute} requests a minute with the identity ${key}`, {
        hint: `slow down; the limit is per API key per minute (server.requests_per_minute_per_key); retry in ${retryAfter} s`,
        headers: { 'retry-after': String(retryAfter) },
      });
    }
  }
}

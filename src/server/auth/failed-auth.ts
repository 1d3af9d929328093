const WINDOW_MS = 60_000;
/** Addresses remembered at most, in each map: a scan from many addresses cannot grow them past this. */
export const MAX_TRACKED_ADDRESSES = 10_000;

/**
 * Failed authentications per client address. More than `limit` in a minute is an attack (the
 * seed's threshold is 10): the address is then answered 429 for `lockoutMs` whenever its
 * credentials fail. Credentials that verify are never refused here (keys are 256-bit: the lock-out
 * slows guessing, it must not let a guesser lock out real senders sharing an address).
 *
 * Memory is bounded without a timer: expired entries are swept at most once a window, on a call,
 * and each map keeps at most `maxTracked` addresses, forgetting the one that failed longest ago.
 */
export class FailedAuthGuard {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();
  private nextSweepAt = 0;

  constructor(
    private readonly limit: number,
    private readonly lockoutMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxTracked = MAX_TRACKED_ADDRESSES,
  ) {}

  /** Seconds the address is still locked out for, or 0. */
  lockedFor(address: string): number {
    const until = this.lockedUntil.get(address);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) {
      this.lockedUntil.delete(address);
      return 0;
    }
    return Math.ceil(left / 1000);
  }

  /** Count one failure; true when this failure locked the address out. */
  recordFailure(address: string): boolean {
    const now = this.now();
    this.sweepNowAndThen(now);
    const recent = (this.failures.get(address) ?? []).filter((at) => now - at < WINDOW_MS);
    recent.push(now);
    if (recent.length > this.limit) {
      this.failures.delete(address);
      remember(this.lockedUntil, address, now + this.lockoutMs, this.maxTracked);
      return true;
    }
    remember(this.failures, address, recent, this.maxTracked);
    return false;
  }

  /** Addresses with failures or a lock-out remembered now. */
  get trackedAddresses(): number {
    return this.failures.size + this.lockedUntil.size;
  }

  /** Forget what can no longer matter; at most once a window, so a burst of failures stays O(1) each. */
  private sweepNowAndThen(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + WINDOW_MS;
    for (const [address, times] of this.failures) if (times.every((at) => now - at >= WINDOW_MS)) this.failures.delete(address);
    for (const [address, until] of this.lockedUntil) if (until <= now) this.lockedUntil.delete(address);
  }
}

/** Set `key` as the newest entry (a Map keeps insertion order) and drop the oldest past `max`. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

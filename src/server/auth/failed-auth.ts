/**
 * Failed authentications per client address. More than `limit` in a minute is an attack (the
 * seed's threshold is 10): the address is then answered 429 for `lockoutMs`, whatever it sends.
 */
export class FailedAuthGuard {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly lockoutMs: number,
    private readonly now: () => number = Date.now,
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
    const recent = (this.failures.get(address) ?? []).filter((at) => now - at < 60_000);
    recent.push(now);
    if (recent.length > this.limit) {
      this.failures.delete(address);
      this.lockedUntil.set(address, now + this.lockoutMs);
      this.prune(now);
      return true;
    }
    this.failures.set(address, recent);
    return false;
  }

  /** Forget what can no longer matter, so the maps cannot grow without bound. */
  private prune(now: number): void {
    for (const [address, times] of this.failures) if (times.every((at) => now - at >= 60_000)) this.failures.delete(address);
    for (const [address, until] of this.lockedUntil) if (until <= now) this.lockedUntil.delete(address);
  }
}

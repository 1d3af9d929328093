/**
 * How many incidents one sender may open a minute (a sliding window). A leaked or misbehaving key
 * cannot open hundreds of incidents; what it sends beyond is answered `over_budget`, not queued.
 */
export class IncidentBudget {
  private readonly opened = new Map<string, number[]>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take one incident from `sender`'s budget; false when it is spent for now. */
  take(sender: string): boolean {
    const now = this.now();
    const recent = (this.opened.get(sender) ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= this.perMinute) {
      this.opened.set(sender, recent);
      return false;
    }
    recent.push(now);
    this.opened.set(sender, recent);
    return true;
  }

  /** Seconds until `sender` may open another incident. */
  retryAfterSeconds(sender: string): number {
    const oldest = this.opened.get(sender)?.[0];
    return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + 60_000 - this.now()) / 1000));
  }
}

/**
 * Short-lived grants (launch contexts, authorization codes, pending consent): each entry expires, expired entries
 * are swept as new ones arrive, and the map never holds more than `maxEntries` (the oldest go first), so a flood of
 * launches costs bounded memory.
 */
export class ExpiringMap<T extends { readonly expiresAt: number }> {
  private readonly entries = new Map<string, T>();
  private nextSweepAt = 0;

  constructor(
    private readonly maxEntries: number,
    /** How often, at most, a `set` walks the map for expired entries. */
    private readonly sweepEveryMs = 10_000
  ) {}

  get size(): number {
    return this.entries.size;
  }

  set(key: string, value: T, now: number): void {
    this.sweep(now);
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** The entry when it has not expired (an expired one is removed). */
  get(key: string, now: number): T | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    if (value.expiresAt > now) return value;
    this.entries.delete(key);
    return undefined;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Removes expired entries, at most once per `sweepEveryMs` unless forced. */
  sweep(now: number, force = false): void {
    if (!force && now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.sweepEveryMs;
    for (const [key, value] of this.entries) {
      if (value.expiresAt <= now) this.entries.delete(key);
    }
  }
}

/**
 * Remembers JWT ids until their token expires, to refuse replays. Bounded: when full (after dropping expired
 * entries) it refuses new tokens rather than forget live ones, so a flood cannot open a replay window.
 */
export class JtiStore {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  /** Records `jti` (scoped by issuer) until `expiresAtMs`; false if it was already seen or the store is full. */
  remember(issuer: string, jti: string, expiresAtMs: number, nowMs: number): boolean {
    const key = `${issuer}\u0000${jti}`;
    const known = this.expiries.get(key);
    if (known !== undefined && known > nowMs) return false;
    if (this.expiries.size >= this.capacity) this.prune(nowMs);
    if (this.expiries.size >= this.capacity) return false;
    this.expiries.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }

  private prune(nowMs: number): void {
    for (const [key, expiry] of this.expiries) {
      if (expiry <= nowMs) this.expiries.delete(key);
    }
  }
}

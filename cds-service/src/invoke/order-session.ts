import { createHash } from 'node:crypto';

/**
 * What order-select showed in an ordering session, so order-sign does not repeat it: one card per finding per
 * draft order per session. A session is one clinician ordering for one patient on one FHIR server, within
 * `ttlMs` of the last order-select. Keys are hashed (the patient part is already a salted HMAC); bounded, oldest
 * first out. Per process: on a multi-instance deployment a miss only means a card is shown again at signing.
 */
export class OrderSessionMemory {
  private readonly shown = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = 20_000
  ) {}

  static key(patientHash: string, userId: string, orderKey: string): string {
    return createHash('sha256').update(`${patientHash}\u0000${userId}\u0000${orderKey}`).digest('base64url');
  }

  /** Remembers that these cards were shown at order-select now. */
  remember(keys: readonly string[], nowMs: number): void {
    for (const key of keys) {
      this.shown.delete(key);
      this.shown.set(key, nowMs + this.ttlMs);
      if (this.shown.size > this.capacity) {
        const oldest = this.shown.keys().next().value;
        if (oldest !== undefined) this.shown.delete(oldest);
      }
    }
  }

  /** Whether order-select already showed this card in the session. */
  wasShown(key: string, nowMs: number): boolean {
    const expiresAtMs = this.shown.get(key);
    if (expiresAtMs === undefined) return false;
    if (expiresAtMs <= nowMs) {
      this.shown.delete(key);
      return false;
    }
    return true;
  }
}

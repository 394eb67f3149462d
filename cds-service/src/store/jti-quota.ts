/** How many live token ids one issuer may hold; far above any real client's rate over a capped token lifetime. */
export const DEFAULT_JTIS_PER_ISSUER = 200_000;
/** How often expired token ids are deleted and the per-issuer counts re-read from the store. */
export const JTI_SWEEP_INTERVAL_MS = 15_000;

/**
 * Per-issuer bound on remembered token ids, shared by every store. Counts are re-read from the store at each
 * sweep and incremented by this process in between, so the check costs nothing per request. With several
 * replicas an issuer may overshoot by what the other replicas accepted since their last sweep; the bound only
 * has to stop one client's flood from growing the table without limit, and it never refuses another issuer.
 */
export class JtiQuota {
  private counts = new Map<string, number>();
  private lastSweepMs = Number.NEGATIVE_INFINITY;

  constructor(readonly perIssuer: number = DEFAULT_JTIS_PER_ISSUER) {}

  allows(issuer: string): boolean {
    return (this.counts.get(issuer) ?? 0) < this.perIssuer;
  }

  noteClaimed(issuer: string): void {
    this.counts.set(issuer, (this.counts.get(issuer) ?? 0) + 1);
  }

  isSweepDue(nowMs: number): boolean {
    return nowMs - this.lastSweepMs >= JTI_SWEEP_INTERVAL_MS;
  }

  /** Replaces the counts with the live counts just read from the store. */
  reset(liveCounts: Iterable<readonly [string, number]>, nowMs: number): void {
    this.counts = new Map(liveCounts);
    this.lastSweepMs = nowMs;
  }
}

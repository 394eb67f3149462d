export interface CachedResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Same hookInstance replayed (same client, service and body) → the same response, not recomputed and not counted
 * again. Short TTL and bounded; in-flight calls are shared so a concurrent replay waits for the first.
 */
export class ReplayCache {
  private readonly entries = new Map<
    string,
    { readonly expiresAtMs: number; readonly response: Promise<CachedResponse> }
  >();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly capacity = 2_000
  ) {}

  get(key: string, nowMs: number): Promise<CachedResponse> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.response;
  }

  set(key: string, response: Promise<CachedResponse>, nowMs: number): void {
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { expiresAtMs: nowMs + this.ttlMs, response });
    // A failed computation is not cached: the client may retry.
    response.catch(() => this.entries.delete(key));
  }
}

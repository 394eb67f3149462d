import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { JwksSchema, type TrustedClient } from '../config';

const JWKS_FETCH_TIMEOUT_MS = 2000;
const JWKS_MAX_BYTES = 256 * 1024;

interface CachedKeySet {
  readonly getKey: JWTVerifyGetKey;
  readonly fetchedAtMs: number;
}

/**
 * Key sets per trusted client and jku. Local key sets (config or file) are fixed; remote ones are fetched from an
 * allow-listed jku only, cached, and refreshed when a token names an unknown `kid` — at most once per cooldown.
 */
export class JwksCache {
  private readonly cache = new Map<string, CachedKeySet>();
  private readonly inflight = new Map<string, Promise<CachedKeySet>>();

  constructor(
    private readonly cooldownMs: number,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly clock: () => number = Date.now
  ) {}

  /** The key getter for a client and (allow-listed) jku; `forceRefresh` asks for a re-fetch if the cooldown allows. */
  async getKeySet(
    client: TrustedClient,
    jku: string | undefined,
    forceRefresh: boolean
  ): Promise<JWTVerifyGetKey | undefined> {
    if (client.jwks && (jku === undefined || client.jku.includes(jku))) {
      return this.getLocal(client);
    }
    const url = jku ?? client.jku[0];
    if (url === undefined || !client.jku.includes(url)) return undefined;
    const cached = this.cache.get(url);
    if (cached && (!forceRefresh || this.clock() - cached.fetchedAtMs < this.cooldownMs)) return cached.getKey;
    return (await this.fetchKeySet(url)).getKey;
  }

  /** Whether a forced refresh would actually re-fetch (used to avoid a pointless second verification). */
  canRefresh(client: TrustedClient, jku: string | undefined): boolean {
    if (client.jwks && (jku === undefined || client.jku.includes(jku))) return false;
    const url = jku ?? client.jku[0];
    const cached = url === undefined ? undefined : this.cache.get(url);
    return cached === undefined || this.clock() - cached.fetchedAtMs >= this.cooldownMs;
  }

  private getLocal(client: TrustedClient): JWTVerifyGetKey {
    const key = `local:${client.iss}`;
    const cached = this.cache.get(key);
    if (cached) return cached.getKey;
    const getKey = createLocalJWKSet(client.jwks as unknown as JSONWebKeySet);
    this.cache.set(key, { getKey, fetchedAtMs: this.clock() });
    return getKey;
  }

  private fetchKeySet(url: string): Promise<CachedKeySet> {
    const running = this.inflight.get(url);
    if (running) return running;
    const promise = this.download(url).finally(() => this.inflight.delete(url));
    this.inflight.set(url, promise);
    return promise;
  }

  private async download(url: string): Promise<CachedKeySet> {
    const response = await this.fetchImpl(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(JWKS_FETCH_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`JWKS fetch failed with HTTP ${response.status}`);
    const text = await response.text();
    if (text.length > JWKS_MAX_BYTES) throw new Error('JWKS too large');
    const jwks = JwksSchema.parse(JSON.parse(text));
    const entry = { getKey: createLocalJWKSet(jwks), fetchedAtMs: this.clock() };
    this.cache.set(url, entry);
    return entry;
  }
}

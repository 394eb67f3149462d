import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  type FetchImplementation,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { JwksSchema, type TrustedClient } from '../config';
import { readBodyWithin } from '../fhir/read-body';

const JWKS_FETCH_TIMEOUT_MS = 2000;
const JWKS_MAX_BYTES = 256 * 1024;

/** A remote key set could not be had (network, timeout, redirect, status, size or shape); the token is refused. */
export class KeySetUnavailableError extends Error {
  override readonly name = 'KeySetUnavailableError';
}

export interface ClientKeySetsOptions {
  /** The least time between two fetches of one key set for a token whose `kid` it lacks (jose's cooldown). */
  readonly cooldownMs: number;
  readonly fetchImpl?: typeof fetch;
  readonly timeoutMs?: number;
}

/**
 * The key getter per trusted client and `jku`. A client's configured key set (config or file) is used as is; a
 * remote one is fetched only from an allow-listed `jku`, through jose's remote JWK Set, which caches it (10 minutes),
 * re-fetches once when a token names an unknown `kid` (at most once per cooldown), bounds each fetch by a timeout
 * and shares one fetch among concurrent callers. Around it: no redirects and a size cap on the response.
 */
export class ClientKeySets {
  private readonly local = new Map<string, JWTVerifyGetKey>();
  private readonly remote = new Map<string, JWTVerifyGetKey>();
  private readonly fetchKeySet: FetchImplementation;

  constructor(private readonly options: ClientKeySetsOptions) {
    const fetchImpl = options.fetchImpl ?? fetch;
    this.fetchKeySet = (url, init) => fetchBoundedKeySet(fetchImpl, url, init);
  }

  /** The key getter for `client` and the token's `jku`; undefined when neither configured keys nor an allowed jku. */
  getKeySet(client: TrustedClient, jku: string | undefined): JWTVerifyGetKey | undefined {
    if (client.jwks && (jku === undefined || client.jku.includes(jku))) return this.getLocal(client);
    const url = jku ?? client.jku[0];
    if (url === undefined || !client.jku.includes(url)) return undefined;
    return this.getRemote(url);
  }

  private getLocal(client: TrustedClient): JWTVerifyGetKey {
    let getKey = this.local.get(client.iss);
    if (!getKey) {
      getKey = createLocalJWKSet(client.jwks as unknown as JSONWebKeySet);
      this.local.set(client.iss, getKey);
    }
    return getKey;
  }

  private getRemote(url: string): JWTVerifyGetKey {
    let getKey = this.remote.get(url);
    if (!getKey) {
      const keySet = createRemoteJWKSet(new URL(url), {
        cooldownDuration: this.options.cooldownMs,
        timeoutDuration: this.options.timeoutMs ?? JWKS_FETCH_TIMEOUT_MS,
        [customFetch]: this.fetchKeySet,
      });
      getKey = async (header, token) => {
        try {
          return await keySet(header, token);
        } catch (error) {
          if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
            throw error;
          throw new KeySetUnavailableError('The JWK Set could not be fetched', { cause: error });
        }
      };
      this.remote.set(url, getKey);
    }
    return getKey;
  }
}

/** One key set download: redirects refused, the body read up to the cap, its shape checked before jose sees it. */
async function fetchBoundedKeySet(
  fetchImpl: typeof fetch,
  url: string,
  init: Parameters<FetchImplementation>[1]
): Promise<Response> {
  const response = await fetchImpl(url, { ...init, redirect: 'error' });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new KeySetUnavailableError(`JWK Set fetch failed with HTTP ${response.status}`);
  }
  const body = await readBodyWithin(response, { maxBytes: JWKS_MAX_BYTES, signal: init.signal });
  if (!body.ok)
    throw new KeySetUnavailableError(body.reason === 'too-large' ? 'JWK Set too large' : 'JWK Set timed out');
  return Response.json(JwksSchema.parse(JSON.parse(body.text)));
}

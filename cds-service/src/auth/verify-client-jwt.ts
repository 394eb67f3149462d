import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { TrustedClient } from '../config';
import { ServiceUnavailableError, UnauthorizedError } from '../errors';
import type { ReplayStore } from '../store/types';
import { KeySetUnavailableError, type ClientKeySets } from './client-key-sets';

/** Asymmetric algorithms only (CDS Hooks: never `none`, never HMAC); ES384/RS384 recommended. */
export const ACCEPTED_ALGORITHMS = ['ES384', 'RS384', 'ES256', 'RS256'] as const;

/**
 * The longest token lifetime accepted by default: the CDS Hooks specification's JWT example is valid for five
 * minutes, and SMART Backend Services caps `exp` at five minutes. Lifetimes are capped so that every remembered
 * `jti` expires within minutes: a long-lived token could otherwise fill the replay store for years.
 */
export const DEFAULT_MAX_LIFETIME_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 30;

export interface VerifiedClient {
  readonly iss: string;
  readonly jti: string;
}

export interface ClientJwtVerifier {
  /** Verifies the bearer JWT for a call to `audiences` (the public URLs of the endpoint); throws UnauthorizedError. */
  verify(authorization: string | undefined, audiences: readonly string[]): Promise<VerifiedClient>;
}

export function createClientJwtVerifier(options: {
  readonly trustedClients: readonly TrustedClient[];
  readonly keySets: ClientKeySets;
  readonly jtis: ReplayStore;
  readonly now: () => Date;
  readonly maxLifetimeSeconds?: number;
}): ClientJwtVerifier {
  const maxLifetimeSeconds = options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  const clients = new Map(options.trustedClients.map((client) => [client.iss, client]));

  return {
    async verify(authorization, audiences) {
      const token = parseBearer(authorization);
      const { header, claims } = decodeUnverified(token);
      if (typeof header.alg !== 'string' || !(ACCEPTED_ALGORITHMS as readonly string[]).includes(header.alg)) {
        throw new UnauthorizedError('algorithm');
      }
      const client = typeof claims.iss === 'string' ? clients.get(claims.iss) : undefined;
      if (!client) throw new UnauthorizedError('issuer');
      const jku = typeof header.jku === 'string' ? header.jku : undefined;
      if (jku !== undefined && !client.jku.includes(jku)) throw new UnauthorizedError('jku');

      const payload = await verifyToken(token, client, jku, audiences, maxLifetimeSeconds, options);
      if (
        typeof payload.jti !== 'string' ||
        payload.jti === '' ||
        payload.jti.length > 256 ||
        typeof payload.exp !== 'number' ||
        typeof payload.iat !== 'number'
      ) {
        throw new UnauthorizedError('claims');
      }
      const nowMs = options.now().getTime();
      const longest = maxLifetimeSeconds + CLOCK_TOLERANCE_SECONDS;
      if (payload.exp - payload.iat > longest) throw new UnauthorizedError('lifetime-too-long');
      if (payload.exp - nowMs / 1000 > longest) throw new UnauthorizedError('exp-too-far');
      let verdict;
      try {
        verdict = await options.jtis.claimJti(client.iss, payload.jti, payload.exp * 1000, nowMs);
      } catch {
        throw new ServiceUnavailableError('The replay-protection store is unavailable');
      }
      if (verdict === 'replay') throw new UnauthorizedError('replay');
      if (verdict === 'issuer-quota') throw new UnauthorizedError('jti-quota-exceeded');
      return { iss: client.iss, jti: payload.jti };
    },
  };
}

function parseBearer(authorization: string | undefined): string {
  const match = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*\.[A-Za-z0-9\-_]*)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new UnauthorizedError(authorization ? 'malformed' : 'missing');
  return match[1];
}

function decodeUnverified(token: string): { header: ReturnType<typeof decodeProtectedHeader>; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    throw new UnauthorizedError('malformed');
  }
}

/** Verifies signature and claims; an unknown `kid` makes jose re-fetch a remote key set once (cooldown allowing). */
async function verifyToken(
  token: string,
  client: TrustedClient,
  jku: string | undefined,
  audiences: readonly string[],
  maxLifetimeSeconds: number,
  options: { readonly keySets: ClientKeySets; readonly now: () => Date }
): Promise<JWTPayload> {
  const getKey = options.keySets.getKeySet(client, jku);
  if (!getKey) throw new UnauthorizedError('no-keys');
  try {
    const { payload } = await jwtVerify(token, getKey, {
      issuer: client.iss,
      audience: [...audiences],
      algorithms: [...ACCEPTED_ALGORITHMS],
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
      maxTokenAge: maxLifetimeSeconds,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: options.now(),
    });
    return payload;
  } catch (error) {
    throw toUnauthorized(error);
  }
}

function toUnauthorized(error: unknown): UnauthorizedError {
  if (error instanceof UnauthorizedError) return error;
  if (error instanceof KeySetUnavailableError) return new UnauthorizedError('jwks-unavailable');
  if (error instanceof errors.JWTExpired) return new UnauthorizedError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new UnauthorizedError(`claim-${error.claim}`);
  if (error instanceof errors.JWKSNoMatchingKey) return new UnauthorizedError('unknown-kid');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new UnauthorizedError('signature');
  return new UnauthorizedError('invalid');
}

import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import { InvalidTokenError } from '../fhir/access';

export const AccessTokenClaimsSchema = z.object({
  scope: z.string(),
  patient: z.string().optional(),
  client_id: z.string(),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaimsSchema>;

export interface TokenSignerOptions {
  readonly getIssuer: () => string;
  readonly getFhirBase: () => string;
  readonly now: () => number;
}

/** Signs and verifies the server's JWTs (RS256, one key generated at start, published as a JWK Set). */
export interface TokenSigner {
  readonly jwks: { readonly keys: readonly JWK[] };
  signAccessToken(
    claims: { clientId: string; scope: string; patient?: string },
    lifetimeSeconds: number
  ): Promise<string>;
  signIdToken(
    claims: { clientId: string; user: string; fhirUser?: string; nonce?: string },
    lifetimeSeconds: number
  ): Promise<string>;
  /** Verifies signature, issuer, audience (the FHIR base) and expiry; throws InvalidTokenError otherwise. */
  verifyAccessToken(token: string): Promise<AccessTokenClaims & { exp?: number; sub?: string }>;
}

export async function createTokenSigner(options: TokenSignerOptions): Promise<TokenSigner> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const header = { alg: 'RS256', kid, typ: 'JWT' };
  const nowSeconds = (): number => Math.floor(options.now() / 1000);

  function sign(
    payload: Record<string, unknown>,
    audience: string,
    subject: string,
    lifetime: number,
    key: CryptoKey
  ): Promise<string> {
    const issuedAt = nowSeconds();
    return new SignJWT(payload)
      .setProtectedHeader(header)
      .setIssuer(options.getIssuer())
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetime)
      .setJti(randomUUID())
      .sign(key);
  }

  return {
    jwks: { keys: [jwk] },
    signAccessToken: (claims, lifetimeSeconds) =>
      sign(
        { scope: claims.scope, client_id: claims.clientId, ...(claims.patient ? { patient: claims.patient } : {}) },
        options.getFhirBase(),
        claims.clientId,
        lifetimeSeconds,
        privateKey
      ),
    signIdToken: (claims, lifetimeSeconds) =>
      sign(
        { ...(claims.fhirUser ? { fhirUser: claims.fhirUser } : {}), ...(claims.nonce ? { nonce: claims.nonce } : {}) },
        claims.clientId,
        claims.user.replace('/', '-'),
        lifetimeSeconds,
        privateKey
      ),
    async verifyAccessToken(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: options.getIssuer(),
          audience: options.getFhirBase(),
          algorithms: ['RS256'],
          currentDate: new Date(options.now()),
        });
        return { ...AccessTokenClaimsSchema.parse(payload), exp: payload.exp, sub: payload.sub };
      } catch {
        throw new InvalidTokenError('The access token is invalid or expired');
      }
    },
  };
}

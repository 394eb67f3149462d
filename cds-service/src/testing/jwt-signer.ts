import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export type TestAlgorithm = 'ES384' | 'RS384' | 'ES256' | 'RS256';

export interface TestKey {
  readonly alg: TestAlgorithm;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Generates a signing key and its public JWK (with kid, alg, use). */
export async function generateTestKey(
  alg: TestAlgorithm,
  kid = `${alg.toLowerCase()}-${randomUUID()}`
): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicJwk };
}

export interface SignOptions {
  readonly iss: string;
  readonly aud: string | string[];
  readonly jku?: string;
  readonly expiresInSeconds?: number;
  readonly issuedAtOffsetSeconds?: number;
  readonly jti?: string;
  readonly extraClaims?: Record<string, unknown>;
  readonly kid?: string;
}

/** Signs a CDS client JWT the way the CDS Hooks Sandbox (ES384) or Epic (RS384 + sub + nbf) does. */
export async function signClientJwt(key: TestKey, options: SignOptions): Promise<string> {
  const nowSeconds = Math.floor(Date.now() / 1000) + (options.issuedAtOffsetSeconds ?? 0);
  return new SignJWT({ ...options.extraClaims })
    .setProtectedHeader({
      alg: key.alg,
      kid: options.kid ?? key.kid,
      typ: 'JWT',
      ...(options.jku ? { jku: options.jku } : {}),
    })
    .setIssuer(options.iss)
    .setAudience(options.aud)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + (options.expiresInSeconds ?? 300))
    .setJti(options.jti ?? randomUUID())
    .sign(key.privateKey);
}

/** An unsigned token (`alg: none`), to prove it is refused. */
export function buildUnsecuredJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

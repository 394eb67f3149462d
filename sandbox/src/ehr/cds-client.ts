import { randomUUID } from 'node:crypto';
import {
  CdsDiscoveryResponseSchema,
  CdsServiceResponseSchema,
  type CdsDiscoveryResponse,
  type CdsServiceResponse,
  type FeedbackItem,
} from '@tachywatch/shared';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** The mini EHR's identity as a CDS client: an ES384 key pair, published as a JWK Set and trusted by the service. */
export interface CdsClientIdentity {
  readonly issuer: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwks: { readonly keys: readonly JWK[] };
}

export async function createCdsClientIdentity(issuer: string): Promise<CdsClientIdentity> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  return { issuer, kid, privateKey, jwks: { keys: [jwk] } };
}

/** The CDS Hooks 2.0 client JWT: ES384, `aud` = the exact URL called, 5-minute lifetime, a fresh `jti`. */
export function signClientJwt(identity: CdsClientIdentity, audience: string, jwksUrl?: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: identity.kid, typ: 'JWT', ...(jwksUrl ? { jku: jwksUrl } : {}) })
    .setIssuer(identity.issuer)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(identity.privateKey);
}

export class CdsCallError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = 'CdsCallError';
  }
}

/** Calls a CDS service the way an EHR backend does: signed JWT on every call, responses validated. */
export class CdsClient {
  constructor(
    private readonly identity: CdsClientIdentity,
    private readonly getCdsBase: () => string,
    private readonly fetchImpl: typeof fetch = fetch
  ) {}

  private async post(url: string, body: unknown): Promise<Response> {
    return this.fetchImpl(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        Authorization: `Bearer ${await signClientJwt(this.identity, url)}`,
      },
      body: JSON.stringify(body),
    });
  }

  async fetchDiscovery(): Promise<CdsDiscoveryResponse> {
    const url = `${this.getCdsBase()}/cds-services`;
    const response = await this.fetchImpl(url, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${await signClientJwt(this.identity, url)}` },
    });
    if (!response.ok) throw new CdsCallError(response.status, `Discovery answered HTTP ${response.status}`);
    const parsed = CdsDiscoveryResponseSchema.safeParse(await response.json());
    if (!parsed.success) throw new CdsCallError(502, 'Discovery response does not match CDS Hooks 2.0');
    return parsed.data;
  }

  async callService(serviceId: string, request: unknown): Promise<CdsServiceResponse> {
    const response = await this.post(`${this.getCdsBase()}/cds-services/${encodeURIComponent(serviceId)}`, request);
    if (!response.ok) {
      throw new CdsCallError(
        response.status,
        `Service ${serviceId} answered HTTP ${response.status}: ${await response.text()}`
      );
    }
    const parsed = CdsServiceResponseSchema.safeParse(await response.json());
    if (!parsed.success)
      throw new CdsCallError(502, `Service ${serviceId} returned cards that do not match CDS Hooks 2.0`);
    return parsed.data;
  }

  async sendFeedback(serviceId: string, feedback: readonly FeedbackItem[]): Promise<void> {
    const url = `${this.getCdsBase()}/cds-services/${encodeURIComponent(serviceId)}/feedback`;
    const response = await this.post(url, { feedback });
    if (!response.ok) throw new CdsCallError(response.status, `Feedback answered HTTP ${response.status}`);
  }
}

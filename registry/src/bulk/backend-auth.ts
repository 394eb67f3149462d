import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { importJWK, SignJWT, type JWK } from 'jose';
import { z } from 'zod';
import { RegistryError } from '../errors';

/** Algorithms SMART Backend Services servers must accept for client assertions. */
export const ASSERTION_ALGORITHMS = ['ES384', 'RS384'] as const;
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Client assertions live 5 minutes at most (SMART Backend Services); ours live 4. */
const ASSERTION_SECONDS = 240;
/** Renew an access token this long before it expires. */
const RENEW_MARGIN_SECONDS = 30;

const PrivateJwkSchema = z.looseObject({
  kty: z.enum(['EC', 'RSA']),
  d: z.string().min(1),
  kid: z.string().min(1),
  alg: z.enum(ASSERTION_ALGORITHMS),
});

const SmartConfigurationSchema = z.looseObject({ token_endpoint: z.url() });
const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
});
const TokenErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });

export interface BackendCredentials {
  readonly clientId: string;
  /** The client's private JWK (EC P-384 or RSA) with its `kid` and `alg` (ES384 or RS384). */
  readonly privateJwk: JWK;
}

/** Reads a private JWK file as `registry keygen` writes it. */
export function readPrivateJwk(path: string): JWK {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new RegistryError(`--key ${path}: not a readable JSON file (make one with: npm run registry -- keygen)`);
  }
  const parsed = PrivateJwkSchema.safeParse(value);
  if (!parsed.success) {
    throw new RegistryError(`--key ${path}: not a private JWK with kid and alg ES384 or RS384`);
  }
  return parsed.data;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Access tokens for a SMART Backend Services client: discovers the token endpoint from the FHIR server's
 * `.well-known/smart-configuration`, authenticates with a fresh `private_key_jwt` assertion per request
 * (`client_credentials` grant) and renews the token before it expires.
 */
export class BackendTokenSource {
  private tokenEndpoint: string | undefined;
  private token: { value: string; renewAt: number } | undefined;

  constructor(
    private readonly fhirBase: string,
    private readonly credentials: BackendCredentials,
    private readonly scope: string,
    private readonly fetchImpl: typeof fetch = fetch
  ) {}

  private async discover(): Promise<string> {
    if (this.tokenEndpoint) return this.tokenEndpoint;
    const url = `${this.fhirBase}/.well-known/smart-configuration`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { headers: { Accept: 'application/json' } });
    } catch {
      throw new RegistryError(`Could not reach ${url}`);
    }
    const parsed = SmartConfigurationSchema.safeParse(response.ok ? await readJson(response) : undefined);
    if (!parsed.success) {
      throw new RegistryError(`${url} answered ${response.status} without a token_endpoint: is this a SMART server?`);
    }
    this.tokenEndpoint = parsed.data.token_endpoint;
    return this.tokenEndpoint;
  }

  private async signAssertion(audience: string): Promise<string> {
    const jwk = this.credentials.privateJwk;
    const alg = jwk.alg as string;
    const key = await importJWK(jwk, alg);
    const issuedAt = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg, kid: jwk.kid, typ: 'JWT' })
      .setIssuer(this.credentials.clientId)
      .setSubject(this.credentials.clientId)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_SECONDS)
      .setJti(randomUUID())
      .sign(key);
  }

  /** Forgets the cached token (after a 401), so the next call asks for a new one. */
  invalidate(): void {
    this.token = undefined;
  }

  async getToken(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return this.token.value;
    const endpoint = await this.discover();
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: this.scope,
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await this.signAssertion(endpoint),
    });
    let response: Response;
    try {
      response = await this.fetchImpl(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body,
      });
    } catch {
      throw new RegistryError(`Could not reach the token endpoint ${endpoint}`);
    }
    const json = await readJson(response);
    if (!response.ok) {
      const failure = TokenErrorSchema.safeParse(json);
      const why = failure.success
        ? `${failure.data.error}${failure.data.error_description ? `: ${failure.data.error_description}` : ''}`
        : `HTTP ${response.status}`;
      throw new RegistryError(`The authorization server refused the token request (${why})`);
    }
    const parsed = TokenResponseSchema.safeParse(json);
    if (!parsed.success) throw new RegistryError('The token endpoint answered without a bearer access_token');
    const lifetime = parsed.data.expires_in ?? 300;
    this.token = {
      value: parsed.data.access_token,
      renewAt: Date.now() + Math.max(1, lifetime - RENEW_MARGIN_SECONDS) * 1000,
    };
    return this.token.value;
  }
}

import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { JWK } from 'jose';
import { z } from 'zod';
import { BACKEND_SIGNING_ALGORITHMS, createClientAssertionVerifier } from './client-assertion';
import { NO_STORE, readParams } from './request-params';
import { parseResourceScope, splitScopes } from './scopes';
import { TokenRequestError } from './token-request-error';

export { BACKEND_SIGNING_ALGORITHMS, CLIENT_ASSERTION_TYPE } from './client-assertion';

const PublicJwkSchema = z
  .looseObject({ kty: z.enum(['RSA', 'EC']), kid: z.string().min(1).max(200).optional() })
  .refine((key) => !('d' in key), 'a JWK Set for registration must hold public keys only');

export const BackendClientRegistrationSchema = z.object({
  client_name: z.string().min(1).max(200),
  jwks: z.object({ keys: z.array(PublicJwkSchema).min(1).max(10) }),
  /** The system scopes the client may ask for (default `system/*.rs`). */
  scope: z.string().max(2000).optional(),
  token_endpoint_auth_method: z.literal('private_key_jwt').optional(),
  grant_types: z.array(z.literal('client_credentials')).optional(),
});
export type BackendClientRegistration = z.infer<typeof BackendClientRegistrationSchema>;

export interface BackendClient {
  readonly clientId: string;
  readonly name: string;
  readonly jwks: { readonly keys: readonly JWK[] };
  readonly allowedScopes: readonly string[];
}

export interface BackendServicesOptions {
  readonly getTokenEndpoint: () => string;
  readonly getRegistrationEndpoint: () => string;
  /** Mints the access token (the authorization server's own format and key). */
  readonly mintAccessToken: (request: { clientId: string; scope: string }) => Promise<{
    access_token: string;
    expires_in: number;
  }>;
  readonly now?: () => number;
}

export interface BackendServices {
  /** Mount before the authorization server's router: answers `client_credentials` token requests and `/register`. */
  readonly router: Router;
  registerClient(registration: BackendClientRegistration, clientId?: string): BackendClient;
  /** Merges the backend-services capabilities into a SMART configuration document. */
  extendSmartConfiguration(configuration: Record<string, unknown>): Record<string, unknown>;
}

function isSystemScope(scope: string): boolean {
  return parseResourceScope(scope)?.level === 'system';
}

function mergeList(configuration: Record<string, unknown>, key: string, extra: readonly string[]): string[] {
  const current = Array.isArray(configuration[key]) ? (configuration[key] as unknown[]) : [];
  return [...new Set([...current.filter((item): item is string => typeof item === 'string'), ...extra])];
}

/** The requested scopes this client may have: system scopes it was registered for (none means refused). */
function grantSystemScopes(client: BackendClient, requestedScope: string | undefined): string {
  const requested = splitScopes(requestedScope);
  if (requested.length === 0) throw new TokenRequestError(400, 'invalid_scope', 'scope is required');
  const granted = requested.filter((scope) => isSystemScope(scope) && client.allowedScopes.includes(scope));
  if (granted.length === 0) {
    throw new TokenRequestError(
      400,
      'invalid_scope',
      'None of the requested scopes is granted to this client (system/ scopes only)'
    );
  }
  return granted.join(' ');
}

/** The SMART configuration with the backend-services capabilities merged in. */
function addBackendCapabilities(
  configuration: Record<string, unknown>,
  registrationEndpoint: string
): Record<string, unknown> {
  return {
    ...configuration,
    registration_endpoint: registrationEndpoint,
    grant_types_supported: mergeList(configuration, 'grant_types_supported', ['client_credentials']),
    token_endpoint_auth_methods_supported: mergeList(configuration, 'token_endpoint_auth_methods_supported', [
      'private_key_jwt',
    ]),
    token_endpoint_auth_signing_alg_values_supported: [...BACKEND_SIGNING_ALGORITHMS],
    scopes_supported: mergeList(configuration, 'scopes_supported', ['system/*.rs', 'system/*.read']),
    capabilities: mergeList(configuration, 'capabilities', ['client-confidential-asymmetric']),
  };
}

/** `POST /register`: registers a client from its metadata (RFC 7591) and answers with its id. */
function handleRegistration(registerClient: BackendServices['registerClient']): (req: Request, res: Response) => void {
  return (req, res) => {
    const parsed = BackendClientRegistrationSchema.safeParse(req.body);
    if (!parsed.success) {
      res
        .status(400)
        .set(NO_STORE)
        .json({ error: 'invalid_client_metadata', error_description: z.prettifyError(parsed.error) });
      return;
    }
    const client = registerClient(parsed.data);
    res
      .status(201)
      .set(NO_STORE)
      .json({
        client_id: client.clientId,
        client_name: client.name,
        token_endpoint_auth_method: 'private_key_jwt',
        grant_types: ['client_credentials'],
        scope: client.allowedScopes.join(' '),
      });
  };
}

/**
 * SMART Backend Services for the sandbox: confidential asymmetric clients registered with a JWK Set, the
 * `client_credentials` grant authenticated by a `private_key_jwt` client assertion (RS384 or ES384, `iss` = `sub` =
 * client id, `aud` = the token endpoint, at most 5 minutes to `exp`, `jti` never reused), `system/` scopes only.
 */
export function createBackendServices(options: BackendServicesOptions): BackendServices {
  const now = options.now ?? ((): number => Date.now());
  const clients = new Map<string, BackendClient>();
  const authenticate = createClientAssertionVerifier({
    findClient: (clientId) => clients.get(clientId),
    getTokenEndpoint: options.getTokenEndpoint,
    now,
  });

  async function handleToken(params: Record<string, string>): Promise<Record<string, unknown>> {
    const client = await authenticate(params);
    const scope = grantSystemScopes(client, params.scope);
    const token = await options.mintAccessToken({ clientId: client.clientId, scope });
    return { access_token: token.access_token, token_type: 'bearer', expires_in: token.expires_in, scope };
  }

  const server: BackendServices = {
    router: express.Router(),
    registerClient(registration, clientId = randomUUID()) {
      const client: BackendClient = {
        clientId,
        name: registration.client_name,
        jwks: { keys: registration.jwks.keys },
        allowedScopes: splitScopes(registration.scope ?? 'system/*.rs').filter(isSystemScope),
      };
      clients.set(clientId, client);
      return client;
    },
    extendSmartConfiguration: (configuration) =>
      addBackendCapabilities(configuration, options.getRegistrationEndpoint()),
  };

  const router = server.router;
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.post('/token', (req: Request, res: Response, next) => {
    const params = readParams(req);
    if (params.grant_type !== 'client_credentials') {
      next();
      return;
    }
    handleToken(params).then(
      (body) => res.status(200).set(NO_STORE).json(body),
      (error: unknown) => {
        if (!(error instanceof TokenRequestError)) {
          next(error);
          return;
        }
        res.status(error.status).set(NO_STORE).json({ error: error.error, error_description: error.message });
      }
    );
  });
  router.post(
    '/register',
    express.json({ limit: '64kb' }),
    handleRegistration((registration) => server.registerClient(registration))
  );
  return server;
}

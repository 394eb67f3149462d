import express, { type Router } from 'express';
import type { AccessContext } from '../fhir/access';
import type { SmartEndpoints } from '@tachywatch/fhir-core';
import { applyCors } from '../support/cors';
import type { AuthContext } from './auth-context';
import { registerAuthorizeRoutes } from './authorize-routes';
import type { RegisteredClient } from './clients';
import { LAUNCH_SECONDS, createGrantStore, newSecret } from './grant-store';
import type { LaunchRequest } from './launch-request';
import { registerLaunchRoute } from './launch-route';
import { buildAccessContext } from './scopes';
import { buildSmartConfiguration } from './smart-configuration';
import { createTokenSigner } from './token-signer';
import { registerTokenRoutes } from './token-routes';

export { MAX_LIVE_GRANTS } from './grant-store';
export { LaunchRequestSchema, SIMULATED_ERRORS, type LaunchRequest, type SimulatedError } from './launch-request';

export interface AuthServerOptions {
  /** The FHIR base URL the tokens are for (`aud`). */
  readonly getFhirBase: () => string;
  /** The authorization server's base URL, e.g. `http://127.0.0.1:4001/auth`. */
  readonly getIssuer: () => string;
  /** Patients offered by the standalone-launch patient picker. */
  readonly listPatients: () => readonly { readonly id: string; readonly name: string }[];
  readonly defaultUser: string;
  readonly now?: () => number;
  readonly accessTokenSeconds?: number;
}

export interface MintedToken {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
}

export interface AuthServer {
  readonly router: Router;
  registerClient(client: RegisteredClient): void;
  mintLaunch(request: LaunchRequest): string;
  /** A token for a backend party (the CDS service's `fhirAuthorization`), same format as app tokens. */
  mintAccessToken(request: { clientId: string; scope: string; patient?: string }): Promise<MintedToken>;
  verifyAccessToken(token: string): Promise<AccessContext>;
  getSmartConfiguration(): Record<string, unknown>;
  getEndpoints(): SmartEndpoints;
  /** How many launches, codes and pending consents are held (each bounded by MAX_LIVE_GRANTS and swept). */
  countLiveGrants(): { launches: number; codes: number; pending: number };
}

/** The SMART App Launch 2.x authorization server: EHR and standalone launch, public clients with PKCE S256. */
export async function createAuthServer(options: AuthServerOptions): Promise<AuthServer> {
  const now = options.now ?? ((): number => Date.now());
  const tokenSeconds = options.accessTokenSeconds ?? 3600;
  const signer = await createTokenSigner({ getIssuer: options.getIssuer, getFhirBase: options.getFhirBase, now });
  const clients = new Map<string, RegisteredClient>();
  const grants = createGrantStore();
  const endpoint = (path: string): string => `${options.getIssuer()}${path}`;

  function mintLaunch(request: LaunchRequest): string {
    const launch = newSecret();
    grants.launches.set(launch, { ...request, expiresAt: now() + LAUNCH_SECONDS * 1000 }, now());
    return launch;
  }

  const context: AuthContext = {
    getFhirBase: options.getFhirBase,
    listPatients: options.listPatients,
    defaultUser: options.defaultUser,
    now,
    tokenSeconds,
    clients,
    grants,
    signer,
    endpoint,
    mintLaunch,
  };
  const router = express.Router();
  router.use(applyCors);
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(express.json({ limit: '64kb' }));
  registerAuthorizeRoutes(router, context);
  registerTokenRoutes(router, context);
  registerLaunchRoute(router, context);
  router.get('/jwks', (_req, res) => {
    res.json(signer.jwks);
  });

  return {
    router,
    registerClient(client) {
      clients.set(client.clientId, client);
    },
    mintLaunch,
    async mintAccessToken(request) {
      const accessToken = await signer.signAccessToken(request, tokenSeconds);
      return { access_token: accessToken, token_type: 'Bearer', expires_in: tokenSeconds, scope: request.scope };
    },
    async verifyAccessToken(token) {
      const claims = await signer.verifyAccessToken(token);
      return buildAccessContext(claims.scope, claims.patient);
    },
    countLiveGrants: () => ({
      launches: grants.launches.size,
      codes: grants.codes.size,
      pending: grants.pending.size,
    }),
    getEndpoints: () => ({ authorize: endpoint('/authorize'), token: endpoint('/token') }),
    getSmartConfiguration: () => buildSmartConfiguration(options.getIssuer()),
  };
}

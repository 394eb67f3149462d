import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AccessContext } from '../fhir/access';
import type { SmartEndpoints } from '@tachywatch/fhir-core';
import { applyCors } from '../support/cors';
import type { RegisteredClient } from './clients';
import { LaunchRequestSchema, type LaunchRequest, type SimulatedError } from './launch-request';
import { buildPatientPickerPage } from './patient-picker';
import { isPkceVerified, isValidCodeChallenge } from './pkce';
import { buildAccessContext, grantScopes, parseResourceScope, splitScopes } from './scopes';
import { ExpiringMap } from './expiring-map';
import { createTokenSigner } from './token-signer';

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

interface Launch extends LaunchRequest {
  readonly expiresAt: number;
}

interface AuthorizeParams {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly codeChallenge: string;
  readonly scopes: readonly string[];
  readonly launch?: Launch;
  readonly nonce?: string;
}

interface CodeGrant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly patient?: string;
  readonly encounter?: string;
  readonly appContext?: string;
  readonly user: string;
  readonly needPatientBanner: boolean;
  readonly nonce?: string;
  readonly simulateError?: SimulatedError;
  readonly expiresAt: number;
}

const LAUNCH_SECONDS = 600;
const CODE_SECONDS = 60;
const PENDING_SECONDS = 600;
/** Live launches, codes and pending consents each: far above what testers create in ten minutes. */
export const MAX_LIVE_GRANTS = 10_000;
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

class AuthorizeError extends Error {
  constructor(
    readonly error: string,
    message: string
  ) {
    super(message);
  }
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function getParams(req: Request): Record<string, string> {
  const source = req.method === 'POST' ? (req.body as unknown) : req.query;
  const params: Record<string, string> = {};
  if (source && typeof source === 'object') {
    for (const [key, value] of Object.entries(source)) if (typeof value === 'string') params[key] = value;
  }
  return params;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** The SMART App Launch 2.x authorization server: EHR and standalone launch, public clients with PKCE S256. */
export async function createAuthServer(options: AuthServerOptions): Promise<AuthServer> {
  const now = options.now ?? ((): number => Date.now());
  const tokenSeconds = options.accessTokenSeconds ?? 3600;
  const signer = await createTokenSigner({ getIssuer: options.getIssuer, getFhirBase: options.getFhirBase, now });
  const clients = new Map<string, RegisteredClient>();
  const launches = new ExpiringMap<Launch>(MAX_LIVE_GRANTS);
  const codes = new ExpiringMap<CodeGrant>(MAX_LIVE_GRANTS);
  const pending = new ExpiringMap<AuthorizeParams & { expiresAt: number }>(MAX_LIVE_GRANTS);

  const endpoint = (path: string): string => `${options.getIssuer()}${path}`;

  function parseAuthorizeRequest(params: Record<string, string>): AuthorizeParams {
    if (params.response_type !== 'code')
      throw new AuthorizeError('unsupported_response_type', 'response_type must be code');
    if (!params.state) throw new AuthorizeError('invalid_request', 'state is required');
    if (!params.code_challenge) throw new AuthorizeError('invalid_request', 'PKCE is required: send code_challenge');
    if (params.code_challenge_method !== 'S256') {
      throw new AuthorizeError('invalid_request', 'code_challenge_method must be S256 (plain is not supported)');
    }
    if (!isValidCodeChallenge(params.code_challenge))
      throw new AuthorizeError('invalid_request', 'Malformed code_challenge');
    if (!params.aud || trimSlash(params.aud) !== trimSlash(options.getFhirBase())) {
      throw new AuthorizeError('invalid_request', `aud must be the FHIR base URL ${options.getFhirBase()}`);
    }
    const scopes = splitScopes(params.scope);
    if (scopes.length === 0) throw new AuthorizeError('invalid_scope', 'scope is required');
    let launch: Launch | undefined;
    if (params.launch !== undefined) {
      launch = launches.get(params.launch, now());
      if (!launch) throw new AuthorizeError('invalid_request', 'Unknown or expired launch parameter');
      if (launch.simulateError === 'auth_invalid_scope')
        throw new AuthorizeError('invalid_scope', 'Simulated invalid scope error');
    } else if (scopes.includes('launch')) {
      throw new AuthorizeError('invalid_request', "The 'launch' scope needs a launch parameter (EHR launch)");
    }
    return {
      clientId: params.client_id ?? '',
      redirectUri: params.redirect_uri ?? '',
      state: params.state,
      codeChallenge: params.code_challenge,
      scopes,
      launch,
      nonce: params.nonce,
    };
  }

  function issueCode(request: AuthorizeParams, patient: string | undefined): string {
    const launch = request.launch;
    const scope = grantScopes(request.scopes, {
      hasLaunch: launch !== undefined,
      hasPatient: patient !== undefined,
      hasEncounter: launch?.encounter !== undefined,
    }).join(' ');
    const code = newSecret();
    codes.set(
      code,
      {
        clientId: request.clientId,
        redirectUri: request.redirectUri,
        codeChallenge: request.codeChallenge,
        scope,
        patient,
        encounter: launch?.encounter,
        appContext: launch?.appContext,
        user: launch?.user ?? options.defaultUser,
        needPatientBanner: launch?.needPatientBanner ?? launch === undefined,
        nonce: request.nonce,
        simulateError: launch?.simulateError,
        expiresAt: now() + CODE_SECONDS * 1000,
      },
      now()
    );
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', request.state);
    return target.toString();
  }

  function redirectWithError(
    res: Response,
    redirectUri: string,
    error: AuthorizeError,
    state: string | undefined
  ): void {
    const target = new URL(redirectUri);
    target.searchParams.set('error', error.error);
    target.searchParams.set('error_description', error.message);
    if (state) target.searchParams.set('state', state);
    res.redirect(302, target.toString());
  }

  function renderPatientPicker(res: Response, requestId: string): void {
    const page = buildPatientPickerPage(endpoint('/authorize/select'), requestId, options.listPatients());
    res.status(200).set(NO_STORE).type('html').send(page);
  }

  function handleAuthorize(req: Request, res: Response): void {
    const params = getParams(req);
    const client = clients.get(params.client_id ?? '');
    const launch = params.launch === undefined ? undefined : launches.get(params.launch, now());
    if (!client || launch?.simulateError === 'auth_invalid_client_id') {
      res.status(400).set(NO_STORE).json({ error: 'invalid_client', error_description: 'Unknown client_id' });
      return;
    }
    if (!params.redirect_uri || !client.redirectUris.includes(params.redirect_uri)) {
      res.status(400).set(NO_STORE).json({
        error: 'invalid_request',
        error_description: 'redirect_uri does not exactly match a URI registered for this client',
      });
      return;
    }
    try {
      const request = parseAuthorizeRequest(params);
      const needsPicker =
        !request.launch &&
        (request.scopes.includes('launch/patient') ||
          request.scopes.some((scope) => parseResourceScope(scope)?.level === 'patient'));
      if (needsPicker) {
        const requestId = newSecret();
        pending.set(requestId, { ...request, expiresAt: now() + PENDING_SECONDS * 1000 }, now());
        renderPatientPicker(res, requestId);
        return;
      }
      res.redirect(302, issueCode(request, request.launch?.patient));
    } catch (error) {
      if (!(error instanceof AuthorizeError)) throw error;
      redirectWithError(res, params.redirect_uri, error, params.state);
    }
  }

  function sendTokenError(res: Response, status: number, error: string, description: string): void {
    res.status(status).set(NO_STORE).json({ error, error_description: description });
  }

  async function handleToken(req: Request, res: Response): Promise<void> {
    const params = getParams(req);
    if (params.grant_type !== 'authorization_code') {
      sendTokenError(res, 400, 'unsupported_grant_type', 'Only authorization_code is supported');
      return;
    }
    const code = params.code ?? '';
    const grant = codes.get(code, now());
    // Single use: the code is spent on its first presentation, whatever the outcome.
    codes.delete(code);
    if (!grant) {
      sendTokenError(res, 400, 'invalid_grant', 'Unknown, used or expired authorization code');
      return;
    }
    if (params.client_id !== grant.clientId) {
      sendTokenError(res, 400, 'invalid_grant', 'client_id does not match the authorization request');
      return;
    }
    if (params.redirect_uri !== grant.redirectUri) {
      sendTokenError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      return;
    }
    if (!params.code_verifier) {
      sendTokenError(res, 400, 'invalid_request', 'code_verifier is required (PKCE)');
      return;
    }
    if (!isPkceVerified(params.code_verifier, grant.codeChallenge)) {
      sendTokenError(res, 400, 'invalid_grant', 'code_verifier does not match the code_challenge');
      return;
    }
    if (grant.simulateError === 'token_invalid_token') {
      sendTokenError(res, 400, 'invalid_grant', 'Simulated invalid token error');
      return;
    }
    const lifetime = grant.simulateError === 'request_expired_token' ? -60 : tokenSeconds;
    const accessToken = await signer.signAccessToken(
      { clientId: grant.clientId, scope: grant.scope, patient: grant.patient },
      lifetime
    );
    const granted = splitScopes(grant.scope);
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: tokenSeconds,
      scope: grant.scope,
      need_patient_banner: grant.needPatientBanner,
      ...(grant.patient ? { patient: grant.patient } : {}),
      ...(grant.encounter ? { encounter: grant.encounter } : {}),
      ...(grant.appContext !== undefined ? { appContext: grant.appContext } : {}),
    };
    if (granted.includes('openid')) {
      body.id_token = await signer.signIdToken(
        {
          clientId: grant.clientId,
          user: grant.user,
          fhirUser: granted.includes('fhirUser') ? `${options.getFhirBase()}/${grant.user}` : undefined,
          nonce: grant.nonce,
        },
        tokenSeconds
      );
    }
    res.status(200).set(NO_STORE).json(body);
  }

  async function verifyAccessToken(token: string): Promise<AccessContext> {
    const claims = await signer.verifyAccessToken(token);
    return buildAccessContext(claims.scope, claims.patient);
  }

  const router = express.Router();
  router.use(applyCors);
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(express.json({ limit: '64kb' }));
  router.get('/authorize', handleAuthorize);
  router.post('/authorize', handleAuthorize);
  router.post('/authorize/select', (req, res) => {
    const params = getParams(req);
    const request = pending.get(params.request ?? '', now());
    if (!request) {
      res.status(400).type('text').send('This authorization request has expired; start the launch again.');
      return;
    }
    const patient = options.listPatients().find((candidate) => candidate.id === params.patient);
    if (!patient) {
      renderPatientPicker(res, params.request ?? '');
      return;
    }
    pending.delete(params.request ?? '');
    res.redirect(302, issueCode(request, patient.id));
  });
  router.post('/token', (req, res, next) => {
    handleToken(req, res).catch(next);
  });
  router.post('/introspect', (req, res) => {
    signer.verifyAccessToken(getParams(req).token ?? '').then(
      (claims) => res.set(NO_STORE).json({ active: true, ...claims }),
      () => res.set(NO_STORE).json({ active: false })
    );
  });
  router.post('/launch', (req, res) => {
    const parsed = LaunchRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_request', error_description: z.prettifyError(parsed.error) });
      return;
    }
    if (!options.listPatients().some((patient) => patient.id === parsed.data.patient)) {
      res.status(400).json({ error: 'invalid_request', error_description: 'Unknown patient' });
      return;
    }
    res.status(201).json({ launch: server.mintLaunch(parsed.data) });
  });
  router.get('/jwks', (_req, res) => {
    res.json(signer.jwks);
  });

  const server: AuthServer = {
    router,
    registerClient(client) {
      clients.set(client.clientId, client);
    },
    mintLaunch(request) {
      const launch = newSecret();
      launches.set(launch, { ...request, expiresAt: now() + LAUNCH_SECONDS * 1000 }, now());
      return launch;
    },
    async mintAccessToken(request) {
      const accessToken = await signer.signAccessToken(request, tokenSeconds);
      return { access_token: accessToken, token_type: 'Bearer', expires_in: tokenSeconds, scope: request.scope };
    },
    verifyAccessToken,
    countLiveGrants: () => ({ launches: launches.size, codes: codes.size, pending: pending.size }),
    getEndpoints: () => ({ authorize: endpoint('/authorize'), token: endpoint('/token') }),
    getSmartConfiguration: () => ({
      issuer: options.getIssuer(),
      jwks_uri: endpoint('/jwks'),
      authorization_endpoint: endpoint('/authorize'),
      token_endpoint: endpoint('/token'),
      introspection_endpoint: endpoint('/introspect'),
      grant_types_supported: ['authorization_code'],
      token_endpoint_auth_methods_supported: ['none'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: [
        'openid',
        'fhirUser',
        'launch',
        'launch/patient',
        'patient/*.rs',
        'user/*.rs',
        'patient/*.read',
      ],
      capabilities: [
        'launch-ehr',
        'launch-standalone',
        'authorize-post',
        'client-public',
        'sso-openid-connect',
        'context-banner',
        'context-ehr-patient',
        'context-ehr-encounter',
        'context-standalone-patient',
        'permission-patient',
        'permission-user',
        'permission-v1',
        'permission-v2',
      ],
    }),
  };
  return server;
}

import type { Request, Response, Router } from 'express';
import type { AuthContext } from './auth-context';
import { CODE_SECONDS, PENDING_SECONDS, newSecret, type AuthorizeParams, type Launch } from './grant-store';
import { buildPatientPickerPage } from './patient-picker';
import { isValidCodeChallenge } from './pkce';
import { NO_STORE, readParams } from './request-params';
import { grantScopes, parseResourceScope, splitScopes } from './scopes';

/** An error the client learns about through its redirect URI (RFC 6749 §4.1.2.1). */
class AuthorizeError extends Error {
  constructor(
    readonly error: string,
    message: string
  ) {
    super(message);
  }
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

function parseAuthorizeRequest(context: AuthContext, params: Record<string, string>): AuthorizeParams {
  if (params.response_type !== 'code')
    throw new AuthorizeError('unsupported_response_type', 'response_type must be code');
  if (!params.state) throw new AuthorizeError('invalid_request', 'state is required');
  if (!params.code_challenge) throw new AuthorizeError('invalid_request', 'PKCE is required: send code_challenge');
  if (params.code_challenge_method !== 'S256') {
    throw new AuthorizeError('invalid_request', 'code_challenge_method must be S256 (plain is not supported)');
  }
  if (!isValidCodeChallenge(params.code_challenge))
    throw new AuthorizeError('invalid_request', 'Malformed code_challenge');
  if (!params.aud || trimSlash(params.aud) !== trimSlash(context.getFhirBase())) {
    throw new AuthorizeError('invalid_request', `aud must be the FHIR base URL ${context.getFhirBase()}`);
  }
  const scopes = splitScopes(params.scope);
  if (scopes.length === 0) throw new AuthorizeError('invalid_scope', 'scope is required');
  let launch: Launch | undefined;
  if (params.launch !== undefined) {
    launch = context.grants.launches.get(params.launch, context.now());
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

/** Stores a single-use code for the request and returns the redirect that hands it to the client. */
function issueCode(context: AuthContext, request: AuthorizeParams, patient: string | undefined): string {
  const launch = request.launch;
  const scope = grantScopes(request.scopes, {
    hasLaunch: launch !== undefined,
    hasPatient: patient !== undefined,
    hasEncounter: launch?.encounter !== undefined,
  }).join(' ');
  const code = newSecret();
  const now = context.now();
  context.grants.codes.set(
    code,
    {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scope,
      patient,
      encounter: launch?.encounter,
      appContext: launch?.appContext,
      user: launch?.user ?? context.defaultUser,
      needPatientBanner: launch?.needPatientBanner ?? launch === undefined,
      nonce: request.nonce,
      simulateError: launch?.simulateError,
      expiresAt: now + CODE_SECONDS * 1000,
    },
    now
  );
  const target = new URL(request.redirectUri);
  target.searchParams.set('code', code);
  target.searchParams.set('state', request.state);
  return target.toString();
}

function redirectWithError(res: Response, redirectUri: string, error: AuthorizeError, state: string | undefined): void {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error.error);
  target.searchParams.set('error_description', error.message);
  if (state) target.searchParams.set('state', state);
  res.redirect(302, target.toString());
}

function renderPatientPicker(context: AuthContext, res: Response, requestId: string): void {
  const page = buildPatientPickerPage(context.endpoint('/authorize/select'), requestId, context.listPatients());
  res.status(200).set(NO_STORE).type('html').send(page);
}

/** A standalone launch that asks for patient access needs the patient picker before a code. */
function needsPatientPicker(request: AuthorizeParams): boolean {
  return (
    !request.launch &&
    (request.scopes.includes('launch/patient') ||
      request.scopes.some((scope) => parseResourceScope(scope)?.level === 'patient'))
  );
}

function handleAuthorize(context: AuthContext, req: Request, res: Response): void {
  const params = readParams(req);
  const client = context.clients.get(params.client_id ?? '');
  const launch = params.launch === undefined ? undefined : context.grants.launches.get(params.launch, context.now());
  if (!client || launch?.simulateError === 'auth_invalid_client_id') {
    res.status(400).set(NO_STORE).json({ error: 'invalid_client', error_description: 'Unknown client_id' });
    return;
  }
  // An unregistered redirect URI is never redirected to (RFC 6749 §4.1.2.1): the error is shown here instead.
  if (!params.redirect_uri || !client.redirectUris.includes(params.redirect_uri)) {
    res.status(400).set(NO_STORE).json({
      error: 'invalid_request',
      error_description: 'redirect_uri does not exactly match a URI registered for this client',
    });
    return;
  }
  try {
    const request = parseAuthorizeRequest(context, params);
    if (needsPatientPicker(request)) {
      const requestId = newSecret();
      const now = context.now();
      context.grants.pending.set(requestId, { ...request, expiresAt: now + PENDING_SECONDS * 1000 }, now);
      renderPatientPicker(context, res, requestId);
      return;
    }
    res.redirect(302, issueCode(context, request, request.launch?.patient));
  } catch (error) {
    if (!(error instanceof AuthorizeError)) throw error;
    redirectWithError(res, params.redirect_uri, error, params.state);
  }
}

/** The patient picker's answer: the pending request gets its code for the chosen patient. */
function handlePatientSelected(context: AuthContext, req: Request, res: Response): void {
  const params = readParams(req);
  const requestId = params.request ?? '';
  const request = context.grants.pending.get(requestId, context.now());
  if (!request) {
    res.status(400).type('text').send('This authorization request has expired; start the launch again.');
    return;
  }
  const patient = context.listPatients().find((candidate) => candidate.id === params.patient);
  if (!patient) {
    renderPatientPicker(context, res, requestId);
    return;
  }
  context.grants.pending.delete(requestId);
  res.redirect(302, issueCode(context, request, patient.id));
}

/** `/authorize` (GET and POST) and the standalone patient picker's `/authorize/select`. */
export function registerAuthorizeRoutes(router: Router, context: AuthContext): void {
  router.get('/authorize', (req, res) => handleAuthorize(context, req, res));
  router.post('/authorize', (req, res) => handleAuthorize(context, req, res));
  router.post('/authorize/select', (req, res) => handlePatientSelected(context, req, res));
}

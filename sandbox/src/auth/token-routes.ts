import type { Request, Response, Router } from 'express';
import type { AuthContext } from './auth-context';
import type { CodeGrant } from './grant-store';
import { isPkceVerified } from './pkce';
import { NO_STORE, readParams } from './request-params';
import { splitScopes } from './scopes';

class TokenError extends Error {
  constructor(
    readonly error: string,
    message: string
  ) {
    super(message);
  }
}

/** Spends the code (single use: on its first presentation, whatever the outcome) and checks it against the request. */
function redeemCode(context: AuthContext, params: Record<string, string>): CodeGrant {
  if (params.grant_type !== 'authorization_code') {
    throw new TokenError('unsupported_grant_type', 'Only authorization_code is supported');
  }
  const code = params.code ?? '';
  const grant = context.grants.codes.get(code, context.now());
  context.grants.codes.delete(code);
  if (!grant) throw new TokenError('invalid_grant', 'Unknown, used or expired authorization code');
  if (params.client_id !== grant.clientId) {
    throw new TokenError('invalid_grant', 'client_id does not match the authorization request');
  }
  if (params.redirect_uri !== grant.redirectUri) {
    throw new TokenError('invalid_grant', 'redirect_uri does not match the authorization request');
  }
  if (!params.code_verifier) throw new TokenError('invalid_request', 'code_verifier is required (PKCE)');
  if (!isPkceVerified(params.code_verifier, grant.codeChallenge)) {
    throw new TokenError('invalid_grant', 'code_verifier does not match the code_challenge');
  }
  if (grant.simulateError === 'token_invalid_token') {
    throw new TokenError('invalid_grant', 'Simulated invalid token error');
  }
  return grant;
}

/** The token response: access token, launch context and, with `openid`, an id_token. */
async function buildTokenResponse(context: AuthContext, grant: CodeGrant): Promise<Record<string, unknown>> {
  const lifetime = grant.simulateError === 'request_expired_token' ? -60 : context.tokenSeconds;
  const accessToken = await context.signer.signAccessToken(
    { clientId: grant.clientId, scope: grant.scope, patient: grant.patient },
    lifetime
  );
  const granted = splitScopes(grant.scope);
  const body: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: context.tokenSeconds,
    scope: grant.scope,
    need_patient_banner: grant.needPatientBanner,
    ...(grant.patient ? { patient: grant.patient } : {}),
    ...(grant.encounter ? { encounter: grant.encounter } : {}),
    ...(grant.appContext !== undefined ? { appContext: grant.appContext } : {}),
  };
  if (granted.includes('openid')) {
    body.id_token = await context.signer.signIdToken(
      {
        clientId: grant.clientId,
        user: grant.user,
        fhirUser: granted.includes('fhirUser') ? `${context.getFhirBase()}/${grant.user}` : undefined,
        nonce: grant.nonce,
      },
      context.tokenSeconds
    );
  }
  return body;
}

async function handleToken(context: AuthContext, req: Request, res: Response): Promise<void> {
  let grant: CodeGrant;
  try {
    grant = redeemCode(context, readParams(req));
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    res.status(400).set(NO_STORE).json({ error: error.error, error_description: error.message });
    return;
  }
  res
    .status(200)
    .set(NO_STORE)
    .json(await buildTokenResponse(context, grant));
}

/** `/token` (the authorization_code grant) and `/introspect` (RFC 7662). */
export function registerTokenRoutes(router: Router, context: AuthContext): void {
  router.post('/token', (req, res, next) => {
    handleToken(context, req, res).catch(next);
  });
  router.post('/introspect', (req, res) => {
    context.signer.verifyAccessToken(readParams(req).token ?? '').then(
      (claims) => res.set(NO_STORE).json({ active: true, ...claims }),
      () => res.set(NO_STORE).json({ active: false })
    );
  });
}

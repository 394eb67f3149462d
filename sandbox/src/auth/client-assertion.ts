import { createLocalJWKSet, decodeJwt, jwtVerify, type JWK } from 'jose';
import { JtiReplayGuard } from './jti-replay-guard';
import { TokenRequestError } from './token-request-error';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const BACKEND_SIGNING_ALGORITHMS = ['RS384', 'ES384'] as const;
const MAX_ASSERTION_SECONDS = 300;
const CLOCK_SKEW_SECONDS = 60;
const MAX_JTIS_PER_CLIENT = 10_000;

/** A client that authenticates with a `private_key_jwt` assertion signed by one of its registered keys. */
export interface AssertingClient {
  readonly clientId: string;
  readonly jwks: { readonly keys: readonly JWK[] };
}

export interface ClientAssertionVerifierOptions<C extends AssertingClient> {
  readonly findClient: (clientId: string) => C | undefined;
  readonly getTokenEndpoint: () => string;
  readonly now: () => number;
}

/**
 * Authenticates SMART Backend Services clients: the assertion is an RS384 or ES384 JWT with `iss` = `sub` = the
 * client id, `aud` = the token endpoint, at most 5 minutes to `exp`, and a `jti` never used before by the client.
 */
export function createClientAssertionVerifier<C extends AssertingClient>(
  options: ClientAssertionVerifierOptions<C>
): (params: Record<string, string>) => Promise<C> {
  const replayGuard = new JtiReplayGuard(options.now, CLOCK_SKEW_SECONDS, MAX_JTIS_PER_CLIENT);

  function findAssertingClient(assertion: string): C {
    let clientId: string;
    try {
      const claims = decodeJwt(assertion);
      clientId = typeof claims.iss === 'string' ? claims.iss : '';
    } catch {
      throw new TokenRequestError(401, 'invalid_client', 'The client assertion is not a JWT');
    }
    const client = options.findClient(clientId);
    if (!client) throw new TokenRequestError(401, 'invalid_client', 'Unknown client (register its JWK Set first)');
    return client;
  }

  return async (params) => {
    if (params.client_assertion_type !== CLIENT_ASSERTION_TYPE || !params.client_assertion) {
      throw new TokenRequestError(
        400,
        'invalid_request',
        `client_assertion_type ${CLIENT_ASSERTION_TYPE} and client_assertion are required`
      );
    }
    const client = findAssertingClient(params.client_assertion);
    try {
      const { payload } = await jwtVerify(params.client_assertion, createLocalJWKSet({ keys: [...client.jwks.keys] }), {
        algorithms: [...BACKEND_SIGNING_ALGORITHMS],
        issuer: client.clientId,
        subject: client.clientId,
        audience: options.getTokenEndpoint(),
        requiredClaims: ['exp', 'jti'],
        currentDate: new Date(options.now()),
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      const exp = payload.exp as number;
      if (exp - options.now() / 1000 > MAX_ASSERTION_SECONDS + CLOCK_SKEW_SECONDS) {
        throw new TokenRequestError(401, 'invalid_client', 'The client assertion may live at most 5 minutes');
      }
      replayGuard.claim(client.clientId, payload.jti as string, exp);
    } catch (error) {
      if (error instanceof TokenRequestError) throw error;
      throw new TokenRequestError(
        401,
        'invalid_client',
        'The client assertion failed verification (signature, iss, sub, aud or exp)'
      );
    }
    return client;
  };
}

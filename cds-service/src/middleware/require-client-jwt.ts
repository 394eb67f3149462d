import type { NextFunction, Request, Response } from 'express';
import { decodeJwt } from 'jose';
import type { ClientJwtVerifier } from '../auth/verify-client-jwt';
import { HttpError, UnauthorizedError } from '../errors';
import type { Logger } from '../ops/logger';
import type { ServiceMetrics } from '../ops/metrics';

/** The public URLs of the endpoint called: JWT `aud` must be one of them (one per configured public base URL). */
export function getAudiences(publicBaseUrls: readonly string[], path: string): string[] {
  const clean = path.replace(/\/+$/, '');
  return publicBaseUrls.flatMap((base) => [`${base}${clean}`, `${base}${clean}/`]);
}

const MAX_LOGGED_AUDIENCE_LENGTH = 200;

/**
 * Verifies the CDS client's JWT on every CDS call. A failure is a 401 that says a signed JWT is required and where
 * that is documented, never which check failed; the reason is logged (an `aud` mismatch with what was expected and
 * what came — an audience is a URL, never the token).
 */
export function requireClientJwt(options: {
  readonly enabled: boolean;
  readonly verifier: ClientJwtVerifier;
  /** Read on every call: the defaults follow the port actually bound. */
  readonly publicBaseUrls: () => readonly string[];
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
}) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!options.enabled) {
      next();
      return;
    }
    const audiences = getAudiences(options.publicBaseUrls(), req.path);
    try {
      await options.verifier.verify(req.get('authorization'), audiences);
      next();
    } catch (error) {
      if (error instanceof HttpError && !(error instanceof UnauthorizedError)) {
        next(error);
        return;
      }
      const failure = error instanceof UnauthorizedError ? error : new UnauthorizedError('error');
      options.metrics.authFailures.inc({ reason: failure.reason });
      if (failure.reason === 'claim-aud') {
        const got = describeAudience(req.get('authorization'));
        options.logger.warn(
          { reqId: res.locals.requestId, authFailure: failure.reason, expectedAudiences: audiences, gotAudience: got },
          `CDS client JWT rejected: aud expected one of ${audiences.join(', ')}, got ${got}`
        );
      } else {
        options.logger.warn({ reqId: res.locals.requestId, authFailure: failure.reason }, 'CDS client JWT rejected');
      }
      res.status(401).json(failure.toOperationOutcome());
    }
  };
}

/** The `aud` claim of an unverified bearer JWT, for the log only (cut short; never the token itself). */
function describeAudience(authorization: string | undefined): string {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return '(no token)';
  let aud: unknown;
  try {
    aud = decodeJwt(token).aud;
  } catch {
    return '(unreadable token)';
  }
  const text = Array.isArray(aud) ? aud.map(String).join(' | ') : typeof aud === 'string' ? aud : '(no aud claim)';
  return text.length > MAX_LOGGED_AUDIENCE_LENGTH ? `${text.slice(0, MAX_LOGGED_AUDIENCE_LENGTH)}…` : text;
}

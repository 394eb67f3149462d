import type { NextFunction, Request, Response } from 'express';
import type { ClientJwtVerifier } from '../auth/verify-client-jwt';
import { HttpError, UnauthorizedError } from '../errors';
import type { Logger } from '../ops/logger';
import type { ServiceMetrics } from '../ops/metrics';

/** The public URLs of the endpoint called: JWT `aud` must be one of them (one per configured public base URL). */
export function getAudiences(publicBaseUrls: readonly string[], path: string): string[] {
  const clean = path.replace(/\/+$/, '');
  return publicBaseUrls.flatMap((base) => [`${base}${clean}`, `${base}${clean}/`]);
}

/** Verifies the CDS client's JWT on every CDS call; failure is a bare 401 (no diagnostics), logged by reason only. */
export function requireClientJwt(options: {
  readonly enabled: boolean;
  readonly verifier: ClientJwtVerifier;
  readonly publicBaseUrls: readonly string[];
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
}) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!options.enabled) {
      next();
      return;
    }
    try {
      await options.verifier.verify(req.get('authorization'), getAudiences(options.publicBaseUrls, req.path));
      next();
    } catch (error) {
      if (error instanceof HttpError && !(error instanceof UnauthorizedError)) {
        next(error);
        return;
      }
      const reason = error instanceof UnauthorizedError ? error.reason : 'error';
      options.metrics.authFailures.inc({ reason });
      options.logger.warn({ reqId: res.locals.requestId, authFailure: reason }, 'CDS client JWT rejected');
      res.status(401).json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] });
    }
  };
}

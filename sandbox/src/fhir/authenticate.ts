import type { NextFunction, Request, Response } from 'express';
import { buildOperationOutcome, FHIR_JSON } from '@tachywatch/fhir-core';
import { InvalidTokenError, type AccessContext, type AccessPolicy } from './access';

const REALM = 'Bearer realm="tachywatch-sandbox"';

function sendUnauthorized(res: Response, challenge: string, message: string): void {
  res
    .status(401)
    .set('WWW-Authenticate', challenge)
    .set('Content-Type', FHIR_JSON)
    .send(JSON.stringify(buildOperationOutcome('login', message)));
}

/** The verified access of the request, undefined on an open server. */
export function getAccess(res: Response): AccessContext | undefined {
  return res.locals.access as AccessContext | undefined;
}

/** Middleware: on a SMART server, requires a valid Bearer token and keeps what it grants for `getAccess`. */
export function authenticate(access: AccessPolicy) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (access.mode === 'open') {
      next();
      return;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match?.[1]) {
      sendUnauthorized(res, REALM, 'A Bearer access token is required on this endpoint');
      return;
    }
    try {
      res.locals.access = await access.verifyAccessToken(match[1]);
      next();
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) {
        next(error);
        return;
      }
      sendUnauthorized(res, `${REALM}, error="invalid_token"`, error.message);
    }
  };
}

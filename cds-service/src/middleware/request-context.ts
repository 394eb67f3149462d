import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../ops/logger';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9\-_.]{8,64}$/;

/** A low-cardinality route name for logs (never the raw path, which could carry identifiers). */
function getRouteName(path: string): string {
  if (/^\/cds-services\/?$/.test(path)) return 'discovery';
  if (/^\/cds-services\/[^/]+\/feedback\/?$/.test(path)) return 'feedback';
  if (/^\/cds-services\/[^/]+\/?$/.test(path)) return 'invoke';
  return 'other';
}

/** Per-request id (from `x-request-id` when well formed) and one access log line with operational fields only. */
export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('x-request-id');
    const requestId = header && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.locals.logFields = {};
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          reqId: requestId,
          method: req.method,
          route: (res.locals.route as string | undefined) ?? getRouteName(req.path),
          status: res.statusCode,
          latencyMs: Math.round(latencyMs * 10) / 10,
          ...(res.locals.logFields as Record<string, unknown>),
        },
        'request'
      );
    });
    next();
  };
}

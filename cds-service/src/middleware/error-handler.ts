import type { NextFunction, Request, Response } from 'express';
import { HttpError, buildOperationOutcome } from '../errors';
import type { Logger } from '../ops/logger';

interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    typeof (error as BodyParserError).type === 'string'
  );
}

/** Maps every error to a status and an OperationOutcome; unknown errors become 500 with the request id only. */
export function errorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof HttpError) {
      res.status(error.status).json(error.toOperationOutcome());
      return;
    }
    if (isBodyParserError(error)) {
      const [status, detail] = describeBodyError(error);
      res.status(status).json(buildOperationOutcome(status === 413 ? 'too-costly' : 'invalid', [detail]));
      return;
    }
    const requestId = String(res.locals.requestId ?? '');
    logger.error(
      { reqId: requestId, errorName: error instanceof Error ? error.name : typeof error },
      'unhandled error'
    );
    res.status(500).json({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'fatal', code: 'exception', diagnostics: `Internal error; request id ${requestId}` }],
    });
  };
}

function describeBodyError(error: BodyParserError): [number, string] {
  if (error.type === 'entity.too.large') return [413, 'Request body is too large'];
  if (error.type === 'entity.parse.failed') return [400, 'Request body is not valid JSON'];
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return [415, 'Unsupported request body encoding or charset'];
  }
  const status = error.status !== undefined && error.status >= 400 && error.status < 500 ? error.status : 400;
  return [status, 'Invalid request body'];
}

/**
 * Service errors: each carries its HTTP status and renders itself as a FHIR OperationOutcome (CDS Hooks 3.0
 * recommends one on every non-2xx). Messages never contain patient data, tokens or JWTs.
 */
export interface OperationOutcomeBody {
  readonly resourceType: 'OperationOutcome';
  readonly issue: readonly {
    readonly severity: 'error' | 'fatal';
    readonly code: string;
    readonly diagnostics?: string;
  }[];
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly details: readonly string[] = []
  ) {
    super(details[0] ?? code);
    this.name = 'HttpError';
  }

  toOperationOutcome(): OperationOutcomeBody {
    return buildOperationOutcome(this.code, this.details);
  }
}

export class BadRequestError extends HttpError {
  constructor(details: readonly string[]) {
    super(400, 'invalid', details);
    this.name = 'BadRequestError';
  }
}

export class NotFoundError extends HttpError {
  constructor(detail: string) {
    super(404, 'not-found', [detail]);
    this.name = 'NotFoundError';
  }
}

/** Required FHIR data could not be obtained from prefetch or the FHIR server (CDS Hooks: 412). */
export class PrefetchUnavailableError extends HttpError {
  constructor(
    readonly keys: readonly string[],
    /** Per-key fetch outcomes, for metrics and logs (no data values). */
    readonly outcomes: Readonly<Record<string, unknown>> = {}
  ) {
    super(412, 'incomplete', [
      `Required data could not be obtained from prefetch or the FHIR server: ${keys.join(', ')}`,
    ]);
    this.name = 'PrefetchUnavailableError';
  }
}

/** A dependency the request needs (the store) is down: 503, so the client may retry elsewhere. */
export class ServiceUnavailableError extends HttpError {
  constructor(detail: string) {
    super(503, 'transient', [detail]);
    this.name = 'ServiceUnavailableError';
  }
}

/**
 * The one thing a 401 says: what is required and where it is explained — never which check failed (that is logged
 * on the server only, so a caller cannot probe the checks one by one).
 */
export const UNAUTHORIZED_DIAGNOSTICS =
  'A signed CDS client JWT is required (Authorization: Bearer <JWT>, CDS Hooks 2.0 "Trusting CDS Clients"). ' +
  'How to configure trusted clients: cds-service/README.md, section "CDS client authentication".';

/** Authentication failed: a 401 that never says which check failed. */
export class UnauthorizedError extends HttpError {
  constructor(readonly reason: string) {
    super(401, 'login');
    this.name = 'UnauthorizedError';
  }

  override toOperationOutcome(): OperationOutcomeBody {
    return buildOperationOutcome('login', [UNAUTHORIZED_DIAGNOSTICS]);
  }
}

export function buildOperationOutcome(code: string, details: readonly string[]): OperationOutcomeBody {
  if (details.length === 0) return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code }] };
  return {
    resourceType: 'OperationOutcome',
    issue: details.map((diagnostics) => ({ severity: 'error', code, diagnostics })),
  };
}

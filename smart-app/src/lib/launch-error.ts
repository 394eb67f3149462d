import { LAUNCH_ERROR_TITLES, RELAUNCH_ADVICE } from '../config/strings';

export type LaunchErrorKind =
  | 'no-state'
  | 'tampered-state'
  | 'auth-denied'
  | 'invalid-scope'
  | 'invalid-token'
  | 'expired'
  | 'no-patient'
  | 'patient-not-found'
  | 'server-error'
  | 'config'
  | 'network'
  | 'analysis';

/** A launch or loading failure the user can only fix by relaunching from the EHR. Renders itself as plain text. */
export class LaunchError extends Error {
  override readonly name = 'LaunchError';
  readonly kind: LaunchErrorKind;
  /** A short technical detail safe to show (never a token or a patient identifier). */
  readonly detail?: string;

  constructor(kind: LaunchErrorKind, detail?: string, options?: { cause?: unknown }) {
    super(`${LAUNCH_ERROR_TITLES[kind]} ${RELAUNCH_ADVICE}`, options);
    this.kind = kind;
    this.detail = detail;
  }

  get title(): string {
    return LAUNCH_ERROR_TITLES[this.kind];
  }
}

interface HttpErrorLike {
  readonly status: number;
  readonly message: string;
}

function isHttpErrorLike(error: unknown): error is HttpErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** OAuth error codes (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1) → the kind shown to the user. */
export function toOAuthErrorKind(code: string): LaunchErrorKind {
  switch (code) {
    case 'invalid_scope':
      return 'invalid-scope';
    case 'access_denied':
    case 'unauthorized_client':
    case 'invalid_client':
    case 'invalid_grant':
      return 'auth-denied';
    case 'invalid_token':
      return 'invalid-token';
    case 'expired_token':
      return 'expired';
    case 'server_error':
    case 'temporarily_unavailable':
      return 'server-error';
    default:
      return 'auth-denied';
  }
}

const OAUTH_CODE =
  /\b(invalid_scope|access_denied|unauthorized_client|invalid_client|invalid_grant|invalid_token|expired_token|server_error|temporarily_unavailable|invalid_request|unsupported_response_type)\b/;

/** A technical detail safe to show: bearer tokens hidden, whitespace collapsed, at most 240 characters. */
export function truncate(text: string): string {
  const clean = text
    .replace(/Bearer\s+\S+/gi, 'Bearer [hidden]')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > 240 ? `${clean.slice(0, 237)}…` : clean;
}

/**
 * The error of the Patient read: a 404 means the FHIR server has no such patient (a launch with a wrong or stale
 * patient id), which the user must hear as such rather than as a server failure.
 */
export function toPatientReadError(error: unknown): LaunchError {
  if (isHttpErrorLike(error) && (error.status === 404 || error.status === 410)) {
    return new LaunchError('patient-not-found', truncate(error.message), { cause: error });
  }
  return toLaunchError(error);
}

/**
 * Maps whatever `fhirclient`, `fetch` or our own code threw into a `LaunchError`. fhirclient reports failures as
 * plain `Error` messages (`No 'state' parameter found…`, `No state found!…`, `invalid_scope: …`) or as `HttpError`
 * with a status; both are recognised here so every failure reaches the user as a relaunch message.
 */
export function toLaunchError(error: unknown): LaunchError {
  if (error instanceof LaunchError) {
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  const detail = truncate(message);
  if (/No 'state' parameter found/i.test(message)) {
    return new LaunchError('no-state', detail, { cause: error });
  }
  if (/No state found/i.test(message)) {
    return new LaunchError('tampered-state', detail, { cause: error });
  }
  const oauthCode = OAUTH_CODE.exec(message)?.[1];
  if (oauthCode) {
    return new LaunchError(toOAuthErrorKind(oauthCode), detail, { cause: error });
  }
  // fhirclient appends "Session expired" to every 401 it cannot recover from with a refresh token.
  if (/expired/i.test(message) || (isHttpErrorLike(error) && error.status === 401)) {
    return new LaunchError('expired', detail, { cause: error });
  }
  if (isHttpErrorLike(error)) {
    if (error.status === 403) {
      return new LaunchError('auth-denied', detail, { cause: error });
    }
    return new LaunchError('server-error', detail, { cause: error });
  }
  if (error instanceof TypeError || /Failed to fetch|NetworkError|ECONNREFUSED/i.test(message)) {
    return new LaunchError('network', detail, { cause: error });
  }
  return new LaunchError('server-error', detail, { cause: error });
}

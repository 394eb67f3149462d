import { describe, expect, it } from 'vitest';
import { LaunchError, toLaunchError, toPatientReadError } from './launch-error';

class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

describe('toLaunchError', () => {
  it.each([
    ["No 'state' parameter found. Please (re)launch the app.", 'no-state'],
    ['No state found! Please (re)launch the app.', 'tampered-state'],
    ['invalid_scope: The requested scope is invalid', 'invalid-scope'],
    ['access_denied: The user denied access', 'auth-denied'],
    ['temporarily_unavailable', 'server-error'],
  ] as const)('maps fhirclient message %j to %s', (message, kind) => {
    expect(toLaunchError(new Error(message)).kind).toBe(kind);
  });

  it.each([
    [new FakeHttpError(401, '401 Unauthorized\nSession expired! Please re-launch the app'), 'expired'],
    [new FakeHttpError(401, '401 Unauthorized {"error":"invalid_token"}'), 'invalid-token'],
    [new FakeHttpError(403, '403 Forbidden'), 'auth-denied'],
    [new FakeHttpError(503, '503 Service Unavailable'), 'server-error'],
  ] as const)('maps an HTTP error with status %#', (error, kind) => {
    expect(toLaunchError(error).kind).toBe(kind);
  });

  it('maps a 404 or 410 on the Patient read to patient-not-found, anything else as usual', () => {
    expect(toPatientReadError(new FakeHttpError(404, '404 Not Found')).kind).toBe('patient-not-found');
    expect(toPatientReadError(new FakeHttpError(410, '410 Gone')).kind).toBe('patient-not-found');
    expect(toPatientReadError(new FakeHttpError(503, '503 Service Unavailable')).kind).toBe('server-error');
    expect(toLaunchError(new FakeHttpError(404, '404 Not Found')).kind).toBe('server-error');
  });

  it('treats a failed fetch as a network error and keeps LaunchErrors as they are', () => {
    expect(toLaunchError(new TypeError('Failed to fetch')).kind).toBe('network');
    const original = new LaunchError('config');
    expect(toLaunchError(original)).toBe(original);
  });

  it('tells the user to relaunch and never repeats a bearer token in its detail', () => {
    const error = toLaunchError(new Error('invalid_token: Authorization: Bearer eyJhbGciOi.secret.sig'));
    expect(error.message).toMatch(/relaunch Tachywatch from the patient’s chart/);
    expect(error.detail).not.toContain('eyJhbGciOi');
  });
});

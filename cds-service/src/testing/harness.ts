import { randomUUID } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

type SetupServerApi = ReturnType<typeof setupServer>;
import { generateTestKey, signClientJwt, type TestKey } from './jwt-signer';

export const SANDBOX_ISS = 'https://cds-client.example.org';
export const SANDBOX_JKU = 'https://cds-client.example.org/.well-known/jwks.json';
export const EPIC_ISS = 'https://ehr.example.org/fhir';
export const FHIR_BASE = 'https://fhir.example.org/r4';
export const BROWSER_ORIGIN = 'https://sandbox.cds-hooks.org';

export interface Harness {
  readonly es384: TestKey;
  readonly rs384: TestKey;
  readonly msw: SetupServerApi;
  readonly jwksRequests: { count: number };
  env(extra?: Record<string, string>): Record<string, string>;
  /** A sandbox-style bearer token (ES384, jku, no sub) for `baseUrl + path`. */
  sandboxToken(
    baseUrl: string,
    path: string,
    overrides?: Partial<Parameters<typeof signClientJwt>[1]>
  ): Promise<string>;
  /** An Epic-style bearer token (RS384, sub + nbf, key set configured out of band). */
  epicToken(baseUrl: string, path: string): Promise<string>;
}

/** Keys, trusted clients and an msw server (loopback passes through to the app; anything else unhandled fails). */
export async function createHarness(): Promise<Harness> {
  const es384 = await generateTestKey('ES384');
  const rs384 = await generateTestKey('RS384');
  const jwksRequests = { count: 0 };
  const msw = setupServer(
    http.get(SANDBOX_JKU, () => {
      jwksRequests.count += 1;
      return HttpResponse.json({ keys: [es384.publicJwk] });
    })
  );
  return {
    es384,
    rs384,
    msw,
    jwksRequests,
    env: (extra = {}) => ({
      CDS_TRUSTED_CLIENTS: JSON.stringify([
        { iss: SANDBOX_ISS, jku: [SANDBOX_JKU] },
        { iss: EPIC_ISS, jwks: { keys: [rs384.publicJwk] } },
      ]),
      ALLOWED_FHIR_SERVERS: FHIR_BASE,
      CORS_ORIGINS: BROWSER_ORIGIN,
      SMART_APP_LAUNCH_URL: 'https://app.example.org/launch.html',
      FHIR_TIMEOUT_MS: '800',
      CDS_DEADLINE_MS: '1500',
      ...extra,
    }),
    sandboxToken: (baseUrl, path, overrides = {}) =>
      signClientJwt(es384, { iss: SANDBOX_ISS, aud: `${baseUrl}${path}`, jku: SANDBOX_JKU, ...overrides }),
    epicToken: (baseUrl, path) =>
      signClientJwt(rs384, {
        iss: EPIC_ISS,
        aud: `${baseUrl}${path}`,
        extraClaims: { sub: 'epic-client-id', nbf: Math.floor(Date.now() / 1000) - 300 },
      }),
  };
}

export function listenMsw(msw: SetupServerApi): void {
  msw.listen({
    onUnhandledRequest(request, print) {
      if (new URL(request.url).hostname === '127.0.0.1') return;
      print.error();
    },
  });
}

export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

export async function callService(
  baseUrl: string,
  path: string,
  init: {
    method?: string;
    token?: string;
    body?: unknown;
    rawBody?: string | Uint8Array;
    headers?: Record<string, string>;
  } = {}
): Promise<CallResult> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | Uint8Array | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? (body !== undefined ? 'POST' : 'GET'),
    headers,
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function buildPatientViewRequest(
  patientId: string,
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    context: { userId: 'Practitioner/example', patientId },
    ...extra,
  };
}

export const FHIR_AUTHORIZATION = {
  access_token: 'secret-fhir-access-token-123',
  token_type: 'Bearer',
  expires_in: 300,
  scope: 'patient/*.read',
  subject: 'tachywatch',
};

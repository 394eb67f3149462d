import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceStore } from '@tachywatch/fhir-core';
import { createFhirPlatform, type FhirPlatform } from '../platform';
import { listen, type RunningServer } from '../support/listen';

const CLIENT_ID = 'tachywatch-test';
const REDIRECT = 'http://127.0.0.1:9/app/index.html';
const SCOPE = 'launch openid fhirUser patient/Patient.rs patient/Observation.rs patient/Medication.read';

let server: RunningServer;
let platform: FhirPlatform;
let fhirBase: string;

beforeAll(async () => {
  const store = new ResourceStore();
  for (const id of ['a', 'b']) {
    store.put({ resourceType: 'Patient', id, name: [{ family: `Family-${id}` }] } as fhir4.Patient & { id: string });
    store.put({
      resourceType: 'Observation',
      id: `obs-${id}`,
      status: 'final',
      code: { text: 'x' },
      subject: { reference: `Patient/${id}` },
    } as fhir4.Observation & { id: string });
  }
  let origin = '';
  platform = await createFhirPlatform({ store, getOrigin: () => origin });
  platform.auth.registerClient({ clientId: CLIENT_ID, name: 'Test app', redirectUris: [REDIRECT] });
  server = await listen(platform.app, 0);
  origin = server.url;
  fhirBase = `${origin}/fhir`;
});
afterAll(() => server.close());

function newPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function buildAuthorizeUrl(overrides: Record<string, string | undefined>): string {
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT,
    scope: SCOPE,
    state: 'state-123',
    aud: fhirBase,
    code_challenge_method: 'S256',
    ...overrides,
  };
  const query = new URLSearchParams(
    Object.entries(params).flatMap(([key, value]): [string, string][] => (value === undefined ? [] : [[key, value]]))
  );
  return `${server.url}/auth/authorize?${query.toString()}`;
}

async function authorize(overrides: Record<string, string | undefined>): Promise<Response> {
  return fetch(buildAuthorizeUrl(overrides), { redirect: 'manual' });
}

function mintLaunch(patient = 'a', extra: Record<string, unknown> = {}): Promise<string> {
  return fetch(`${server.url}/auth/launch`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ patient, ...extra }),
  })
    .then((response) => response.json() as Promise<{ launch: string }>)
    .then((body) => body.launch);
}

function exchange(params: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      ...params,
    }),
  });
}

async function getCode(launch: string, challenge: string): Promise<string> {
  const response = await authorize({ launch, code_challenge: challenge });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('state-123');
  return location.searchParams.get('code') ?? '';
}

async function launchAndGetToken(patient = 'a', extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const pkce = newPkce();
  const code = await getCode(await mintLaunch(patient, extra), pkce.challenge);
  const response = await exchange({ code, code_verifier: pkce.verifier });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('SMART authorization server', () => {
  it('advertises S256 only and its endpoints in .well-known/smart-configuration', async () => {
    const response = await fetch(`${fhirBase}/.well-known/smart-configuration`);
    const text = await response.text();
    expect(response.status).toBe(200);
    const config = JSON.parse(text) as Record<string, unknown>;
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    expect(config.authorization_endpoint).toBe(`${server.url}/auth/authorize`);
    expect(config.token_endpoint).toBe(`${server.url}/auth/token`);
    expect(config.capabilities).toContain('launch-ehr');
  });

  it('completes an EHR launch: token fields, no-store headers, appContext, id_token', async () => {
    const pkce = newPkce();
    const code = await getCode(
      await mintLaunch('a', { appContext: '{"card":"x"}', needPatientBanner: false }),
      pkce.challenge
    );
    const response = await exchange({ code, code_verifier: pkce.verifier });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      patient: 'a',
      need_patient_banner: false,
      appContext: '{"card":"x"}',
    });
    expect(body.scope).toBe(SCOPE);
    expect(decodeJwt(String(body.access_token))).toMatchObject({ aud: fhirBase, patient: 'a' });
    expect(decodeJwt(String(body.id_token)).fhirUser).toBe(`${fhirBase}/Practitioner/tachywatch-sandbox-clinician`);
  });

  it('refuses a wrong code_verifier, and the code cannot be used again', async () => {
    const pkce = newPkce();
    const code = await getCode(await mintLaunch(), pkce.challenge);
    const wrong = await exchange({ code, code_verifier: newPkce().verifier });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_grant');
    const again = await exchange({ code, code_verifier: pkce.verifier });
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('makes codes single-use', async () => {
    const pkce = newPkce();
    const code = await getCode(await mintLaunch(), pkce.challenge);
    expect((await exchange({ code, code_verifier: pkce.verifier })).status).toBe(200);
    const second = await exchange({ code, code_verifier: pkce.verifier });
    expect(second.status).toBe(400);
    expect(((await second.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('refuses a missing code_verifier at the token endpoint', async () => {
    const pkce = newPkce();
    const code = await getCode(await mintLaunch(), pkce.challenge);
    const response = await exchange({ code });
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it.each([
    ['plain PKCE', { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }, 'invalid_request'],
    ['a missing code_challenge', { code_challenge: undefined }, 'invalid_request'],
    ['a wrong aud', { code_challenge: 'a'.repeat(43), aud: 'http://elsewhere/fhir' }, 'invalid_request'],
    ['the launch scope without a launch', { code_challenge: 'a'.repeat(43) }, 'invalid_request'],
    [
      'a response_type other than code',
      { code_challenge: 'a'.repeat(43), response_type: 'token' },
      'unsupported_response_type',
    ],
  ])('redirects back with an error and the state for %s', async (_label, overrides, error) => {
    const response = await authorize(overrides);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('error')).toBe(error);
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('never redirects to an unregistered redirect_uri or for an unknown client', async () => {
    const pkce = newPkce();
    const launch = await mintLaunch();
    for (const overrides of [
      { redirect_uri: `${REDIRECT}?x=1`, launch, code_challenge: pkce.challenge },
      { redirect_uri: 'http://127.0.0.1:9/app/', launch, code_challenge: pkce.challenge },
      { client_id: 'someone-else', launch, code_challenge: pkce.challenge },
    ]) {
      const response = await authorize(overrides);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  it('shows a patient picker for a standalone launch/patient request and grants the chosen patient', async () => {
    const pkce = newPkce();
    const response = await authorize({
      scope: 'launch/patient patient/Observation.rs',
      code_challenge: pkce.challenge,
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Family-b');
    const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const picked = await fetch(`${server.url}/auth/authorize/select`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: requestId, patient: 'b' }),
    });
    const code = new URL(picked.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = (await (await exchange({ code, code_verifier: pkce.verifier })).json()) as Record<string, unknown>;
    expect(token).toMatchObject({
      patient: 'b',
      scope: 'launch/patient patient/Observation.rs',
      need_patient_banner: true,
    });
  });

  it('enforces the patient compartment: a token for patient a cannot read patient b', async () => {
    const token = String((await launchAndGetToken('a')).access_token);
    const headers = { Authorization: `Bearer ${token}` };
    expect((await fetch(`${fhirBase}/Observation/obs-a`, { headers })).status).toBe(200);
    expect((await fetch(`${fhirBase}/Observation/obs-b`, { headers })).status).toBe(403);
    expect((await fetch(`${fhirBase}/Patient/b`, { headers })).status).toBe(403);
    expect((await fetch(`${fhirBase}/Observation?patient=b`, { headers })).status).toBe(403);
    const unscoped = (await (await fetch(`${fhirBase}/Observation`, { headers })).json()) as fhir4.Bundle;
    expect(unscoped.entry?.map((entry) => entry.resource?.id)).toEqual(['obs-a']);
    expect((await fetch(`${fhirBase}/Condition?patient=a`, { headers })).status).toBe(403);
  });

  it('enforces read scopes per type for v1, v2 and wildcard scopes', async () => {
    const cases: [string, number, number][] = [
      ['launch patient/Observation.read', 200, 403],
      ['launch patient/Observation.rs', 200, 403],
      ['launch patient/*.rs', 200, 200],
      ['launch patient/Observation.c', 403, 403],
    ];
    for (const [scope, observationStatus, patientStatus] of cases) {
      const pkce = newPkce();
      const response = await authorize({ scope, launch: await mintLaunch('a'), code_challenge: pkce.challenge });
      const code = new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const token = (await (await exchange({ code, code_verifier: pkce.verifier })).json()) as Record<string, unknown>;
      expect(token.scope).toBe(scope);
      const headers = { Authorization: `Bearer ${String(token.access_token)}` };
      expect((await fetch(`${fhirBase}/Observation/obs-a`, { headers })).status, scope).toBe(observationStatus);
      expect((await fetch(`${fhirBase}/Patient/a`, { headers })).status, scope).toBe(patientStatus);
    }
  });

  it('does not grant system/ scopes, offline_access or launch/patient without a patient', async () => {
    const pkce = newPkce();
    const response = await authorize({
      scope: 'launch system/Observation.rs offline_access patient/Observation.rs',
      launch: await mintLaunch('a'),
      code_challenge: pkce.challenge,
    });
    const code = new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = (await (await exchange({ code, code_verifier: pkce.verifier })).json()) as Record<string, unknown>;
    expect(token.scope).toBe('launch patient/Observation.rs');
    expect(token.refresh_token).toBeUndefined();
  });

  it('introspects its own tokens and rejects others', async () => {
    const token = String((await launchAndGetToken('a')).access_token);
    const introspect = async (value: string): Promise<Record<string, unknown>> =>
      (await (
        await fetch(`${server.url}/auth/introspect`, { method: 'POST', body: new URLSearchParams({ token: value }) })
      ).json()) as Record<string, unknown>;
    expect(await introspect(token)).toMatchObject({ active: true, patient: 'a', client_id: CLIENT_ID });
    expect(await introspect('not-a-token')).toEqual({ active: false });
  });

  it('requires a valid token on /fhir and leaves /fhir-open anonymous', async () => {
    const anonymous = await fetch(`${fhirBase}/Observation?patient=a`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    const forged = await fetch(`${fhirBase}/Observation?patient=a`, {
      headers: { Authorization: 'Bearer abc.def.ghi' },
    });
    expect(forged.status).toBe(401);
    expect((await fetch(`${server.url}/fhir-open/Observation?patient=b`)).status).toBe(200);
  });

  it('simulates errors for the app e2e tests', async () => {
    const pkce = newPkce();
    const scopeError = await authorize({
      launch: await mintLaunch('a', { simulateError: 'auth_invalid_scope' }),
      code_challenge: pkce.challenge,
    });
    expect(new URL(scopeError.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');

    const tokenCode = await getCode(await mintLaunch('a', { simulateError: 'token_invalid_token' }), pkce.challenge);
    expect((await exchange({ code: tokenCode, code_verifier: pkce.verifier })).status).toBe(400);

    const expired = await launchAndGetToken('a', { simulateError: 'request_expired_token' });
    const response = await fetch(`${fhirBase}/Patient/a`, {
      headers: { Authorization: `Bearer ${String(expired.access_token)}` },
    });
    expect(response.status).toBe(401);
  });

  it('refuses a launch for an unknown patient', async () => {
    const response = await fetch(`${server.url}/auth/launch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ patient: 'nobody' }),
    });
    expect(response.status).toBe(400);
  });
});

import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFhirPlatform, type FhirPlatform } from '../platform';
import { listen, type RunningServer } from '../support/listen';
import { buildPanelGroup } from './bulk-export';
import { ResourceStore } from '@tachywatch/fhir-core';

let server: RunningServer;
let platform: FhirPlatform;
let fhirBase: string;
let tokenEndpoint: string;
let privateKey: CryptoKey;
let publicJwk: JWK;
const CLIENT_ID = 'registry-test';

beforeAll(async () => {
  const store = new ResourceStore();
  for (const id of ['a', 'b', 'c']) {
    store.put({ resourceType: 'Patient', id });
    store.put({
      resourceType: 'Observation',
      id: `obs-${id}`,
      status: 'final',
      code: { text: 'x' },
      subject: { reference: `Patient/${id}` },
    } as fhir4.Observation & { id: string });
  }
  store.put({ ...buildPanelGroup(['a', 'b']), id: 'two' });
  let origin = '';
  platform = await createFhirPlatform({ store, getOrigin: () => origin, bulkExport: { retryAfterSeconds: 0 } });
  server = await listen(platform.app, 0);
  origin = server.url;
  fhirBase = `${origin}/fhir`;
  tokenEndpoint = `${origin}/auth/token`;
  const keys = await generateKeyPair('ES384', { extractable: true });
  privateKey = keys.privateKey;
  publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES384' };
  platform.backend.registerClient(
    { client_name: 'Registry', jwks: { keys: [{ ...publicJwk, kty: 'EC' }] } },
    CLIENT_ID
  );
});
afterAll(() => server.close());

async function assertion(
  overrides: { aud?: string; lifetime?: number; jti?: string; iss?: string } = {}
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: 'k1', typ: 'JWT' })
    .setIssuer(overrides.iss ?? CLIENT_ID)
    .setSubject(CLIENT_ID)
    .setAudience(overrides.aud ?? tokenEndpoint)
    .setExpirationTime(now + (overrides.lifetime ?? 240))
    .setJti(overrides.jti ?? randomUUID())
    .sign(privateKey);
}

async function requestToken(clientAssertion: string, scope = 'system/*.rs'): Promise<Response> {
  return fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
    }),
  });
}

async function systemToken(): Promise<string> {
  const response = await requestToken(await assertion());
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const exportHeaders = (token: string): Record<string, string> => ({
  Authorization: `Bearer ${token}`,
  Accept: 'application/fhir+json',
  Prefer: 'respond-async',
});

describe('SMART Backend Services', () => {
  it('advertises client_credentials with private_key_jwt (RS384, ES384) in the SMART configuration', async () => {
    const configuration = (await (await fetch(`${fhirBase}/.well-known/smart-configuration`)).json()) as Record<
      string,
      string[]
    >;
    expect(configuration.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'client_credentials'])
    );
    expect(configuration.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(configuration.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS384', 'ES384']);
    expect(configuration.capabilities).toContain('client-confidential-asymmetric');
  });

  it('grants only registered system scopes, once per assertion', async () => {
    const clientAssertion = await assertion();
    const first = await requestToken(clientAssertion, 'system/*.rs patient/*.rs launch');
    expect(first.status).toBe(200);
    expect(((await first.json()) as { scope: string }).scope).toBe('system/*.rs');
    const replay = await requestToken(clientAssertion);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('refuses assertions for another audience, living over 5 minutes, from unknown clients, or for no system scope', async () => {
    expect((await requestToken(await assertion({ aud: `${fhirBase}` }))).status).toBe(401);
    expect((await requestToken(await assertion({ lifetime: 3600 }))).status).toBe(401);
    expect((await requestToken(await assertion({ iss: 'someone-else' }))).status).toBe(401);
    const noScope = await requestToken(await assertion(), 'patient/*.rs');
    expect(noScope.status).toBe(400);
    expect(((await noScope.json()) as { error: string }).error).toBe('invalid_scope');
  });

  it('registers clients over HTTP with public keys only', async () => {
    const withPrivate = await fetch(`${server.url}/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_name: 'x', jwks: { keys: [{ ...publicJwk, d: 'secret' }] } }),
    });
    expect(withPrivate.status).toBe(400);
    const ok = await fetch(`${server.url}/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_name: 'x', jwks: { keys: [publicJwk] } }),
    });
    expect(ok.status).toBe(201);
  });
});

describe('Bulk Data $export', () => {
  it('is declared in the CapabilityStatement', async () => {
    const capability = (await (await fetch(`${fhirBase}/metadata`)).json()) as fhir4.CapabilityStatement;
    expect(capability.instantiates).toContain('http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data');
    expect(capability.rest?.[0]?.operation?.map((operation) => operation.definition)).toEqual([
      'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
      'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export',
      'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export',
    ]);
  });

  it('kicks off, reports progress with Retry-After, then a manifest whose files hold the group members only', async () => {
    const token = await systemToken();
    const kickOff = await fetch(`${fhirBase}/Group/two/$export?_type=Patient,Observation`, {
      headers: exportHeaders(token),
    });
    expect(kickOff.status).toBe(202);
    const statusUrl = kickOff.headers.get('content-location') ?? '';
    expect(statusUrl.startsWith(`${fhirBase}/$export-status/`)).toBe(true);
    const pending = await fetch(statusUrl, { headers: { Authorization: `Bearer ${token}` } });
    expect(pending.status).toBe(202);
    expect(pending.headers.get('retry-after')).toBe('0');
    expect(pending.headers.get('x-progress')).toBeTruthy();
    const done = await fetch(statusUrl, { headers: { Authorization: `Bearer ${token}` } });
    expect(done.status).toBe(200);
    const manifest = (await done.json()) as {
      requiresAccessToken: boolean;
      output: { type: string; url: string; count: number }[];
    };
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.output.map((file) => [file.type, file.count])).toEqual([
      ['Patient', 2],
      ['Observation', 2],
    ]);
    const file = manifest.output[1]!;
    expect((await fetch(file.url)).status).toBe(401);
    const download = await fetch(file.url, { headers: { Authorization: `Bearer ${token}` } });
    expect(download.headers.get('content-type')).toMatch(/application\/fhir\+ndjson/);
    const lines = (await download.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as fhir4.Observation);
    expect(lines.map((line) => line.subject?.reference).sort()).toEqual(['Patient/a', 'Patient/b']);
    expect((await fetch(statusUrl, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } })).status).toBe(
      202
    );
    expect((await fetch(statusUrl, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('needs Prefer: respond-async, a known group, supported parameters and a system-level token', async () => {
    const token = await systemToken();
    const noPrefer = await fetch(`${fhirBase}/Patient/$export`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' },
    });
    expect(noPrefer.status).toBe(400);
    expect((await fetch(`${fhirBase}/Group/nope/$export`, { headers: exportHeaders(token) })).status).toBe(404);
    expect((await fetch(`${fhirBase}/Patient/$export?_typeFilter=x`, { headers: exportHeaders(token) })).status).toBe(
      400
    );
    expect(
      (await fetch(`${fhirBase}/Patient/$export?_since=yesterday`, { headers: exportHeaders(token) })).status
    ).toBe(400);
    const patientToken = await platform.auth.mintAccessToken({ clientId: 'app', scope: 'patient/*.rs', patient: 'a' });
    const pinned = await fetch(`${fhirBase}/Patient/$export`, { headers: exportHeaders(patientToken.access_token) });
    expect(pinned.status).toBe(403);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../support/listen';
import { MAX_LIVE_GRANTS, createAuthServer, type AuthServer } from './auth-server';

const REDIRECT = 'http://127.0.0.1:9/index.html';
let clock = Date.parse('2026-01-15T12:00:00Z');
let auth: AuthServer;
let server: RunningServer;

beforeAll(async () => {
  auth = await createAuthServer({
    getFhirBase: () => 'http://fhir.test/fhir',
    getIssuer: () => 'http://fhir.test/auth',
    listPatients: () => [{ id: 'a', name: 'A' }],
    defaultUser: 'Practitioner/u',
    now: () => clock,
  });
  auth.registerClient({ clientId: 'app', name: 'App', redirectUris: [REDIRECT] });
  const app = express();
  app.use('/auth', auth.router);
  server = await listen(app, 0);
});
afterAll(() => server.close());

async function getCode(verifier: string): Promise<string> {
  const url = new URL(`${server.url}/auth/authorize`);
  const params = {
    response_type: 'code',
    client_id: 'app',
    redirect_uri: REDIRECT,
    scope: 'launch patient/Patient.rs',
    state: 's',
    aud: 'http://fhir.test/fhir',
    launch: auth.mintLaunch({ patient: 'a' }),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { redirect: 'manual' });
  return new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

function exchange(code: string, verifier: string): Promise<Response> {
  return fetch(`${server.url}/auth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: 'app',
      redirect_uri: REDIRECT,
    }),
  });
}

describe('authorization code and token lifetimes', () => {
  it('refuses a code presented after 60 seconds', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await getCode(verifier);
    clock += 61_000;
    const response = await exchange(code, verifier);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('issues tokens that stop verifying after expires_in', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const body = (await (await exchange(await getCode(verifier), verifier)).json()) as Record<string, unknown>;
    expect(body.expires_in).toBe(3600);
    await expect(auth.verifyAccessToken(String(body.access_token))).resolves.toMatchObject({ patientId: 'a' });
    clock += 3601_000;
    await expect(auth.verifyAccessToken(String(body.access_token))).rejects.toThrow(/invalid or expired/);
  });
});

describe('launch flood', () => {
  it('48,000 launches hold at most MAX_LIVE_GRANTS live, and expired ones are swept', () => {
    const before = process.memoryUsage().heapUsed;
    for (let index = 0; index < 48_000; index += 1) auth.mintLaunch({ patient: 'a' });
    expect(auth.countLiveGrants().launches).toBe(MAX_LIVE_GRANTS);
    // Generous: 10,000 small entries; unbounded, 48,000 launches cost hundreds of MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
    clock += 11 * 60 * 1000;
    auth.mintLaunch({ patient: 'a' });
    expect(auth.countLiveGrants().launches).toBe(1);
  });

  it('the newest launch still works after a flood (the oldest are dropped, not the new)', async () => {
    for (let index = 0; index < MAX_LIVE_GRANTS + 10; index += 1) auth.mintLaunch({ patient: 'a' });
    const verifier = randomBytes(32).toString('base64url');
    const code = await getCode(verifier);
    expect(code).not.toBe('');
  });
});

import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFullPrefetch } from './testing/fixture-requests';
import { buildPatientViewRequest, callService } from './testing/harness';
import { startTestApp, type RunningApp } from './testing/start-app';

/**
 * The raw body of a hook call, read on the event loop and parsed where the hook work runs: every way a body can be
 * wrong gets the same clear 4xx with an OperationOutcome, on the event loop (HOOK_WORKERS=0) and in workers.
 */

const PATIENT_VIEW = '/cds-services/tachyphylaxis-patient-view';
const apps: Record<string, RunningApp> = {};

/** A valid call whose prefetch says "no data" for every key but the patient: answered 200 with no cards. */
function validCall(): Record<string, unknown> {
  const prefetch: Record<string, unknown> = Object.fromEntries(
    Object.keys(buildFullPrefetch('tachyphylaxis-patient-view', [], 'p1')).map((key) => [key, null])
  );
  prefetch.patient = { resourceType: 'Patient', id: 'p1', birthDate: '1980-01-01' };
  return buildPatientViewRequest('p1', { prefetch });
}

beforeAll(async () => {
  apps['event loop'] = await startTestApp({ CDS_REQUIRE_JWT: 'false', HOOK_WORKERS: '0' });
  apps['worker threads'] = await startTestApp({ CDS_REQUIRE_JWT: 'false', HOOK_WORKERS: '2', BODY_LIMIT: '1mb' });
  await apps['worker threads'].hookWorkersReady();
});

afterAll(async () => {
  await Promise.all(Object.values(apps).map((app) => app.stop()));
});

describe.each(['event loop', 'worker threads'])('hook call bodies, work on the %s', (where) => {
  const send = (rawBody: string | Uint8Array, headers: Record<string, string> = {}) =>
    callService(apps[where]!.baseUrl, PATIENT_VIEW, {
      rawBody,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const diagnostics = (json: unknown): string[] =>
    ((json as { issue?: { diagnostics?: string }[] }).issue ?? []).map((issue) => issue.diagnostics ?? '');

  it('a valid call is answered: gzip-compressed, with an explicit UTF-8 charset, non-ASCII text or a BOM', async () => {
    const body = JSON.stringify(validCall());
    const withName = JSON.stringify(validCall()).replace(
      '"id":"p1",',
      '"id":"p1","name":[{"family":"Ångström-Nuñez"}],'
    );
    expect(withName).toContain('Ångström');
    for (const response of [
      await send(body),
      await send(withName),
      await send(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(withName)])),
      await send(gzipSync(body), { 'content-encoding': 'gzip' }),
      await send(body, { 'content-type': 'application/json; charset="UTF-8"' }),
    ]) {
      expect(response.status, response.text).toBe(200);
      expect(response.json).toEqual({ cards: [] });
    }
  });

  it.each([
    ['not JSON', '{"hook": "patient-view",', 'Request body is not valid JSON'],
    [
      'invalid UTF-8',
      new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      'Request body is not valid JSON',
    ],
    ['a JSON array', '[1, 2]', 'Request body must be a JSON object (Content-Type: application/json)'],
    ['a JSON string', '"patient-view"', 'Request body must be a JSON object (Content-Type: application/json)'],
    ['another hook', JSON.stringify({ ...validCall(), hook: 'order-sign' }), 'hook: must be "patient-view"'],
  ])('%s → 400 saying so', async (_name, body, message) => {
    const response = await send(body);
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(diagnostics(response.json).join(' ')).toContain(message);
  });

  it('a body that is not declared JSON → 400 asking for application/json', async () => {
    const response = await send(JSON.stringify(validCall()), { 'content-type': 'text/plain' });
    expect(response.status).toBe(400);
    expect(diagnostics(response.json)).toEqual(['Request body must be a JSON object (Content-Type: application/json)']);
  });

  it('a charset other than UTF-8 → 415', async () => {
    const response = await send(JSON.stringify(validCall()), { 'content-type': 'application/json; charset=utf-16' });
    expect(response.status).toBe(415);
    expect(diagnostics(response.json)).toEqual(['Unsupported request body encoding or charset']);
  });

  it('a body past BODY_LIMIT once decompressed → 413', async () => {
    const padded = JSON.stringify({ ...validCall(), padding: 'x'.repeat(6 * 1024 * 1024) });
    const response = await send(gzipSync(padded), { 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ resourceType: 'OperationOutcome' });
  });
});

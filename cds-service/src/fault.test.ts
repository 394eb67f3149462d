import { http, HttpResponse, delay } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_DATA_QUERIES } from '@tachywatch/shared';
import { buildFakeFhirServer } from '@tachywatch/fhir-core/msw';
import {
  FHIR_AUTHORIZATION,
  FHIR_BASE,
  buildPatientViewRequest,
  callService,
  createHarness,
  listenMsw,
  type Harness,
} from './testing/harness';
import { createSpyEngine, type SpyEngine } from './testing/spy-engine';
import { startTestApp, type RunningApp } from './testing/start-app';

const PATIENT_VIEW = '/cds-services/tachyphylaxis-patient-view';
const DEADLINE_MS = 1000;
/** Event-loop lag on a loaded 2-core machine; the slow mocks would hold a connection for 5 s or forever. */
const SCHEDULING_MARGIN_MS = 1000;

let harness: Harness;
let engine: SpyEngine;
let service: RunningApp;

const patient = { resourceType: 'Patient', id: 'p1' };

async function invokeWithServer(
  extra: Record<string, unknown> = {}
): Promise<{ status: number; elapsed: number; json: unknown; text: string }> {
  const started = performance.now();
  const response = await callService(service.baseUrl, PATIENT_VIEW, {
    token: await harness.sandboxToken(service.baseUrl, PATIENT_VIEW),
    body: buildPatientViewRequest('p1', { fhirServer: FHIR_BASE, fhirAuthorization: FHIR_AUTHORIZATION, ...extra }),
  });
  return { status: response.status, elapsed: performance.now() - started, json: response.json, text: response.text };
}

beforeAll(async () => {
  harness = await createHarness();
  listenMsw(harness.msw);
  engine = createSpyEngine();
  service = await startTestApp(
    harness.env({ FHIR_TIMEOUT_MS: String(DEADLINE_MS), CDS_DEADLINE_MS: String(DEADLINE_MS), FHIR_MAX_PAGES: '5' }),
    { engine }
  );
});

afterEach(() => {
  harness.msw.resetHandlers();
  engine.calls.length = 0;
});

afterAll(async () => {
  harness.msw.close();
  await service.stop();
});

describe('FHIR server faults', () => {
  it('slow beyond the deadline: answers 412 within the deadline, never hangs', async () => {
    harness.msw.use(
      http.get(`${FHIR_BASE}/*`, async () => {
        await delay(5000);
        return HttpResponse.json(patient);
      })
    );
    const result = await invokeWithServer();
    expect(result.status).toBe(412);
    expect(result.elapsed).toBeLessThan(DEADLINE_MS + SCHEDULING_MARGIN_MS);
  });

  it.each([
    ['500', () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [] }, { status: 500 }), 'http-5xx'],
    ['401', () => new HttpResponse(null, { status: 401 }), 'unauthorized'],
    [
      'garbage body',
      () => new HttpResponse('<html>proxy error</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      'invalid-body',
    ],
    ['JSON that is not FHIR', () => HttpResponse.json({ hello: 'world' }), 'invalid-body'],
  ])('%s on required data → 412 with an OperationOutcome, counted by reason', async (_name, reply, reason) => {
    harness.msw.use(http.get(`${FHIR_BASE}/*`, reply));
    const result = await invokeWithServer();
    expect(result.status).toBe(412);
    expect(result.json).toMatchObject({ resourceType: 'OperationOutcome' });
    const metric = await service.metrics.registry.getSingleMetricAsString('cds_fhir_fetch_errors_total');
    expect(metric).toContain(`reason="${reason}"`);
  });

  it('a failing optional query still gives an answer from the rest', async () => {
    harness.msw.use(
      http.get(`${FHIR_BASE}/Procedure`, () => new HttpResponse('oops', { status: 500 })),
      ...buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: [patient] }).handlers
    );
    const result = await invokeWithServer();
    expect(result.status).toBe(200);
    expect(result.text).toBe('{"cards":[]}');
  });

  it('endless paging stops at the page cap and still answers', async () => {
    let pages = 0;
    harness.msw.use(
      http.get(`${FHIR_BASE}/Patient/p1`, () => HttpResponse.json(patient)),
      http.get(`${FHIR_BASE}/:type`, ({ request }) => {
        pages += 1;
        const next = new URL(request.url);
        next.searchParams.set('_page', String(pages));
        return HttpResponse.json({
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: next.toString() }],
          entry: [],
        });
      })
    );
    const result = await invokeWithServer();
    expect(result.status).toBe(200);
    const searches = PATIENT_DATA_QUERIES.filter((query) => query.kind === 'search').length;
    expect(pages).toBe(searches * 5);
    expect(result.elapsed).toBeLessThan(DEADLINE_MS + SCHEDULING_MARGIN_MS);
  });

  it('queries the FHIR server in parallel: nine 200 ms queries take about one query, not nine', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    harness.msw.use(
      http.get(`${FHIR_BASE}/*`, async ({ request }) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await delay(200);
        inFlight -= 1;
        return new URL(request.url).pathname.endsWith('/Patient/p1')
          ? HttpResponse.json(patient)
          : HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      })
    );
    const result = await invokeWithServer();
    expect(result.status).toBe(200);
    expect(maxInFlight).toBe(PATIENT_DATA_QUERIES.length);
    expect(result.elapsed).toBeLessThan(2 * 200 + 200);
  });

  it('refuses FHIR redirects (they could leave the allow-list)', async () => {
    let redirected = false;
    harness.msw.use(
      http.get(
        `${FHIR_BASE}/*`,
        () => new HttpResponse(null, { status: 302, headers: { location: 'https://elsewhere.example.org/x' } })
      ),
      http.get('https://elsewhere.example.org/*', () => {
        redirected = true;
        return HttpResponse.json(patient);
      })
    );
    const result = await invokeWithServer();
    expect(result.status).toBe(412);
    expect(redirected).toBe(false);
  });
});

describe('request faults', () => {
  it('invalid JSON → 400 with an OperationOutcome', async () => {
    const response = await callService(service.baseUrl, PATIENT_VIEW, {
      token: await harness.sandboxToken(service.baseUrl, PATIENT_VIEW),
      rawBody: '{"hook": "patient-view",',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ diagnostics: 'Request body is not valid JSON' }],
    });
  });

  it('a body over the size limit → 413 with an OperationOutcome', async () => {
    const response = await callService(service.baseUrl, PATIENT_VIEW, {
      token: await harness.sandboxToken(service.baseUrl, PATIENT_VIEW),
      rawBody: JSON.stringify({ hook: 'patient-view', padding: 'x'.repeat(6 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ resourceType: 'OperationOutcome' });
  });

  it.each([
    [{ hook: 'order-sign', hookInstance: 'x', context: { patientId: 'p1' } }, 'hook: must be'],
    [{ hook: 'patient-view', hookInstance: 'x', context: { patientId: '../../etc' } }, 'context.patientId'],
    [
      { hook: 'patient-view', hookInstance: 'x', context: { patientId: 'p1' }, fhirAuthorization: FHIR_AUTHORIZATION },
      'fhirServer',
    ],
    [{ hook: 'patient-view', context: { patientId: 'p1' } }, 'hookInstance'],
    [
      { hook: 'patient-view', hookInstance: 'x', context: { patientId: 'p1' }, prefetch: { patient: 'nope' } },
      'prefetch.patient',
    ],
  ])('a body that breaks the schema → 400 saying what is wrong (%#)', async (body, message) => {
    const response = await callService(service.baseUrl, PATIENT_VIEW, {
      token: await harness.sandboxToken(service.baseUrl, PATIENT_VIEW),
      body,
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
  });

  it('an unexpected engine error → 500 with the request id only', async () => {
    const failing = createSpyEngine(() => {
      throw new Error('patient p1 has PHQ-9 27');
    });
    const app = await startTestApp(harness.env(), { engine: failing });
    try {
      const response = await callService(app.baseUrl, PATIENT_VIEW, {
        token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
        body: buildPatientViewRequest('p1', {
          prefetch: Object.fromEntries(
            PATIENT_DATA_QUERIES.map((query) => [query.key, query.kind === 'read' ? patient : null])
          ),
        }),
      });
      expect(response.status).toBe(500);
      expect(response.text).not.toContain('PHQ-9');
      expect(response.text).toContain(response.headers.get('x-request-id') ?? 'missing');
      expect(app.logs.join('')).not.toContain('PHQ-9 27');
    } finally {
      await app.stop();
    }
  });

  it('the JWT and the access token never reach the logs', () => {
    const logs = service.logs.join('');
    expect(logs).toContain('"status":412');
    expect(logs).not.toContain(FHIR_AUTHORIZATION.access_token);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});

describe('operations', () => {
  it('serves /healthz and Prometheus /metrics', async () => {
    expect((await callService(service.baseUrl, '/healthz')).json).toEqual({ status: 'ok' });
    const metrics = await callService(service.baseUrl, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('cds_request_duration_seconds_bucket');
  });

  it('unknown paths → 404 with an OperationOutcome', async () => {
    const response = await callService(service.baseUrl, '/nope');
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ resourceType: 'OperationOutcome' });
  });
});

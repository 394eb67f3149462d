import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_DATA_QUERIES } from '@tachywatch/shared';
import { UNAUTHORIZED_DIAGNOSTICS } from './errors';
import { startHostileFhirServer, type HostileFhirServer } from './testing/hostile-fhir-server';
import { buildPatientViewRequest, callService, createHarness, listenMsw, type Harness } from './testing/harness';
import { startTestApp, type RunningApp } from './testing/start-app';

/**
 * Regression tests for hostile input reaching the service through its real HTTP surface: FHIR answers that expand
 * without end, free text built to make a regular expression backtrack, slow clients, and the first-hour mistakes a
 * tester makes (wrong aud, a FHIR server off the allow-list, a call without a JWT).
 */

const PATIENT_VIEW = '/cds-services/tachyphylaxis-patient-view';
const DEADLINE_MS = 1500;
/** Generous: a loaded 2-core machine; the defects took 26 s and 12 s. */
const MARGIN_MS = 2000;

let harness: Harness;
let hostile: HostileFhirServer | undefined;
const apps: RunningApp[] = [];

beforeAll(async () => {
  harness = await createHarness();
  listenMsw(harness.msw);
});

afterEach(async () => {
  await hostile?.close();
  hostile = undefined;
  await Promise.all(apps.splice(0).map((app) => app.stop()));
});

afterAll(() => {
  harness.msw.close();
});

async function start(env: Record<string, string | undefined> = {}): Promise<RunningApp> {
  const app = await startTestApp(
    harness.env({ FHIR_TIMEOUT_MS: String(DEADLINE_MS), CDS_DEADLINE_MS: String(DEADLINE_MS), ...env })
  );
  apps.push(app);
  return app;
}

function prefetchWith(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    ...Object.fromEntries(
      PATIENT_DATA_QUERIES.map((query) => [
        query.key,
        query.kind === 'read' ? { resourceType: 'Patient', id: 'p1' } : null,
      ])
    ),
    ...overrides,
  };
}

function memoryInUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers + usage.external;
}

describe('bounded work per hook call', () => {
  it('a FHIR server answering with gzip that expands to 1 GiB: 412 within the deadline, memory bounded', async () => {
    hostile = await startHostileFhirServer('gzip-bomb');
    const app = await start({ ALLOWED_FHIR_SERVERS: hostile.baseUrl });
    const before = memoryInUse();
    const started = performance.now();
    const response = await callService(app.baseUrl, PATIENT_VIEW, {
      token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
      body: buildPatientViewRequest('p1', { fhirServer: hostile.baseUrl }),
    });
    const elapsed = performance.now() - started;
    expect(response.status).toBe(412);
    expect(elapsed).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    // Nine parallel queries, each cut at its share of the hook's byte budget: far from 9 GiB.
    expect(memoryInUse() - before).toBeLessThan(512 * 1024 * 1024);
    expect(hostile.produced.bytes).toBeLessThan(1024 * 1024 * 1024);
  });

  it('a FHIR server that trickles gzip forever: the hook call ends at its deadline', async () => {
    hostile = await startHostileFhirServer('slow-gzip');
    const app = await start({ ALLOWED_FHIR_SERVERS: hostile.baseUrl });
    const started = performance.now();
    const response = await callService(app.baseUrl, PATIENT_VIEW, {
      token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
      body: buildPatientViewRequest('p1', { fhirServer: hostile.baseUrl }),
    });
    expect(response.status).toBe(412);
    expect(performance.now() - started).toBeLessThan(DEADLINE_MS + MARGIN_MS);
  });

  it('a 100,000-digit dosage text does not block the process: /healthz answers during the call', async () => {
    const app = await start();
    const statement = {
      resourceType: 'MedicationStatement',
      id: 'ms1',
      status: 'active',
      subject: { reference: 'Patient/p1' },
      medicationCodeableConcept: { text: `sertraline ${'9'.repeat(100_000)}` },
      effectivePeriod: { start: '2025-01-10' },
      dosage: [{ text: `${'1'.repeat(100_000)} daily` }, { text: `${'1'.repeat(100_000)}x mg daily` }],
      note: [{ text: '1'.repeat(100_000) }],
    };
    const body = buildPatientViewRequest('p1', {
      prefetch: prefetchWith({
        medicationStatements: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: statement }] },
      }),
    });
    expect(JSON.stringify(body).length).toBeGreaterThan(300_000);
    const token = await harness.sandboxToken(app.baseUrl, PATIENT_VIEW);
    let finished = false;
    const hook = callService(app.baseUrl, PATIENT_VIEW, { token, body }).finally(() => {
      finished = true;
    });
    const probes: number[] = [];
    do {
      const started = performance.now();
      const health = await callService(app.baseUrl, '/healthz');
      expect(health.status).toBe(200);
      probes.push(performance.now() - started);
    } while (!finished);
    const response = await hook;
    expect(response.status).toBe(200);
    expect(Math.max(...probes)).toBeLessThan(MARGIN_MS);
  });

  it('a client that never finishes its headers is disconnected at HTTP_HEADERS_TIMEOUT_MS', async () => {
    const app = await start({ HTTP_HEADERS_TIMEOUT_MS: '300', HTTP_REQUEST_TIMEOUT_MS: '600' });
    const { port } = new URL(app.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
    });
    socket.write('POST /cds-services/tachyphylaxis-patient-view HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe("a tester's first hour", () => {
  it('without PUBLIC_BASE_URL, both localhost and 127.0.0.1 on the bound port are accepted audiences', async () => {
    const app = await start({ PUBLIC_BASE_URL: undefined });
    const { port } = new URL(app.baseUrl);
    for (const base of [`http://localhost:${port}`, `http://127.0.0.1:${port}`]) {
      const response = await callService(app.baseUrl, '/cds-services', {
        token: await harness.sandboxToken(base, '/cds-services'),
      });
      expect(response.status).toBe(200);
    }
  });

  it('an aud mismatch is logged as "expected one of …, got …", never with the token', async () => {
    const app = await start();
    const token = await harness.sandboxToken('http://cds.wrong.example:9', '/cds-services');
    const response = await callService(app.baseUrl, '/cds-services', { token });
    expect(response.status).toBe(401);
    const logs = app.logs.join('');
    expect(logs).toContain(`aud expected one of ${app.baseUrl}/cds-services, ${app.baseUrl}/cds-services/, got `);
    expect(logs).toContain('got http://cds.wrong.example:9/cds-services');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.split('.')[2]);
  });

  it('a call without a JWT gets a 401 that says a signed CDS client JWT is required and where that is explained', async () => {
    const app = await start();
    const response = await callService(app.baseUrl, '/cds-services');
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'login', diagnostics: UNAUTHORIZED_DIAGNOSTICS }],
    });
    expect(UNAUTHORIZED_DIAGNOSTICS).toMatch(/signed CDS client JWT is required.*README/);
  });

  it('a 412 because the FHIR server is not allowed is logged at warn with its origin', async () => {
    const app = await start({ ALLOWED_FHIR_SERVERS: 'http://127.0.0.1:1/fhir' });
    const response = await callService(app.baseUrl, PATIENT_VIEW, {
      token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
      body: buildPatientViewRequest('p1', { fhirServer: 'http://localhost:1/fhir' }),
    });
    expect(response.status).toBe(412);
    const warning = app.logs
      .map((line) => JSON.parse(line) as { level: number; msg: string; fhirServerOrigin?: string })
      .find((entry) => entry.fhirServerOrigin !== undefined);
    expect(warning).toMatchObject({ level: 40, fhirServerOrigin: 'http://localhost:1' });
    expect(warning?.msg).toContain('http://127.0.0.1:1/fhir');
  });

  it('METRICS_TOKEN puts /metrics behind a bearer token', async () => {
    const token = 'metrics-token-0123456789';
    const app = await start({ METRICS_TOKEN: token });
    expect((await callService(app.baseUrl, '/metrics')).status).toBe(401);
    expect((await callService(app.baseUrl, '/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(
      401
    );
    const allowed = await callService(app.baseUrl, '/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('cds_request_duration_seconds');
  });

  it('METRICS_PORT takes /metrics off the service port', async () => {
    const app = await start({ METRICS_PORT: '0' });
    expect((await callService(app.baseUrl, '/metrics')).status).toBe(404);
  });
});

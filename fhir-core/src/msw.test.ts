import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildFakeFhirServer } from './msw';

const BASE = 'http://fhir.test/r4';
const mswServer = setupServer();

beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

const statement = (id: string, patient = 'p1'): fhir4.MedicationStatement => ({
  resourceType: 'MedicationStatement',
  id,
  status: 'active',
  subject: { reference: `Patient/${patient}` },
  medicationCodeableConcept: { text: 'sertraline' },
});

describe('msw adapter', () => {
  it('serves searches from the core with the page size as default and cap, and records every request', async () => {
    const fake = buildFakeFhirServer({
      baseUrl: BASE,
      resources: [statement('a'), statement('b'), statement('c'), statement('d', 'p2')],
      pageSize: 2,
    });
    mswServer.use(...fake.handlers);
    const response = await fetch(`${BASE}/MedicationStatement?patient=p1&_count=50`, {
      headers: { authorization: 'Bearer t' },
    });
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const bundle = (await response.json()) as fhir4.Bundle;
    expect(bundle.total).toBe(3);
    expect(bundle.entry).toHaveLength(2);
    expect(bundle.entry?.[0]?.fullUrl).toBe(`${BASE}/MedicationStatement/a`);
    const next = bundle.link?.find((link) => link.relation === 'next')?.url ?? '';
    const second = (await (await fetch(next)).json()) as fhir4.Bundle;
    expect(second.entry?.map((entry) => entry.resource?.id)).toEqual(['c']);
    expect(fake.requests.map((request) => [request.method, request.url.pathname, request.authorization])).toEqual([
      ['GET', '/r4/MedicationStatement', 'Bearer t'],
      ['GET', '/r4/MedicationStatement', null],
    ]);
  });

  it('fails the configured resource types with their status and an OperationOutcome', async () => {
    const fake = buildFakeFhirServer({ baseUrl: BASE, resources: [statement('a')], failures: { Procedure: 403 } });
    mswServer.use(...fake.handlers);
    const failed = await fetch(`${BASE}/Procedure?patient=p1`);
    expect(failed.status).toBe(403);
    expect(((await failed.json()) as fhir4.OperationOutcome).resourceType).toBe('OperationOutcome');
    expect((await fetch(`${BASE}/MedicationStatement/a`)).status).toBe(200);
  });

  it('delays the configured resource types, and answers the others while a delayed one is pending', async () => {
    const fake = buildFakeFhirServer({ baseUrl: BASE, resources: [statement('a')], delays: { Procedure: 300 } });
    mswServer.use(...fake.handlers);
    const started = performance.now();
    let procedureAnswered = false;
    const procedure = fetch(`${BASE}/Procedure?patient=p1`).then((response) => {
      procedureAnswered = true;
      return { status: response.status, elapsed: performance.now() - started };
    });
    expect((await fetch(`${BASE}/MedicationStatement?patient=p1`)).status).toBe(200);
    expect(procedureAnswered).toBe(false);
    const { status, elapsed } = await procedure;
    expect(status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(290);
  });

  it('accepts writes and transactions at the base, and answers a malformed body with a 400', async () => {
    const fake = buildFakeFhirServer({ baseUrl: BASE, resources: [] });
    mswServer.use(...fake.handlers);
    const transaction = await fetch(BASE, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ resource: statement('x'), request: { method: 'PUT', url: 'MedicationStatement/x' } }],
      }),
    });
    expect(transaction.status).toBe(200);
    expect(fake.core.store.get('MedicationStatement', 'x')).toBeDefined();
    const malformed = await fetch(`${BASE}/MedicationStatement`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: '{not json',
    });
    expect(malformed.status).toBe(400);
  });

  it('refuses resources without an id', () => {
    expect(() => buildFakeFhirServer({ baseUrl: BASE, resources: [{ resourceType: 'Patient' }] })).toThrow(/id/);
  });
});

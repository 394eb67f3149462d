import { describe, expect, it } from 'vitest';
import { createFhirCore, type FhirCore } from './core';
import type { FhirRequest } from './http';
import type { FhirRoute } from './routes/route';
import { ResourceStore } from './store';

const BASE = 'http://fhir.test/r4';
const PHQ9_TOTAL = '44261-6';

function observation(id: string, patient: string, date: string, code = PHQ9_TOTAL): fhir4.Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: date,
  };
}

function request(method: string, target: string, body?: unknown): FhirRequest {
  const [path = '', query = ''] = target.split('?');
  return { method, path, query, headers: {}, body, baseUrl: BASE };
}

function buildCore(resources: readonly fhir4.Resource[], options: { routes?: readonly FhirRoute[] } = {}): FhirCore {
  const store = new ResourceStore(() => new Date('2025-01-01T00:00:00Z'));
  for (const resource of resources) store.put({ ...resource, id: resource.id ?? '' });
  return createFhirCore({ store, limits: { defaultCount: 2, maxCount: 3 }, ...options });
}

const RESOURCES: fhir4.Resource[] = [
  { resourceType: 'Patient', id: 'a' },
  observation('o1', 'a', '2024-01-15'),
  observation('o2', 'a', '2024-03-10'),
  observation('o3', 'a', '2024-05-01'),
  observation('o4', 'a', '2024-02-01', '89204-2'),
  observation('o5', 'b', '2024-01-20'),
];

const ids = (bundle: unknown): (string | undefined)[] =>
  ((bundle as fhir4.Bundle).entry ?? []).map((entry) => entry.resource?.id);

describe('FHIR core', () => {
  it('reads a resource with its version as a weak ETag, and answers 404 for an unknown one', () => {
    const core = buildCore(RESOURCES);
    const found = core.handle(request('GET', '/Patient/a'));
    expect(found.status).toBe(200);
    expect(found.headers.etag).toBe('W/"1"');
    expect(found.headers['content-type']).toContain('application/fhir+json');
    expect(core.handle(request('GET', '/Patient/zz')).status).toBe(404);
    expect(core.handle(request('GET', '/Nonsense/a')).status).toBe(404);
  });

  it('searches by patient, token system|code and date prefix, sorted, with the default page size and next links', () => {
    const core = buildCore(RESOURCES);
    const response = core.handle(
      request('GET', `/Observation?patient=a&code=http://loinc.org|${PHQ9_TOTAL}&date=ge2024-02&_sort=-date`)
    );
    expect(response.status).toBe(200);
    const bundle = response.body as fhir4.Bundle;
    expect(bundle.total).toBe(2);
    expect(ids(bundle)).toEqual(['o3', 'o2']);

    const firstPage = core.handle(request('GET', '/Observation?patient=a&_sort=date')).body as fhir4.Bundle;
    expect(firstPage.total).toBe(4);
    expect(ids(firstPage)).toEqual(['o1', 'o4']);
    const next = firstPage.link?.find((link) => link.relation === 'next')?.url ?? '';
    expect(next.startsWith(`${BASE}/Observation?`)).toBe(true);
    const secondPage = core.handle(request('GET', next.slice(BASE.length))).body as fhir4.Bundle;
    expect(ids(secondPage)).toEqual(['o2', 'o3']);
    expect(secondPage.link?.some((link) => link.relation === 'next')).toBe(false);
  });

  it('caps _count at the configured maximum', () => {
    const core = buildCore(RESOURCES);
    expect(ids(core.handle(request('GET', '/Observation?_count=100')).body)).toHaveLength(3);
  });

  it('limits searches to a patient compartment when asked', () => {
    const core = buildCore(RESOURCES);
    const bundle = core.handle(request('GET', '/Observation?_count=3'), { patientId: 'b' }).body;
    expect(ids(bundle)).toEqual(['o5']);
  });

  it('reads search parameters from a form-encoded POST _search body', () => {
    const core = buildCore(RESOURCES);
    const response = core.handle(request('POST', '/Observation/_search', 'patient=b'));
    expect(ids(response.body)).toEqual(['o5']);
  });

  it('answers an unsupported parameter with a 400 OperationOutcome that names it', () => {
    const core = buildCore(RESOURCES);
    const response = core.handle(request('GET', '/Observation?colour=blue'));
    expect(response.status).toBe(400);
    const outcome = response.body as fhir4.OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]?.diagnostics).toContain("'colour'");
  });

  it('creates, updates and deletes resources, and runs transactions all or nothing', () => {
    const core = buildCore([]);
    const created = core.handle(request('POST', '/Patient', { resourceType: 'Patient' }));
    expect(created.status).toBe(201);
    expect(created.headers.location).toMatch(new RegExp(`^${BASE}/Patient/[\\w-]+/_history/1$`));

    expect(core.handle(request('PUT', '/Patient/p1', { resourceType: 'Patient', id: 'p1' })).status).toBe(201);
    expect(core.handle(request('PUT', '/Patient/p1', { resourceType: 'Patient', id: 'p1' })).status).toBe(200);
    expect(core.handle(request('PUT', '/Patient/p1', { resourceType: 'Patient', id: 'other' })).status).toBe(400);

    const failing = core.handle(
      request('POST', '/', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: { resourceType: 'Patient', id: 'p2' }, request: { method: 'PUT', url: 'Patient/p2' } },
          { resource: { resourceType: 'Patient' }, request: { method: 'PATCH', url: 'Patient/p3' } },
        ],
      })
    );
    expect(failing.status).toBe(400);
    expect(core.store.get('Patient', 'p2')).toBeUndefined();

    expect(core.handle(request('DELETE', '/Patient/p1')).status).toBe(204);
    expect(core.handle(request('GET', '/Patient/p1')).status).toBe(404);
  });

  it('tries added routes before its own', () => {
    const route: FhirRoute = {
      method: 'POST',
      pattern: '/QuestionnaireResponse',
      handle: () => ({ status: 422, headers: {}, body: { resourceType: 'OperationOutcome', issue: [] } }),
    };
    const core = buildCore([], { routes: [route] });
    expect(
      core.handle(request('POST', '/QuestionnaireResponse', { resourceType: 'QuestionnaireResponse' })).status
    ).toBe(422);
  });

  it('answers an unknown endpoint with a 404 OperationOutcome', () => {
    const core = buildCore([]);
    const response = core.handle(request('PATCH', '/Patient/a'));
    expect(response.status).toBe(404);
    expect((response.body as fhir4.OperationOutcome).issue[0]?.code).toBe('not-found');
  });
});

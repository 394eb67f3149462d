import { describe, expect, it } from 'vitest';
import { createFhirCore, type FhirCore, type HandleOptions } from './core';
import { forbidden } from './errors';
import type { FhirRequest } from './http';
import { ResourceStore } from './store';
import type { PendingWrite, WriteValidator } from './write';

const BASE = 'http://fhir.test/r4';

function request(method: string, path: string, body?: unknown): FhirRequest {
  return { method, path, query: '', headers: {}, body, baseUrl: BASE };
}

/** Patients need a name; anything else is accepted. */
const requireName: WriteValidator = (resource) =>
  resource.resourceType === 'Patient' && !(resource as fhir4.Patient).name?.length
    ? ['Patient.name: required', 'Patient.name: at least one']
    : undefined;

function buildCore(validateWrite?: WriteValidator): FhirCore {
  const store = new ResourceStore(() => new Date('2026-01-01T00:00:00Z'));
  const kept: fhir4.Patient & { id: string } = { resourceType: 'Patient', id: 'kept', name: [{ text: 'Kept' }] };
  store.put(kept);
  return createFhirCore({ store, validateWrite });
}

const diagnostics = (body: unknown): string | undefined => (body as fhir4.OperationOutcome).issue[0]?.diagnostics;

describe('the core write-validation option', () => {
  it('answers 400 with an OperationOutcome listing the issues, and stores nothing, for POST and PUT', () => {
    const core = buildCore(requireName);
    const created = core.handle(request('POST', '/Patient', { resourceType: 'Patient' }));
    expect(created.status).toBe(400);
    expect(created.headers['content-type']).toContain('application/fhir+json');
    expect(created.headers.location).toBeUndefined();
    const outcome = created.body as fhir4.OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]).toMatchObject({ severity: 'error', code: 'invalid' });
    expect(outcome.issue[0]?.diagnostics).toBe('Invalid Patient: Patient.name: required; Patient.name: at least one');

    expect(core.handle(request('PUT', '/Patient/new', { resourceType: 'Patient', id: 'new' })).status).toBe(400);
    const replaced = core.handle(request('PUT', '/Patient/kept', { resourceType: 'Patient', id: 'kept' }));
    expect(replaced.status).toBe(400);
    expect(core.store.count()).toBe(1);
    expect(core.store.get('Patient', 'kept')).toMatchObject({ name: [{ text: 'Kept' }], meta: { versionId: '1' } });
  });

  it('stores a valid write as without the option; the core checks type and id before the validator runs', () => {
    const seen: string[] = [];
    const core = buildCore((resource) => {
      seen.push(resource.resourceType);
      return requireName(resource);
    });
    const created = core.handle(request('POST', '/Patient', { resourceType: 'Patient', name: [{ text: 'New' }] }));
    expect(created.status).toBe(201);
    expect(core.handle(request('POST', '/Patient', { resourceType: 'Observation' })).status).toBe(400);
    expect(core.handle(request('PUT', '/Patient/bad%20id', { resourceType: 'Patient' })).status).toBe(400);
    expect(seen).toEqual(['Patient']);
    expect(core.store.count()).toBe(2);
  });

  it('checks every create and update of a transaction (nothing applied) and of a batch (that entry fails)', () => {
    const core = buildCore(requireName);
    const entries: fhir4.BundleEntry[] = [
      {
        resource: { resourceType: 'Patient', id: 'p1', name: [{ text: 'One' }] },
        request: { method: 'PUT', url: 'Patient/p1' },
      },
      { resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
    ];
    const transaction = core.handle(
      request('POST', '/', { resourceType: 'Bundle', type: 'transaction', entry: entries })
    );
    expect(transaction.status).toBe(400);
    expect(diagnostics(transaction.body)).toBe(
      'entry[1]: Invalid Patient: Patient.name: required; Patient.name: at least one'
    );
    expect(core.store.get('Patient', 'p1')).toBeUndefined();

    const batch = core.handle(request('POST', '/', { resourceType: 'Bundle', type: 'batch', entry: entries }));
    expect(batch.status).toBe(200);
    const responses = (batch.body as fhir4.Bundle).entry?.map((entry) => entry.response?.status);
    expect(responses).toEqual(['201 Created', '400']);
    expect(core.store.count()).toBe(2);
  });
});

describe('the per-request write authorization hook', () => {
  it('sees each validated create with its server-assigned id and each update with the version it replaces', () => {
    const core = buildCore();
    const writes: PendingWrite[] = [];
    const options: HandleOptions = { authorizeWrite: (write) => writes.push(write) };
    const created = core.handle(request('POST', '/Patient', { resourceType: 'Patient', id: 'client-id' }), options);
    core.handle(request('PUT', '/Patient/kept', { resourceType: 'Patient', active: true }), options);
    core.handle(request('PUT', '/Patient/fresh', { resourceType: 'Patient' }), options);
    const createdId = (created.body as fhir4.Patient).id;
    expect(createdId).not.toBe('client-id');
    expect(writes.map(({ interaction, resource, previous }) => [interaction, resource.id, previous?.id])).toEqual([
      ['create', createdId, undefined],
      ['update', 'kept', 'kept'],
      ['update', 'fresh', undefined],
    ]);
    expect(writes[1]?.previous).toMatchObject({ name: [{ text: 'Kept' }] });
  });

  it('a refusal is answered as its OperationOutcome and stores nothing, in a single write or a transaction', () => {
    const core = buildCore();
    const options: HandleOptions = {
      authorizeWrite: () => {
        throw forbidden('Not this one');
      },
    };
    const refused = core.handle(request('PUT', '/Patient/kept', { resourceType: 'Patient', active: true }), options);
    expect(refused.status).toBe(403);
    expect((refused.body as fhir4.OperationOutcome).issue[0]).toMatchObject({
      code: 'forbidden',
      diagnostics: 'Not this one',
    });
    expect(core.handle(request('POST', '/Patient', { resourceType: 'Patient' }), options).status).toBe(403);
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } }],
    };
    expect(core.handle(request('POST', '/', bundle), options).status).toBe(403);
    expect(core.store.count()).toBe(1);
    expect(core.store.get('Patient', 'kept')).not.toHaveProperty('active');
  });

  it('is not asked about a write that fails validation', () => {
    const core = buildCore(requireName);
    let asked = 0;
    const response = core.handle(request('POST', '/Patient', { resourceType: 'Patient' }), {
      authorizeWrite: () => {
        asked += 1;
      },
    });
    expect(response.status).toBe(400);
    expect(asked).toBe(0);
  });
});

describe('single writes', () => {
  it('answer with the stored copy, its Location and its version as a weak ETag', () => {
    const core = buildCore();
    const created = core.handle(request('POST', '/Patient', { resourceType: 'Patient' }));
    const stored = created.body as fhir4.Patient;
    expect(created.headers.location).toBe(
      `${BASE}/Patient/${stored.id ?? ''}/_history/${stored.meta?.versionId ?? ''}`
    );
    expect(created.headers.etag).toBe(`W/"${stored.meta?.versionId ?? ''}"`);
    expect(core.store.get('Patient', stored.id ?? '')).toEqual(stored);

    const updated = core.handle(request('PUT', '/Patient/kept', { resourceType: 'Patient', active: true }));
    expect(updated.status).toBe(200);
    const version = (updated.body as fhir4.Patient).meta?.versionId ?? '';
    expect(version).not.toBe('1');
    expect(updated.headers.location).toBe(`${BASE}/Patient/kept/_history/${version}`);
    expect(updated.headers.etag).toBe(`W/"${version}"`);
  });
});

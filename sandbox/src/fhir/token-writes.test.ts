import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFhirPlatform, type FhirPlatform } from '../platform';
import { listen, type RunningServer } from '../support/listen';
import { ResourceStore } from '@tachywatch/fhir-core';

const QUESTIONNAIRE = 'https://tachywatch.org/fhir/Questionnaire/tachyphylaxis-review';

let server: RunningServer;
let platform: FhirPlatform;
let store: ResourceStore;
let fhirBase: string;

beforeAll(async () => {
  store = new ResourceStore();
  for (const id of ['a', 'b']) {
    store.put({ resourceType: 'Patient', id });
  }
  let origin = '';
  platform = await createFhirPlatform({ store, getOrigin: () => origin });
  server = await listen(platform.app, 0);
  origin = server.url;
  fhirBase = `${origin}/fhir`;
});
afterAll(() => server.close());

async function tokenFor(scope: string, patient: string | undefined = 'a'): Promise<Record<string, string>> {
  const { access_token } = await platform.auth.mintAccessToken({ clientId: 'app', scope, patient });
  return { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/fhir+json' };
}

function reviewResponse(patient: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: `${QUESTIONNAIRE}|1.0.0`,
    status: 'completed',
    subject: { reference: `Patient/${patient}` },
    authored: '2026-12-01T10:00:00Z',
    item: [{ linkId: 'conclusion', answer: [{ valueCoding: { code: 'not-now' } }] }],
    ...extra,
  };
}

const draftReferral = (patient: string): Record<string, unknown> => ({
  resourceType: 'ServiceRequest',
  status: 'draft',
  intent: 'proposal',
  subject: { reference: `Patient/${patient}` },
  code: { text: 'Transcranial magnetic stimulation' },
});

async function post(path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(`${fhirBase}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function diagnostics(response: Response): Promise<string> {
  const outcome = (await response.json()) as fhir4.OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  return outcome.issue[0]?.diagnostics ?? '';
}

describe('writes with a SMART access token', () => {
  it('creates a QuestionnaireResponse with a v2 .c scope, assigns id and meta, and finds it by patient and questionnaire', async () => {
    const headers = await tokenFor('patient/QuestionnaireResponse.cu patient/QuestionnaireResponse.rs');
    const response = await post('QuestionnaireResponse', { ...reviewResponse('a'), id: 'chosen-by-client' }, headers);
    expect(response.status).toBe(201);
    const created = (await response.json()) as fhir4.QuestionnaireResponse;
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.meta?.versionId).toBeDefined();
    expect(created.meta?.lastUpdated).toBeDefined();
    expect(response.headers.get('location')).toBe(
      `${fhirBase}/QuestionnaireResponse/${created.id ?? ''}/_history/${created.meta?.versionId ?? ''}`
    );

    for (const query of [
      `patient=a&questionnaire=${encodeURIComponent(QUESTIONNAIRE)}`,
      `subject=Patient/a&questionnaire=${encodeURIComponent(`${QUESTIONNAIRE}|1.0.0`)}`,
    ]) {
      const bundle = (await (
        await fetch(`${fhirBase}/QuestionnaireResponse?${query}`, { headers })
      ).json()) as fhir4.Bundle;
      expect(
        bundle.entry?.map((entry) => entry.resource?.id),
        query
      ).toContain(created.id);
    }
    const other = (await (
      await fetch(
        `${fhirBase}/QuestionnaireResponse?patient=a&questionnaire=${encodeURIComponent(`${QUESTIONNAIRE}|2.0.0`)}`,
        {
          headers,
        }
      )
    ).json()) as fhir4.Bundle;
    expect(other.entry ?? []).toEqual([]);
  });

  it('accepts the v1 .write scope and a draft ServiceRequest', async () => {
    const headers = await tokenFor('patient/ServiceRequest.write');
    const response = await post('ServiceRequest', draftReferral('a'), headers);
    expect(response.status).toBe(201);
    const created = (await response.json()) as fhir4.ServiceRequest;
    expect(store.get('ServiceRequest', created.id ?? '')).toMatchObject({ status: 'draft', intent: 'proposal' });
  });

  it('refuses a write without a create scope for the type (403 OperationOutcome), read scopes included', async () => {
    for (const scope of [
      'patient/QuestionnaireResponse.rs',
      'patient/QuestionnaireResponse.read',
      'patient/ServiceRequest.c',
    ]) {
      const response = await post('QuestionnaireResponse', reviewResponse('a'), await tokenFor(scope));
      expect(response.status, scope).toBe(403);
      expect(await diagnostics(response)).toContain('no create scope for QuestionnaireResponse');
    }
  });

  it("refuses a subject other than the token's patient, and a resource without a patient subject", async () => {
    const headers = await tokenFor('patient/QuestionnaireResponse.c patient/ServiceRequest.c');
    const before = store.count();
    const foreign = await post('QuestionnaireResponse', reviewResponse('b'), headers);
    expect(foreign.status).toBe(403);
    expect(await diagnostics(foreign)).toContain("the subject must be the token's patient");
    expect((await post('ServiceRequest', draftReferral('b'), headers)).status).toBe(403);
    const group = await post(
      'QuestionnaireResponse',
      reviewResponse('a', { subject: { reference: 'Group/g1' } }),
      headers
    );
    expect(group.status).toBe(400);
    expect(await diagnostics(group)).toContain('subject.reference: must be a Patient reference');
    expect(store.count()).toBe(before);
  });

  it('answers 400 naming the field for a malformed body, and 405 for types tokens cannot write', async () => {
    const headers = await tokenFor('patient/*.cu');
    const cases: [unknown, string][] = [
      [reviewResponse('a', { status: 'done' }), 'QuestionnaireResponse.status'],
      [reviewResponse('a', { item: [{ answer: [] }] }), 'QuestionnaireResponse.item.0.linkId'],
      [reviewResponse('a', { authored: 'yesterday' }), 'must be a FHIR dateTime'],
      [{ ...reviewResponse('a'), resourceType: 'Observation' }, "does not match the URL type 'QuestionnaireResponse'"],
      [[reviewResponse('a')], 'must be a FHIR resource'],
    ];
    for (const [body, message] of cases) {
      const response = await post('QuestionnaireResponse', body, headers);
      expect(response.status, message).toBe(400);
      expect(await diagnostics(response)).toContain(message);
    }
    const observation = await post(
      'Observation',
      { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/a' } },
      headers
    );
    expect(observation.status).toBe(405);
    const notJson = await fetch(`${fhirBase}/QuestionnaireResponse`, {
      method: 'POST',
      headers,
      body: '{"resourceType":',
    });
    expect(notJson.status).toBe(400);
  });

  it('amends with PUT and a .u scope, within the patient compartment only', async () => {
    const headers = await tokenFor('patient/QuestionnaireResponse.cu');
    const created = (await (
      await post('QuestionnaireResponse', reviewResponse('a'), headers)
    ).json()) as fhir4.Resource;
    const id = created.id ?? '';
    const put = (body: unknown, token: Record<string, string>): Promise<Response> =>
      fetch(`${fhirBase}/QuestionnaireResponse/${id}`, { method: 'PUT', headers: token, body: JSON.stringify(body) });

    const amended = await put({ ...reviewResponse('a', { status: 'amended' }), id }, headers);
    expect(amended.status).toBe(200);
    expect(((await amended.json()) as fhir4.QuestionnaireResponse).status).toBe('amended');
    expect((await put(reviewResponse('b', { status: 'amended' }), headers)).status).toBe(403);
    expect((await put(reviewResponse('a'), await tokenFor('patient/QuestionnaireResponse.c'))).status).toBe(403);
    const otherPatient = await tokenFor('patient/QuestionnaireResponse.cu', 'b');
    expect((await put(reviewResponse('b', { status: 'amended' }), otherPatient)).status).toBe(403);
    const unknown = await fetch(`${fhirBase}/QuestionnaireResponse/not-there`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(reviewResponse('a')),
    });
    expect(unknown.status).toBe(404);
    expect(store.get('QuestionnaireResponse', id)).toMatchObject({
      status: 'amended',
      subject: { reference: 'Patient/a' },
    });
  });

  it('advertises create and update on the writable types in the SMART endpoint CapabilityStatement', async () => {
    const statement = (await (await fetch(`${fhirBase}/metadata`)).json()) as fhir4.CapabilityStatement;
    const interactions = (type: string): string[] =>
      statement.rest?.[0]?.resource
        ?.find((resource) => resource.type === type)
        ?.interaction?.map((item) => item.code) ?? [];
    expect(interactions('QuestionnaireResponse')).toEqual(['read', 'search-type', 'create', 'update']);
    expect(interactions('ServiceRequest')).toEqual(['read', 'search-type', 'create', 'update']);
    expect(interactions('Observation')).toEqual(['read', 'search-type']);
  });
});

describe('token writes: authorization in the access layer, storage in the core', () => {
  async function createReview(): Promise<fhir4.Resource & { id: string }> {
    const response = await post(
      'QuestionnaireResponse',
      reviewResponse('a'),
      await tokenFor('patient/QuestionnaireResponse.c')
    );
    const created = (await response.json()) as fhir4.Resource;
    return { ...created, id: created.id ?? '' };
  }

  const put = async (path: string, body: unknown, headers: Record<string, string>): Promise<Response> =>
    fetch(`${fhirBase}/${path}`, { method: 'PUT', headers, body: JSON.stringify(body) });

  it('a token without the write scope gets 403 and nothing is stored, for a create and for an update', async () => {
    const existing = await createReview();
    const before = store.count();
    const readOnly = await tokenFor('patient/QuestionnaireResponse.rs patient/ServiceRequest.rs');
    const create = await post('QuestionnaireResponse', reviewResponse('a'), readOnly);
    expect(create.status).toBe(403);
    expect(await diagnostics(create)).toBe('The access token has no create scope for QuestionnaireResponse');
    expect((await post('ServiceRequest', draftReferral('a'), readOnly)).status).toBe(403);
    const update = await put(
      `QuestionnaireResponse/${existing.id}`,
      { ...reviewResponse('a', { status: 'amended' }), id: existing.id },
      await tokenFor('patient/QuestionnaireResponse.c')
    );
    expect(update.status).toBe(403);
    expect(await diagnostics(update)).toBe('The access token has no update scope for QuestionnaireResponse');
    expect(store.count()).toBe(before);
    expect(store.get('QuestionnaireResponse', existing.id)).toEqual(existing);
  });

  it("a write into another patient's compartment is refused and changes nothing, by POST or PUT", async () => {
    const existing = await createReview();
    const before = store.count();
    const tokenA = await tokenFor('patient/QuestionnaireResponse.cu');
    const tokenB = await tokenFor('patient/QuestionnaireResponse.cu', 'b');
    const path = `QuestionnaireResponse/${existing.id}`;
    const refusals = [
      await post('QuestionnaireResponse', reviewResponse('a'), tokenB),
      await put(path, { ...reviewResponse('b'), id: existing.id }, tokenA),
      await put(path, { ...reviewResponse('b'), id: existing.id }, tokenB),
      await put(path, { ...reviewResponse('a'), id: existing.id }, tokenB),
    ];
    for (const response of refusals) {
      expect(response.status).toBe(403);
      expect(await diagnostics(response)).toContain('limited to another patient');
    }
    expect(store.count()).toBe(before);
    expect(store.get('QuestionnaireResponse', existing.id)).toEqual(existing);
  });

  it('refuses every other write with a token, and creation by PUT, storing nothing', async () => {
    const existing = await createReview();
    const before = store.count();
    const headers = await tokenFor('patient/QuestionnaireResponse.cud patient/ServiceRequest.cu');
    const deleted = await fetch(`${fhirBase}/QuestionnaireResponse/${existing.id}`, { method: 'DELETE', headers });
    expect(deleted.status).toBe(403);
    expect(await diagnostics(deleted)).toContain('read-only for access tokens');
    const transaction = await post(
      '',
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ resource: reviewResponse('a'), request: { method: 'POST', url: 'QuestionnaireResponse' } }],
      },
      headers
    );
    expect(transaction.status).toBe(403);
    const patient = await put('Patient/a', { resourceType: 'Patient', id: 'a', active: false }, headers);
    expect(patient.status).toBe(405);
    expect(await diagnostics(patient)).toBe('Patient cannot be written with an access token on this server');
    const byPut = await put('ServiceRequest/chosen-id', { ...draftReferral('a'), id: 'chosen-id' }, headers);
    expect(byPut.status).toBe(404);
    expect(await diagnostics(byPut)).toBe('ServiceRequest/chosen-id is not known; create it with POST');
    expect(store.count()).toBe(before);
    expect(store.get('Patient', 'a')).not.toHaveProperty('active');
  });

  it('answers a create and an update with Location and ETag, keeping only meta.profile and meta.tag from the client', async () => {
    const headers = await tokenFor('patient/QuestionnaireResponse.cu');
    const meta = {
      versionId: '99',
      lastUpdated: '2000-01-01T00:00:00Z',
      source: 'urn:client',
      security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }],
      profile: ['http://hl7.org/fhir/StructureDefinition/QuestionnaireResponse'],
      tag: [{ code: 'tachywatch-review' }],
    };
    const response = await post('QuestionnaireResponse', reviewResponse('a', { meta }), headers);
    expect(response.status).toBe(201);
    const created = (await response.json()) as fhir4.QuestionnaireResponse;
    const id = created.id ?? '';
    const version = created.meta?.versionId ?? '';
    expect(response.headers.get('etag')).toBe(`W/"${version}"`);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    expect(created.meta).toEqual({
      profile: meta.profile,
      tag: meta.tag,
      versionId: version,
      lastUpdated: expect.not.stringMatching(/^2000/) as unknown,
    });
    expect(store.get('QuestionnaireResponse', id)).toEqual(created);

    const amended = await put(
      `QuestionnaireResponse/${id}`,
      { ...reviewResponse('a', { status: 'amended', meta: { source: 'urn:client' } }), id },
      headers
    );
    expect(amended.status).toBe(200);
    const stored = (await amended.json()) as fhir4.QuestionnaireResponse;
    const next = stored.meta?.versionId ?? '';
    expect(next).not.toBe(version);
    expect(stored.meta).not.toHaveProperty('source');
    expect(amended.headers.get('location')).toBe(`${fhirBase}/QuestionnaireResponse/${id}/_history/${next}`);
    expect(amended.headers.get('etag')).toBe(`W/"${next}"`);
  });
});

import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../support/listen';
import { createFhirServer } from './router';
import { ResourceStore } from '@tachywatch/fhir-core';

const LOINC = 'http://loinc.org';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

function observation(
  id: string,
  patient: string,
  loinc: string,
  effective: Partial<fhir4.Observation>
): fhir4.Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }],
    code: { coding: [{ system: LOINC, code: loinc }] },
    subject: { reference: `Patient/${patient}` },
    ...effective,
  };
}

function buildTransaction(resources: fhir4.Resource[]): fhir4.Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({
      resource: resource as fhir4.FhirResource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id ?? ''}` },
    })),
  };
}

const RESOURCES: fhir4.Resource[] = [
  { resourceType: 'Patient', id: 'a', name: [{ family: 'Alpha', given: ['Ann'] }], gender: 'female' } as fhir4.Patient,
  { resourceType: 'Patient', id: 'b', name: [{ family: 'Beta' }] } as fhir4.Patient,
  observation('o1', 'a', '44261-6', { effectiveDateTime: '2024-01-15' }),
  observation('o2', 'a', '44261-6', { effectiveDateTime: '2024-03-10T10:00:00Z' }),
  observation('o3', 'a', '44261-6', { effectivePeriod: { start: '2024-02-01', end: '2024-02-20' } }),
  observation('o4', 'a', '89204-2', { effectiveDateTime: '2023-12-31' }),
  observation('o5', 'a', '72166-2', { effectiveDateTime: '2024-05-01', code: { coding: [{ code: '72166-2' }] } }),
  observation('o6', 'b', '44261-6', { effectiveDateTime: '2024-01-20' }),
  observation('o7', 'a', '44261-6', { effectivePeriod: { start: '2024-06-01' }, status: 'amended' }),
  { resourceType: 'Medication', id: 'm1', code: { coding: [{ system: RXNORM, code: '312938' }] } } as fhir4.Medication,
  {
    resourceType: 'MedicationRequest',
    id: 'mr1',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/a' },
    medicationReference: { reference: 'Medication/m1' },
    authoredOn: '2023-06-01',
  } as fhir4.MedicationRequest,
  {
    resourceType: 'MedicationRequest',
    id: 'mr2',
    status: 'stopped',
    intent: 'plan',
    subject: { reference: 'Patient/a' },
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: '310385' }] },
    authoredOn: '2022-06-01',
  } as fhir4.MedicationRequest,
  {
    resourceType: 'MedicationStatement',
    id: 'ms1',
    status: 'active',
    subject: { reference: 'Patient/a' },
    medicationReference: { reference: 'Medication/m1' },
    effectivePeriod: { start: '2023-06-01' },
  } as fhir4.MedicationStatement,
  {
    resourceType: 'Condition',
    id: 'c1',
    subject: { reference: 'Patient/a' },
    category: [{ coding: [{ code: 'problem-list-item' }] }],
    code: { coding: [{ system: 'http://snomed.info/sct', code: '35489007' }] },
  } as fhir4.Condition,
  {
    resourceType: 'Condition',
    id: 'c2',
    subject: { reference: 'Patient/a' },
    category: [{ coding: [{ code: 'encounter-diagnosis' }] }],
  } as fhir4.Condition,
];

let server: RunningServer;
let store: ResourceStore;

beforeAll(async () => {
  store = new ResourceStore();
  const app = express();
  app.use('/fhir', createFhirServer({ store, access: { mode: 'open' } }));
  server = await listen(app, 0);
});
afterAll(() => server.close());

beforeEach(async () => {
  store.clear();
  const response = await post('', buildTransaction(RESOURCES));
  expect(response.status).toBe(200);
});

function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}/fhir${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json' },
    body: JSON.stringify(body),
  });
}

async function search(query: string): Promise<fhir4.Bundle> {
  const response = await fetch(`${server.url}/fhir/${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as fhir4.Bundle;
}

async function searchIds(query: string): Promise<string[]> {
  const bundle = await search(query);
  return (bundle.entry ?? [])
    .filter((entry) => entry.search?.mode === 'match')
    .map((entry) => entry.resource?.id ?? '');
}

const sorted = (ids: string[]): string[] => [...ids].sort();

describe('FHIR search semantics', () => {
  it('searches by patient and subject, with a bare id or a Patient/ reference', async () => {
    expect(sorted(await searchIds('Observation?patient=b'))).toEqual(['o6']);
    expect(sorted(await searchIds('Observation?patient=Patient%2Fb'))).toEqual(['o6']);
    expect(sorted(await searchIds('Observation?subject=Patient%2Fb'))).toEqual(['o6']);
    expect(sorted(await searchIds('Observation?subject=b'))).toEqual(['o6']);
    expect(sorted(await searchIds('Condition?patient=a'))).toEqual(['c1', 'c2']);
  });

  it('answers with a searchset: total, fullUrl, search.mode match and FHIR JSON', async () => {
    const response = await fetch(`${server.url}/fhir/Observation?patient=b`);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const bundle = (await response.json()) as fhir4.Bundle;
    expect(bundle.type).toBe('searchset');
    expect(bundle.total).toBe(1);
    expect(bundle.entry?.[0]?.fullUrl).toBe(`${server.url}/fhir/Observation/o6`);
    expect(bundle.entry?.[0]?.search?.mode).toBe('match');
  });

  it('matches codes with a system, without one, with an empty system, and several codes as OR', async () => {
    const a = 'Observation?patient=a&code=';
    expect(sorted(await searchIds(`${a}${encodeURIComponent(`${LOINC}|89204-2`)}`))).toEqual(['o4']);
    expect(sorted(await searchIds(`${a}89204-2`))).toEqual(['o4']);
    expect(sorted(await searchIds(`${a}72166-2`))).toEqual(['o5']);
    expect(sorted(await searchIds(`${a}${encodeURIComponent('|72166-2')}`))).toEqual(['o5']);
    expect(sorted(await searchIds(`${a}${encodeURIComponent(`${LOINC}|72166-2`)}`))).toEqual([]);
    expect(sorted(await searchIds(`${a}${encodeURIComponent(`${LOINC}|89204-2,${LOINC}|72166-2,|72166-2`)}`))).toEqual([
      'o4',
      'o5',
    ]);
    expect(sorted(await searchIds(`${a}${encodeURIComponent(`${LOINC}|`)}`))).toEqual(['o1', 'o2', 'o3', 'o4', 'o7']);
  });

  it('matches medication codes on medicationCodeableConcept', async () => {
    expect(await searchIds(`MedicationRequest?patient=a&code=${encodeURIComponent(`${RXNORM}|310385`)}`)).toEqual([
      'mr2',
    ]);
  });

  it('matches status lists, intent, category and _id', async () => {
    expect(sorted(await searchIds('MedicationRequest?patient=a&status=active,on-hold'))).toEqual(['mr1']);
    expect(sorted(await searchIds('MedicationRequest?patient=a&status=active,stopped'))).toEqual(['mr1', 'mr2']);
    expect(sorted(await searchIds('MedicationRequest?patient=a&intent=plan'))).toEqual(['mr2']);
    expect(sorted(await searchIds('Condition?patient=a&category=problem-list-item,health-concern'))).toEqual(['c1']);
    expect(sorted(await searchIds('Observation?patient=a&status=amended'))).toEqual(['o7']);
    expect(sorted(await searchIds('Observation?_id=o2,o6'))).toEqual(['o2', 'o6']);
    expect(sorted(await searchIds('Observation?patient=a&category=survey&code=89204-2'))).toEqual(['o4']);
  });

  it.each([
    ['2024-01-15', ['o1']],
    ['eq2024-01', ['o1', 'o6']],
    ['2024', ['o1', 'o2', 'o3', 'o5', 'o6']],
    ['eq2024-02', ['o3']],
    ['eq2024-02-10', []],
    ['lt2024-01-15', ['o4']],
    ['le2024-01-15', ['o1', 'o4']],
    ['gt2024-02-10', ['o2', 'o3', 'o5', 'o7']],
    ['ge2024-03-10', ['o2', 'o5', 'o7']],
    ['sa2024-02-10', ['o2', 'o5', 'o7']],
    ['eb2024-02-10', ['o1', 'o4', 'o6']],
    ['ne2024', ['o4', 'o7']],
    ['gt2024-03-10T10:00:00Z', ['o5', 'o7']],
    ['eq2024-03-10T10:00:00Z', ['o2']],
    ['eq2024-03-10T12:00:00%2B02:00', ['o2']],
  ])('date=%s on dateTime and Period values', async (value, expected) => {
    expect(sorted(await searchIds(`Observation?date=${value}`))).toEqual(sorted(expected));
    const onlyA = expected.filter((id) => id !== 'o6');
    expect(sorted(await searchIds(`Observation?subject=a&date=${value}`))).toEqual(sorted(onlyA));
  });

  it('treats a repeated date parameter as AND (a range)', async () => {
    expect(sorted(await searchIds('Observation?patient=a&date=ge2024-01-01&date=lt2024-02-01'))).toEqual(['o1']);
  });

  it('sorts by date ascending and descending, Periods by start, undated resources last', async () => {
    expect(await searchIds('Observation?patient=a&_sort=date')).toEqual(['o4', 'o1', 'o3', 'o2', 'o5', 'o7']);
    expect(await searchIds('Observation?patient=a&_sort=-date')).toEqual(['o7', 'o5', 'o2', 'o3', 'o1', 'o4']);
    expect(await searchIds('MedicationRequest?patient=a&_sort=-authoredon')).toEqual(['mr1', 'mr2']);
  });

  it("answers the SMART launcher's patient-picker query (_sort:desc, _summary=true, name:contains, _format)", async () => {
    const query = 'Patient?_format=json&_summary=true&_count=10&_sort:desc=family';
    expect(await searchIds(query)).toEqual(await searchIds('Patient?_sort=-family'));
    expect(await searchIds('Patient?_sort:asc=family')).toEqual(await searchIds('Patient?_sort=family'));
    expect(await searchIds('Patient?_sort:desc=-family')).toEqual(await searchIds('Patient?_sort=family'));
    expect(await searchIds('Patient?name:contains=lph&_summary=true')).toEqual(['a']);
  });

  it('pages with _count: following every next link returns each match exactly once', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${server.url}/fhir/Observation?patient=a&_sort=-date&_count=2`;
    let pages = 0;
    while (url) {
      const response = await fetch(url);
      const bundle = (await response.json()) as fhir4.Bundle;
      expect(bundle.total).toBe(6);
      expect(bundle.link?.find((link) => link.relation === 'self')?.url).toBeDefined();
      seen.push(...(bundle.entry ?? []).map((entry) => entry.resource?.id ?? ''));
      url = bundle.link?.find((link) => link.relation === 'next')?.url;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['o7', 'o5', 'o2', 'o3', 'o1', 'o4']);
  });

  it('returns only the total with _count=0', async () => {
    const bundle = await search('Observation?patient=a&_count=0');
    expect(bundle.total).toBe(6);
    expect(bundle.entry).toEqual([]);
  });

  it('includes referenced Medications with search.mode include, once', async () => {
    const bundle = await search('MedicationRequest?patient=a&_include=MedicationRequest:medication');
    const included = (bundle.entry ?? []).filter((entry) => entry.search?.mode === 'include');
    expect(included.map((entry) => entry.resource?.id)).toEqual(['m1']);
    expect(included[0]?.fullUrl).toBe(`${server.url}/fhir/Medication/m1`);
    expect(bundle.total).toBe(2);
    const statements = await search('MedicationStatement?patient=a&_include=MedicationStatement:medication');
    expect(statements.entry?.map((entry) => entry.search?.mode)).toEqual(['match', 'include']);
  });

  it('supports POST {Type}/_search with a form-encoded body', async () => {
    const response = await fetch(`${server.url}/fhir/Observation/_search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ patient: 'a', code: `${LOINC}|89204-2` }).toString(),
    });
    expect(response.status).toBe(200);
    const bundle = (await response.json()) as fhir4.Bundle;
    expect(bundle.entry?.map((entry) => entry.resource?.id)).toEqual(['o4']);
  });

  it('runs every query the product sends', async () => {
    const { PATIENT_DATA_QUERIES, buildPatientQueryPath } = await import('@tachywatch/shared');
    for (const query of PATIENT_DATA_QUERIES) {
      const response = await fetch(`${server.url}/fhir/${buildPatientQueryPath(query, 'a')}`);
      expect(response.status, query.key).toBe(200);
    }
    const phq9 = PATIENT_DATA_QUERIES.find((query) => query.key === 'phq9');
    expect(phq9).toBeDefined();
    if (phq9) expect(sorted(await searchIds(buildPatientQueryPath(phq9, 'a')))).toEqual(['o1', 'o2', 'o3', 'o4', 'o7']);
  });

  it.each([
    ['an unknown parameter', 'Observation?patient=a&foo=bar'],
    ['an unsupported modifier', 'Observation?patient=a&code:text=phq'],
    ['an unsupported prefix', 'Observation?patient=a&date=ap2024'],
    ['an invalid date', 'Observation?patient=a&date=2024-13'],
    ['an unsupported _include', 'Observation?patient=a&_include=Observation:subject'],
    ['an unsupported _sort key', 'Observation?patient=a&_sort=foo'],
    ['a _summary subset the server does not make', 'Patient?_summary=count'],
    ['a modifier other than asc/desc on _sort', 'Patient?_sort:text=family'],
    ['chaining', 'Observation?patient.name=Alpha'],
    ['a reference to the wrong type', 'Observation?patient=Group%2F1'],
  ])('answers 400 with an OperationOutcome for %s', async (_label, query) => {
    const response = await fetch(`${server.url}/fhir/${query}`);
    expect(response.status).toBe(400);
    const outcome = (await response.json()) as fhir4.OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]?.diagnostics).toBeTruthy();
  });

  it('searches patients by name', async () => {
    expect(await searchIds('Patient?name=alp')).toEqual(['a']);
    expect(await searchIds('Patient?family:exact=Beta')).toEqual(['b']);
  });
});

describe('FHIR read, writes and bundles', () => {
  it('reads a resource and answers 404 with an OperationOutcome when absent', async () => {
    const ok = await fetch(`${server.url}/fhir/Patient/a`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as fhir4.Patient).name?.[0]?.family).toBe('Alpha');
    const missing = await fetch(`${server.url}/fhir/Patient/zzz`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as fhir4.OperationOutcome).resourceType).toBe('OperationOutcome');
    expect((await fetch(`${server.url}/fhir/Nonsense/1`)).status).toBe(404);
  });

  it('applies nothing from a transaction with one bad entry', async () => {
    const bundle = buildTransaction([
      { resourceType: 'Patient', id: 'new-one' },
      { resourceType: 'Observation', id: 'o1', status: 'cancelled', code: {} } as fhir4.Observation,
    ]);
    bundle.entry!.push({
      request: { method: 'PUT', url: 'Patient/mismatch' },
      resource: { resourceType: 'Patient', id: 'other' },
    });
    const response = await post('', bundle);
    expect(response.status).toBe(400);
    expect((await fetch(`${server.url}/fhir/Patient/new-one`)).status).toBe(404);
    expect(((await (await fetch(`${server.url}/fhir/Observation/o1`)).json()) as fhir4.Observation).status).toBe(
      'final'
    );
  });

  it.each([
    ['a null entry', { resourceType: 'Bundle', type: 'transaction', entry: [null] }],
    ['entry as an object', { resourceType: 'Bundle', type: 'transaction', entry: {} }],
    [
      'an entry without request',
      { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient' } }] },
    ],
    [
      'a GET entry',
      { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'GET', url: 'Patient/a' } }] },
    ],
    [
      'an unknown method',
      { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'BREW', url: 'Patient' } }] },
    ],
    [
      'a conditional update',
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ request: { method: 'PUT', url: 'Patient?identifier=x' } }],
      },
    ],
    ['a searchset', { resourceType: 'Bundle', type: 'searchset' }],
    ['a non-Bundle', { resourceType: 'Patient' }],
  ])('answers 400 with an OperationOutcome for %s', async (_label, body) => {
    const response = await post('', body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as fhir4.OperationOutcome).resourceType).toBe('OperationOutcome');
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await fetch(`${server.url}/fhir`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: '{"resourceType":',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as fhir4.OperationOutcome).resourceType).toBe('OperationOutcome');
  });

  it('applies transactions with PUT, POST (resolving urn:uuid references) and DELETE', async () => {
    const response = await post('', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:p1', resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
        {
          resource: {
            resourceType: 'Observation',
            id: 'x1',
            status: 'final',
            code: {},
            subject: { reference: 'urn:uuid:p1' },
          },
          request: { method: 'PUT', url: 'Observation/x1' },
        },
        { request: { method: 'DELETE', url: 'Observation/o6' } },
      ],
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as fhir4.Bundle;
    expect(result.type).toBe('transaction-response');
    expect(result.entry?.map((entry) => entry.response?.status)).toEqual([
      '201 Created',
      '201 Created',
      '204 No Content',
    ]);
    const patientId = result.entry?.[0]?.response?.location?.split('/')[1] ?? '';
    expect(await searchIds(`Observation?patient=${patientId}`)).toEqual(['x1']);
    expect((await fetch(`${server.url}/fhir/Observation/o6`)).status).toBe(404);
  });

  it('applies the valid entries of a batch and reports the bad ones', async () => {
    const response = await post('', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: { resourceType: 'Patient', id: 'c' }, request: { method: 'PUT', url: 'Patient/c' } },
        { resource: { resourceType: 'Patient', id: 'd' }, request: { method: 'PUT', url: 'Observation/d' } },
      ],
    });
    const result = (await response.json()) as fhir4.Bundle;
    expect(result.type).toBe('batch-response');
    expect(result.entry?.map((entry) => entry.response?.status)).toEqual(['201 Created', '400']);
    expect((await fetch(`${server.url}/fhir/Patient/c`)).status).toBe(200);
  });

  it('supports PUT and DELETE on a single resource', async () => {
    const put = await fetch(`${server.url}/fhir/Patient/e`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', id: 'e' }),
    });
    expect(put.status).toBe(201);
    expect((await fetch(`${server.url}/fhir/Patient/e`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${server.url}/fhir/Patient/e`)).status).toBe(404);
  });

  it('answers CORS preflights for browser clients', async () => {
    const response = await fetch(`${server.url}/fhir/Observation/_search`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://sandbox.cds-hooks.org', 'Access-Control-Request-Method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('Authorization');
  });

  it('lists exactly the supported search parameters in its CapabilityStatement', async () => {
    const statement = (await (await fetch(`${server.url}/fhir/metadata`)).json()) as fhir4.CapabilityStatement;
    const observation = statement.rest?.[0]?.resource?.find((resource) => resource.type === 'Observation');
    expect(observation?.searchParam?.map((param) => param.name).sort()).toEqual(
      ['_id', '_lastUpdated', 'category', 'code', 'date', 'patient', 'status', 'subject'].sort()
    );
    const requests = statement.rest?.[0]?.resource?.find((resource) => resource.type === 'MedicationRequest');
    expect(requests?.searchInclude).toEqual(['MedicationRequest:medication']);
  });
});

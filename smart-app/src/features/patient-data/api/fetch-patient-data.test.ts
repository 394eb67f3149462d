import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_DATA_QUERIES } from '@tachywatch/shared';
import { buildFakeFhirServer } from '@tachywatch/fhir-core/msw';
import { FHIR_BASE, mswServer } from '../../../testing/msw-server';
import { buildTestClient } from '../../../testing/fhir-test-client';
import { buildPatientRequests, fetchPatientData } from './fetch-patient-data';
import type { QueryProgress } from './fetch-patient-data';

const patient: fhir4.Patient = { resourceType: 'Patient', id: 'p1', birthDate: '1990-04-02', gender: 'female' };

function statement(id: string): fhir4.MedicationStatement {
  return {
    resourceType: 'MedicationStatement',
    id,
    status: 'active',
    subject: { reference: 'Patient/p1' },
    medicationCodeableConcept: { text: 'sertraline 50 MG Oral Tablet' },
  };
}

beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

describe('fetchPatientData', () => {
  it('sends every query with explicit status lists, a code on every Observation search and the bearer token', async () => {
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: [patient] });
    mswServer.use(...fake.handlers);

    await fetchPatientData(buildTestClient(), 'p1');

    const searches = fake.requests.filter((request) => request.url.pathname !== '/r4/Patient/p1');
    // Every search of the shared query list (medications, PHQ-9, conditions, procedures, tobacco/PGx, thyroid tests).
    expect(searches).toHaveLength(PATIENT_DATA_QUERIES.length - 1);
    for (const request of fake.requests) {
      expect(request.authorization).toBe('Bearer test-access-token');
    }
    for (const request of searches) {
      const type = request.url.pathname.split('/').at(-1);
      expect(request.url.searchParams.get('patient')).toBe('p1');
      if (type === 'Observation') {
        expect(request.url.searchParams.get('code')).toMatch(/^http:\/\/loinc\.org\|/);
        expect(request.url.searchParams.get('_sort')).toBe('-date');
      }
      if (type === 'MedicationStatement' || type === 'MedicationRequest' || type === 'MedicationDispense') {
        expect(request.url.searchParams.get('status')).toBeTruthy();
      }
    }
    const statements = searches.find((request) => request.url.pathname.endsWith('/MedicationStatement'));
    expect(statements?.url.searchParams.get('status')).toBe(
      'active,completed,intended,stopped,on-hold,unknown,not-taken'
    );
    // Values are percent-encoded on the wire (the SMART launcher's proxy collapses an unencoded `//`).
    const phq9 = searches.find((request) => request.url.searchParams.get('code')?.includes('44261-6'));
    expect(phq9?.url.href).toContain('http%3A%2F%2Floinc.org');
  });

  it('follows every next link, so a resource on the third page is still read', async () => {
    const resources = [patient, ...['a', 'b', 'c', 'd', 'e'].map(statement)];
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources, pageSize: 2 });
    mswServer.use(...fake.handlers);

    const data = await fetchPatientData(buildTestClient(), 'p1');

    const ids = data.resources
      .filter(
        (resource): resource is fhir4.MedicationStatement =>
          (resource as fhir4.Resource).resourceType === 'MedicationStatement'
      )
      .map((resource) => resource.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(fake.requests.filter((request) => request.url.pathname.endsWith('/MedicationStatement'))).toHaveLength(3);
    expect(data.queries.find((query) => query.key === 'medicationStatements')).toMatchObject({
      status: 'done',
      count: 5,
    });
  });

  it('records a failing optional query without failing the others, and reports progress per query', async () => {
    const fake = buildFakeFhirServer({
      baseUrl: FHIR_BASE,
      resources: [patient, statement('a')],
      failures: { Procedure: 400 },
    });
    mswServer.use(...fake.handlers);
    const seen: QueryProgress[] = [];

    const data = await fetchPatientData(buildTestClient(), 'p1', { onProgress: (progress) => seen.push(progress) });

    expect(seen).toHaveLength(PATIENT_DATA_QUERIES.length);
    const procedures = data.queries.find((query) => query.key === 'procedures');
    expect(procedures).toMatchObject({ status: 'failed', required: false });
    expect(procedures?.error?.kind).toBe('server-error');
    expect(data.queries.filter((query) => query.status === 'done')).toHaveLength(PATIENT_DATA_QUERIES.length - 1);
    expect(data.resources).toHaveLength(2);
  });

  it('marks a failing required query with an expired-token error the user can act on', async () => {
    const fake = buildFakeFhirServer({
      baseUrl: FHIR_BASE,
      resources: [patient],
      failures: { MedicationStatement: 401 },
    });
    mswServer.use(...fake.handlers);

    const data = await fetchPatientData(buildTestClient(), 'p1');

    const statements = data.queries.find((query) => query.key === 'medicationStatements');
    expect(statements).toMatchObject({ status: 'failed', required: true });
    expect(statements?.error?.kind).toBe('expired');
  });

  it('says "patient not found" when the Patient read answers 404 (not that the server failed)', async () => {
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: [statement('a')] });
    mswServer.use(...fake.handlers);

    const data = await fetchPatientData(buildTestClient(), 'p1');

    const read = data.queries.find((query) => query.key === 'patient');
    expect(read).toMatchObject({ status: 'failed', required: true });
    expect(read?.error?.kind).toBe('patient-not-found');
    expect(read?.error?.title).toMatch(/^Patient not found/);
  });

  it('builds the read of the patient and a search per data type from the shared query list', () => {
    const paths = buildPatientRequests('p 1').map((request) => request.path);
    expect(paths[0]).toBe('Patient/p%201');
    expect(paths.every((path) => !path.includes('*'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { PatientRecord } from '../domain/record';
import { readPatientRecord } from './read-patient-record';
import {
  LOINC,
  PATIENT_ID,
  SNOMED,
  buildDispense,
  buildPatient,
  buildRequest,
  buildStatement,
  observation,
  total,
} from './test-resources';

const SERVER = 'https://ehr.example.org/fhir';

/** One resource of every type the reader counts, each readable into the record when its subject is the patient's. */
const RESOURCES: Readonly<Record<string, (subject: fhir4.Reference | undefined) => fhir4.FhirResource>> = {
  MedicationStatement: (subject) => withSubject(buildStatement(), subject),
  MedicationRequest: (subject) => withSubject(buildRequest(), subject),
  MedicationDispense: (subject) => withSubject(buildDispense(), subject),
  'Observation (PHQ-9)': (subject) => withSubject(total('t1', 14, '2025-03-04'), subject),
  'Observation (tobacco)': (subject) =>
    withSubject(
      observation('s1', '72166-2', '2025-01-05', {
        valueCodeableConcept: { coding: [{ system: SNOMED, code: '8517006' }] },
      }),
      subject
    ),
  'Observation (pharmacogenomics)': (subject) =>
    withSubject(
      observation('g1', '53040-2', '2021-02-10', {
        code: { coding: [{ system: LOINC, code: '53040-2' }], text: 'CYP2D6 phenotype' },
        valueString: 'Poor metabolizer',
      }),
      subject
    ),
  QuestionnaireResponse: (subject) =>
    withSubject(
      {
        resourceType: 'QuestionnaireResponse',
        id: 'qr1',
        status: 'completed',
        authored: '2025-03-04',
        questionnaire: 'http://loinc.org/vs/44249-1',
        item: [{ linkId: '44261-6', answer: [{ valueInteger: 12 }] }],
      },
      subject
    ),
  Condition: (subject) =>
    withSubject(
      {
        resourceType: 'Condition',
        id: 'c1',
        subject: { reference: `Patient/${PATIENT_ID}` },
        clinicalStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
        },
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F33.1' }] },
        onsetDateTime: '2024-02-01',
      },
      subject
    ),
  Procedure: (subject) =>
    withSubject(
      {
        resourceType: 'Procedure',
        id: 'pr1',
        subject: { reference: `Patient/${PATIENT_ID}` },
        status: 'completed',
        code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '90868' }] },
        performedDateTime: '2025-02-01T09:00:00Z',
      },
      subject
    ),
};

function withSubject<T extends fhir4.FhirResource>(resource: T, subject: fhir4.Reference | undefined): T {
  const copy: Record<string, unknown> = { ...resource };
  delete copy.subject;
  if (subject !== undefined) copy.subject = subject;
  return copy as T;
}

function countedFacts(record: PatientRecord): number {
  return (
    record.medications.length +
    record.phq9.length +
    record.conditions.length +
    record.procedures.length +
    record.tobacco.length +
    record.pharmacogenomics.length
  );
}

/** Each variant with the issue it must raise; none of them proves the resource is about the patient in context. */
const NOT_PROVEN: readonly (readonly [string, fhir4.Reference | undefined, string])[] = [
  ['no subject', undefined, 'resource.subject-unverified'],
  ['an identifier-only subject', { identifier: { system: 'urn:mrn', value: '12345' } }, 'resource.subject-unverified'],
  [
    'an unresolvable urn:uuid',
    { reference: 'urn:uuid:6f1c1f2e-0000-4000-8000-000000000000' },
    'resource.subject-unverified',
  ],
  ['`patient/x` in lower case', { reference: `patient/${PATIENT_ID}` }, 'resource.subject-unverified'],
  ['a Group', { reference: `Group/${PATIENT_ID}` }, 'resource.subject-unverified'],
  ['a display-only subject', { display: 'Ada Testpatient' }, 'resource.subject-unverified'],
  ['a contained reference', { reference: '#p' }, 'resource.subject-unverified'],
  ['a conditional reference', { reference: 'Patient?identifier=urn:mrn|12345' }, 'resource.subject-unverified'],
  ['another patient', { reference: 'Patient/p2' }, 'resource.other-patient'],
  [
    'an absolute reference on another server',
    { reference: `https://elsewhere.example.org/fhir/Patient/${PATIENT_ID}` },
    'resource.subject-unverified',
  ],
  ['a base path before Patient/', { reference: `fhir/Patient/${PATIENT_ID}` }, 'resource.subject-unverified'],
];

/** Each form that does prove it. */
const PROVEN: readonly (readonly [string, fhir4.Reference, string | undefined])[] = [
  ['relative', { reference: `Patient/${PATIENT_ID}` }, undefined],
  ['relative with a version', { reference: `Patient/${PATIENT_ID}/_history/3` }, undefined],
  ['absolute on the same server', { reference: `${SERVER}/Patient/${PATIENT_ID}` }, undefined],
  ['a urn:uuid fullUrl of the Patient entry', { reference: 'urn:uuid:9b2f' }, 'urn:uuid:9b2f'],
  [
    'the absolute fullUrl of the Patient entry',
    { reference: `https://mirror.example.org/Patient/${PATIENT_ID}` },
    `https://mirror.example.org/Patient/${PATIENT_ID}`,
  ],
];

describe.each(Object.entries(RESOURCES))('patient identity fails closed: %s', (_type, build) => {
  it('is counted when its subject is the patient in context (the baseline the variants are measured against)', () => {
    const record = readPatientRecord([build({ reference: `Patient/${PATIENT_ID}` })], { patientId: PATIENT_ID });
    expect(countedFacts(record)).toBeGreaterThan(0);
    expect(record.issues.filter((issue) => issue.code.startsWith('resource.'))).toEqual([]);
  });

  it.each(NOT_PROVEN)('is dropped and reported with %s', (_name, subject, code) => {
    const resource = build(subject);
    const input = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [{ fullUrl: `${SERVER}/Patient/${PATIENT_ID}`, resource: buildPatient() }, { resource }],
    };
    const record = readPatientRecord([input], { patientId: PATIENT_ID, fhirServer: SERVER });
    expect(countedFacts(record)).toBe(0);
    expect(record.issues).toContainEqual(
      expect.objectContaining({ code, resourceRef: `${resource.resourceType}/${resource.id ?? ''}` })
    );
  });

  it.each(PROVEN)('is counted with %s', (_name, subject, patientFullUrl) => {
    const input = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { ...(patientFullUrl ? { fullUrl: patientFullUrl } : {}), resource: buildPatient() },
        { resource: build(subject) },
      ],
    };
    const record = readPatientRecord([input], { patientId: PATIENT_ID, fhirServer: `${SERVER}/` });
    expect(countedFacts(record)).toBeGreaterThan(0);
    expect(record.issues.filter((issue) => issue.code.startsWith('resource.'))).toEqual([]);
  });
});

describe('patient identity edge cases', () => {
  it('a urn:uuid that is the fullUrl of another Patient is another patient', () => {
    const input = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:other', resource: buildPatient({ id: 'p2' }) },
        { resource: buildRequest({ subject: { reference: 'urn:uuid:other' } }) },
      ],
    };
    const record = readPatientRecord([input], { patientId: PATIENT_ID });
    expect(record.medications).toEqual([]);
    expect(record.issues.map((issue) => [issue.code, issue.resourceRef])).toEqual([
      ['resource.other-patient', 'Patient/p2'],
      ['resource.other-patient', 'MedicationRequest/mr1'],
    ]);
  });

  it('an absolute reference whose path names our id is not resolved by id alone (no Type/id fallback)', () => {
    const input = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { resource: buildPatient() },
        { resource: buildRequest({ subject: { reference: `https://x.example/Patient/${PATIENT_ID}` } }) },
      ],
    };
    const record = readPatientRecord([input], { patientId: PATIENT_ID });
    expect(record.medications).toEqual([]);
  });

  it('a urn:uuid that is the fullUrl of a non-Patient resource proves nothing', () => {
    const input = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:group',
          resource: { resourceType: 'Group', id: PATIENT_ID, type: 'person', actual: true },
        },
        { resource: buildRequest({ subject: { reference: 'urn:uuid:group' } }) },
      ],
    };
    const record = readPatientRecord([input], { patientId: PATIENT_ID });
    expect(record.medications).toEqual([]);
    expect(record.issues.map((issue) => issue.code)).toEqual(['resource.subject-unverified']);
  });

  it('resources that are only reference targets (Medication, Encounter) raise no issue', () => {
    const record = readPatientRecord(
      [
        { resourceType: 'Medication', id: 'm1', code: { text: 'sertraline 50 mg tablet' } },
        { resourceType: 'Encounter', id: 'e1', status: 'finished', class: { code: 'AMB' } },
        buildRequest({ medicationReference: { reference: 'Medication/m1' } }),
      ],
      { patientId: PATIENT_ID }
    );
    expect(record.medications).toHaveLength(1);
    expect(record.issues.filter((issue) => issue.code.startsWith('resource.'))).toEqual([]);
  });

  it('without a patient id every subject is kept (readers used on one patient’s own export)', () => {
    const record = readPatientRecord([buildRequest({ subject: undefined })]);
    expect(record.medications).toHaveLength(1);
  });
});

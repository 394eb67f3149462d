import { describe, expect, it } from 'vitest';
import type { PatientRecord } from '../domain/record';
import { readPatientRecord } from './read-patient-record';
import {
  buildPatient,
  buildRequest,
  bundle,
  ICD10CM,
  LOINC,
  observation,
  PATIENT_ID,
  SNOMED,
  SUBJECT,
  total,
} from './test-resources';

function read(...resources: unknown[]): PatientRecord {
  return readPatientRecord(resources);
}

function condition(code: string, system = ICD10CM, extra: Partial<fhir4.Condition> = {}): fhir4.Condition {
  return {
    resourceType: 'Condition',
    id: `c-${code}`,
    subject: SUBJECT,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: { coding: [{ system, code, display: `Diagnosis ${code}` }] },
    onsetDateTime: '2024-02-01',
    recordedDate: '2024-02-03',
    ...extra,
  };
}

describe('conditions', () => {
  it.each<[string, string, string[], boolean?]>([
    ['F33.1', ICD10CM, ['major-depression']],
    ['F3181', ICD10CM, ['bipolar']],
    ['F31.81', ICD10CM, ['bipolar']],
    ['F32.3', ICD10CM, ['major-depression'], true],
    ['F34.1', ICD10CM, ['dysthymia']],
    ['F25.0', ICD10CM, ['psychotic']],
    ['F11.20', ICD10CM, ['substance-use']],
    ['F17.210', ICD10CM, ['nicotine']],
    ['E03.9', ICD10CM, ['hypothyroidism']],
    ['G40.909', ICD10CM, ['seizure']],
    ['370143000', SNOMED, ['major-depression']],
    ['13746004', SNOMED, ['bipolar']],
    ['I10', ICD10CM, []],
  ])('%s (%s) → %j', (code, system, categories, psychotic) => {
    const record = read(condition(code, system));
    expect(record.conditions.map((fact) => fact.category)).toEqual(categories);
    for (const fact of record.conditions) {
      expect(fact).toMatchObject({
        ref: `Condition/c-${code}`,
        code,
        system,
        clinicalStatus: 'active',
        onset: '2024-02-01',
        recorded: '2024-02-03',
      });
      expect(fact.psychoticFeatures ?? false).toBe(psychotic ?? false);
    }
  });

  it.each(['refuted', 'entered-in-error'])('ignores a %s diagnosis', (status) => {
    const record = read(condition('F31.81', ICD10CM, { verificationStatus: { coding: [{ code: status }] } }));
    expect(record.conditions).toEqual([]);
  });

  it('reads abatement and keeps resolved diagnoses with their status', () => {
    const [fact] = read(
      condition('F33.1', ICD10CM, {
        clinicalStatus: { coding: [{ code: 'resolved' }] },
        abatementDateTime: '2024-12-01',
      })
    ).conditions;
    expect(fact).toMatchObject({ clinicalStatus: 'resolved', abatement: '2024-12-01' });
  });

  it('reads Z87.891 as a former smoker, not as a nicotine condition', () => {
    const record = read(condition('Z87.891'));
    expect(record.conditions).toEqual([]);
    expect(record.tobacco).toEqual([{ ref: 'Condition/c-Z87.891', date: '2024-02-03', status: 'former' }]);
  });
});

describe('procedures', () => {
  function procedure(system: string, code: string, extra: Partial<fhir4.Procedure> = {}): fhir4.Procedure {
    return {
      resourceType: 'Procedure',
      id: `pr-${code}`,
      status: 'completed',
      subject: SUBJECT,
      code: { coding: [{ system, code }] },
      performedDateTime: '2025-02-01T09:00:00Z',
      ...extra,
    };
  }

  it.each<[string, string, string]>([
    ['http://www.ama-assn.org/go/cpt', '90868', 'tms'],
    ['http://www.ama-assn.org/go/cpt', '90870', 'ect'],
    ['http://www.ama-assn.org/go/cpt', '90837', 'psychotherapy'],
    ['https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', 'G2083', 'esketamine'],
    ['http://snomed.info/sct', '23835007', 'ect'],
  ])('%s %s → %s', (system, code, kind) => {
    expect(read(procedure(system, code)).procedures).toEqual([
      { ref: `Procedure/pr-${code}`, kind, system, code, start: '2025-02-01' },
    ]);
  });

  it('reads a performed period and ignores not-done and unrelated procedures', () => {
    const course = procedure('http://www.ama-assn.org/go/cpt', '90867', {
      performedDateTime: undefined,
      performedPeriod: { start: '2025-01-06', end: '2025-02-14' },
    });
    const notDone = procedure('http://www.ama-assn.org/go/cpt', '90870', { status: 'not-done' });
    const unrelated = procedure('http://www.ama-assn.org/go/cpt', '99213');
    expect(read(course, notDone, unrelated).procedures).toEqual([
      expect.objectContaining({ kind: 'tms', start: '2025-01-06', end: '2025-02-14' }),
    ]);
  });

  it('flags a relevant procedure without a date', () => {
    const record = read(procedure('http://www.ama-assn.org/go/cpt', '90870', { performedDateTime: undefined }));
    expect(record.procedures).toEqual([]);
    expect(record.issues.map((issue) => issue.code)).toEqual(['procedure.date-missing']);
  });
});

describe('tobacco status', () => {
  it.each<[string, string]>([
    ['449868002', 'current'],
    ['428041000124106', 'current'],
    ['77176002', 'current'],
    ['8517006', 'former'],
    ['266919005', 'never'],
    ['266927001', 'unknown'],
  ])('SNOMED %s → %s', (code, status) => {
    const smoking = observation('s', '72166-2', '2025-01-05', {
      valueCodeableConcept: { coding: [{ system: SNOMED, code }] },
    });
    expect(read(smoking).tobacco).toEqual([{ ref: 'Observation/s', date: '2025-01-05', status }]);
  });

  it('flags an unrecognised answer', () => {
    const smoking = observation('s', '72166-2', '2025-01-05', { valueCodeableConcept: { text: 'sometimes' } });
    const record = read(smoking);
    expect(record.tobacco).toEqual([]);
    expect(record.issues.map((issue) => issue.code)).toEqual(['tobacco.unreadable']);
  });
});

describe('pharmacogenomic phenotypes', () => {
  it.each<[string, Partial<fhir4.Observation>, string, string]>([
    [
      'a gene-studied component and a coded phenotype',
      {
        component: [
          {
            code: { coding: [{ system: LOINC, code: '48018-6' }] },
            valueCodeableConcept: { coding: [{ code: 'HGNC:2621', display: 'CYP2C19' }] },
          },
        ],
        valueCodeableConcept: { text: 'Ultrarapid metabolizer' },
      },
      'CYP2C19',
      'ultrarapid',
    ],
    [
      'the gene in the code text and a string value',
      {
        code: { coding: [{ system: LOINC, code: '53040-2' }], text: 'CYP2D6 phenotype' },
        valueString: 'Poor metabolizer',
      },
      'CYP2D6',
      'poor',
    ],
    [
      'an extensive metaboliser',
      { code: { coding: [{ system: LOINC, code: '53040-2' }], text: 'CYP2B6' }, valueString: 'Extensive metabolizer' },
      'CYP2B6',
      'normal',
    ],
    [
      'a rapid metaboliser',
      { code: { coding: [{ system: LOINC, code: '53040-2' }], text: 'CYP2C19' }, valueString: 'Rapid metabolizer' },
      'CYP2C19',
      'rapid',
    ],
  ])('reads %s', (_name, fields, gene, phenotype) => {
    const base = observation('g', '53040-2', '2021-02-10', {});
    expect(read({ ...base, ...fields }).pharmacogenomics).toEqual([
      { ref: 'Observation/g', date: '2021-02-10', gene, phenotype },
    ]);
  });

  it('ignores a phenotype observation without a known gene', () => {
    expect(
      read(observation('g', '53040-2', '2021-02-10', { valueString: 'Poor metabolizer' })).pharmacogenomics
    ).toEqual([]);
  });
});

describe('patient and subject filtering', () => {
  it('reads the patient banner fields', () => {
    expect(read(buildPatient()).patient).toEqual({
      id: PATIENT_ID,
      birthDate: '1980-04-02',
      gender: 'female',
      name: 'Ada Testpatient',
    });
  });

  it('ignores invalid genders and dates', () => {
    expect(
      read(buildPatient({ gender: 'robot' as 'other', birthDate: '1980-13-40', name: [{ text: 'A. T.' }] })).patient
    ).toEqual({
      id: PATIENT_ID,
      name: 'A. T.',
    });
  });

  it('drops resources about another patient when a patient id is given', () => {
    const other = buildRequest({ id: 'other', subject: { reference: 'https://ehr.example/fhir/Patient/p2' } });
    const record = readPatientRecord([bundle([buildPatient(), buildPatient({ id: 'p2' }), buildRequest(), other])], {
      patientId: PATIENT_ID,
    });
    expect(record.patient?.id).toBe(PATIENT_ID);
    expect(record.medications.map((event) => event.ref)).toEqual(['MedicationRequest/mr1']);
    expect(record.issues.map((issue) => [issue.code, issue.resourceRef])).toEqual([
      ['resource.other-patient', 'Patient/p2'],
      ['resource.other-patient', 'MedicationRequest/other'],
    ]);
  });

  it('keeps resources of every subject when no patient id is given, and de-duplicates repeated resources', () => {
    const other = buildRequest({ id: 'other', subject: { reference: 'Patient/p2' } });
    const record = readPatientRecord([bundle([buildRequest(), other]), buildRequest()]);
    expect(record.medications).toHaveLength(2);
  });

  it('resolves a urn:uuid subject through the Bundle fullUrl', () => {
    const input = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:pat', resource: buildPatient({ id: 'p2' }) },
        { resource: total('t1', 12, '2025-03-04', { subject: { reference: 'urn:uuid:pat' } }) },
      ],
    };
    const record = readPatientRecord([input], { patientId: PATIENT_ID });
    expect(record.phq9).toEqual([]);
    expect(record.issues.map((issue) => issue.code)).toEqual(['resource.other-patient', 'resource.other-patient']);
  });

  it('reports items that are not resources', () => {
    const record = readPatientRecord([42, 'x', { hello: 'world' }, buildPatient()]);
    expect(record.patient?.id).toBe(PATIENT_ID);
    expect(record.issues).toEqual([expect.objectContaining({ code: 'resource.invalid' })]);
  });
});

describe('condition verification status', () => {
  const verification = (code: string): Partial<fhir4.Condition> => ({
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code }],
    },
  });

  it.each([
    ['differential', 1],
    ['provisional', 1],
    ['confirmed', 1],
    ['refuted', 0],
    ['entered-in-error', 0],
  ])('%s bipolar disorder: kept %i time(s), with its verification status', (code, count) => {
    const record = read(condition('F31.81', ICD10CM, verification(code)));
    expect(record.conditions).toHaveLength(count);
    if (count > 0) {
      expect(record.conditions[0]?.verificationStatus).toBe(code);
    }
  });
});

describe('thyroid tests', () => {
  const tsh = (extra: Record<string, unknown>): Record<string, unknown> => ({
    resourceType: 'Observation',
    id: 'tsh-1',
    status: 'final',
    subject: SUBJECT,
    code: { coding: [{ system: LOINC, code: '3016-3' }] },
    effectiveDateTime: '2024-11-20T08:00:00Z',
    valueQuantity: { value: 12.4, unit: 'mIU/L', system: 'http://unitsofmeasure.org', code: 'm[IU]/L' },
    ...extra,
  });

  it.each([
    { name: 'no range or interpretation: no flag', extra: {}, flag: undefined },
    {
      name: 'above the reference range: high',
      extra: { referenceRange: [{ low: { value: 0.4 }, high: { value: 4.0 } }] },
      flag: 'high',
    },
    {
      name: 'the interpretation code wins over the range',
      extra: {
        interpretation: [{ coding: [{ code: 'N' }] }],
        referenceRange: [{ high: { value: 4.0 } }],
      },
      flag: 'normal',
    },
  ])('reads TSH: $name', ({ extra, flag }) => {
    const record = read(buildPatient(), tsh(extra));
    expect(record.labs).toEqual([
      {
        ref: 'Observation/tsh-1',
        kind: 'tsh',
        date: '2024-11-20',
        value: 12.4,
        unit: 'm[IU]/L',
        ...(flag ? { flag } : {}),
      },
    ]);
  });

  it('reads free T4 (3024-7) and TSH (11580-8), and skips a result without a value with an issue', () => {
    const record = read(
      buildPatient(),
      tsh({ id: 'a', code: { coding: [{ system: LOINC, code: '11580-8' }] } }),
      tsh({ id: 'b', code: { coding: [{ system: LOINC, code: '3024-7' }] }, valueQuantity: { value: 0.6 } }),
      tsh({ id: 'c', valueQuantity: undefined })
    );
    expect(record.labs?.map((lab) => [lab.ref, lab.kind])).toEqual([
      ['Observation/a', 'tsh'],
      ['Observation/b', 'free-t4'],
    ]);
    expect(record.issues.map((issue) => issue.code)).toContain('lab.unreadable');
  });

  it('ignores entered-in-error results', () => {
    expect(read(buildPatient(), tsh({ status: 'entered-in-error' })).labs).toBeUndefined();
  });
});

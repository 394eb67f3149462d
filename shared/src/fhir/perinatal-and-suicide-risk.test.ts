import { describe, expect, it } from 'vitest';
import { buildPatientQueryPath, PATIENT_DATA_QUERIES } from './queries';
import { readPatientRecord } from './read-patient-record';
import { ICD10CM, LOINC, observation, SNOMED, SUBJECT } from './test-resources';

function condition(code: string, system = ICD10CM): fhir4.Condition {
  return {
    resourceType: 'Condition',
    id: `c-${code}`,
    subject: SUBJECT,
    code: { coding: [{ system, code }] },
    onsetDateTime: '2024-02-01',
  };
}

function pregnancyStatus(id: string, code: string, answer: string, system = SNOMED): fhir4.Observation {
  return observation(id, code, '2024-03-01', { valueCodeableConcept: { coding: [{ system, code: answer }] } });
}

describe('perinatal and suicide-risk conditions', () => {
  it.each<[string, string, string]>([
    ['O99.341', ICD10CM, 'pregnancy'],
    ['Z33.1', ICD10CM, 'pregnancy'],
    ['O09.893', ICD10CM, 'pregnancy'],
    ['77386006', SNOMED, 'pregnancy'],
    ['O99.345', ICD10CM, 'postpartum'],
    ['Z39.2', ICD10CM, 'postpartum'],
    ['86569001', SNOMED, 'postpartum'],
    ['T14.91XA', ICD10CM, 'suicide-risk'],
    ['Z91.51', ICD10CM, 'suicide-risk'],
    ['R45.851', ICD10CM, 'suicide-risk'],
    ['82313006', SNOMED, 'suicide-risk'],
  ])('%s (%s) → %s', (code, system, category) => {
    const categories = readPatientRecord([condition(code, system)]).conditions.map((fact) => fact.category);
    expect(categories).toContain(category);
  });

  it('does not read O99.34x for another trimester digit as postpartum (O99.342 is the second trimester)', () => {
    const categories = readPatientRecord([condition('O99.342')]).conditions.map((fact) => fact.category);
    expect(categories).toEqual(['pregnancy']);
  });
});

describe('pregnancy status observations', () => {
  it('reads LOINC 82810-3 pregnant / not pregnant (SNOMED) and 11449-6 with LOINC answers', () => {
    const record = readPatientRecord([
      pregnancyStatus('p1', '82810-3', '77386006'),
      pregnancyStatus('p2', '11449-6', 'LA26683-5', LOINC),
    ]);
    expect(record.pregnancyStatus).toEqual([
      { ref: 'Observation/p1', date: '2024-03-01', pregnant: true },
      { ref: 'Observation/p2', date: '2024-03-01', pregnant: false },
    ]);
  });

  it('ignores an unknown answer and an entered-in-error observation', () => {
    const record = readPatientRecord([
      pregnancyStatus('u', '82810-3', '261665006'),
      { ...pregnancyStatus('e', '82810-3', '77386006'), status: 'entered-in-error' },
    ]);
    expect(record.pregnancyStatus).toBeUndefined();
  });

  it('asks the FHIR server for pregnancy status with the other observations', () => {
    const query = PATIENT_DATA_QUERIES.find((q) => q.key === 'tobaccoAndPgx');
    expect(query && decodeURIComponent(buildPatientQueryPath(query, 'p'))).toContain('http://loinc.org|82810-3');
  });
});

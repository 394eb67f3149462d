import { describe, expect, it } from 'vitest';
import { readPatientRecord } from '../fhir/read-patient-record';
import { buildPatient, ICD10CM, PATIENT_ID, SNOMED, SUBJECT } from '../fhir/test-resources';
import { assessPatient } from './assess-patient';
import { NOW, RecordClassicSertralineLoss } from './test-records';

function stressor(id: string, system: string, code: string, extra: Partial<fhir4.Condition> = {}): fhir4.Condition {
  return {
    resourceType: 'Condition',
    id,
    subject: SUBJECT,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: { coding: [{ system, code, display: code }] },
    ...extra,
  };
}

function stressorsConfounder(conditions: fhir4.Condition[]) {
  const read = readPatientRecord([buildPatient(), ...conditions], { patientId: PATIENT_ID });
  const record = { ...RecordClassicSertralineLoss, conditions: read.conditions };
  const assessment = assessPatient(record, { now: NOW });
  return {
    categories: read.conditions.map((c) => c.category),
    status: assessment.tachyphylaxis.status,
    confounder: assessment.tachyphylaxis.confounders.find((c) => c.id === 'stressors'),
  };
}

describe('the stressors confounder (worsening on 2024-12-02, nadir 2024-06-03)', () => {
  it('reads ICD-10-CM Z55–Z65 and the SNOMED CT social-risk findings as psychosocial stressors, nothing else', () => {
    const { categories } = stressorsConfounder([
      stressor('z56', ICD10CM, 'Z56.0'),
      stressor('z63', ICD10CM, 'Z63.4'),
      stressor('z65', ICD10CM, 'Z65.8'),
      stressor('homeless', SNOMED, '32911000'),
      stressor('z66', ICD10CM, 'Z66'),
      stressor('z54', ICD10CM, 'Z54'),
    ]);
    expect(categories).toEqual([
      'psychosocial-stressor',
      'psychosocial-stressor',
      'psychosocial-stressor',
      'psychosocial-stressor',
    ]);
  });

  it('is present for a stressor with an onset in the window before the worsening, and does not hide the finding', () => {
    const { confounder, status } = stressorsConfounder([
      stressor('z63', ICD10CM, 'Z63.4', {
        onsetDateTime: '2024-10-20',
        code: { coding: [{ system: ICD10CM, code: 'Z63.4', display: 'Disappearance and death of family member' }] },
      }),
    ]);
    expect(status).toBe('possible');
    expect(confounder).toMatchObject({
      state: 'present',
      evidence: 'Recorded before the worsening: Disappearance and death of family member (onset 2024-10-20).',
      refs: ['Condition/z63'],
    });
  });

  it('uses the recorded date when there is no onset', () => {
    const { confounder } = stressorsConfounder([
      stressor('unemployed', SNOMED, '73438004', { recordedDate: '2024-11-15' }),
    ]);
    expect(confounder?.state).toBe('present');
  });

  it('is not recorded (never absent) without one, or when the stressor is outside the window, resolved or refuted', () => {
    const none = stressorsConfounder([]).confounder;
    expect(none).toMatchObject({
      state: 'not-recorded',
      evidence: 'No psychosocial stressor recorded between 2024-06-03 and the worsening (2024-12-02).',
    });
    const outside = [
      stressor('old', ICD10CM, 'Z56.0', { onsetDateTime: '2022-02-01' }),
      stressor('after', ICD10CM, 'Z56.0', { onsetDateTime: '2024-12-10' }),
      stressor('resolved', ICD10CM, 'Z59.0', { onsetDateTime: '2024-01-10', abatementDateTime: '2024-03-01' }),
      stressor('refuted', ICD10CM, 'Z63.0', {
        onsetDateTime: '2024-10-01',
        verificationStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'refuted' }],
        },
      }),
    ];
    expect(stressorsConfounder(outside).confounder?.state).toBe('not-recorded');
  });
});

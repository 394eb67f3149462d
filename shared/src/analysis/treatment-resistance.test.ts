import { describe, expect, it } from 'vitest';
import type { PatientRecord } from '../domain/record';
import { assessPatient } from './assess-patient';
import {
  RecordTwoClassFailures,
  buildRecord,
  condition,
  failedTrial,
  phq,
  procedure,
  recordOfTrials,
  statement,
} from './test-records';

const NOW = '2025-01-10';

describe('analyzeTreatmentResistance', () => {
  it.each([
    { name: 'no trials', record: buildRecord({}), failed: 0, trd: false, stage: 0 },
    {
      name: 'one adequate failure → stage I, not TRD',
      record: recordOfTrials(failedTrial('sertraline', 100, '2024-01-01')),
      failed: 1,
      trd: false,
      stage: 1,
    },
    {
      name: 'two failures of the same class → TRD, stage I',
      record: recordOfTrials(
        failedTrial('sertraline', 100, '2024-01-01'),
        failedTrial('escitalopram', 10, '2024-05-01')
      ),
      failed: 2,
      trd: true,
      stage: 1,
    },
    { name: 'two classes → TRD, stage II', record: RecordTwoClassFailures, failed: 2, trd: true, stage: 2 },
    {
      name: 'two classes + TCA → stage III',
      record: recordOfTrials(
        failedTrial('sertraline', 100, '2023-01-01'),
        failedTrial('venlafaxine', 150, '2023-05-01'),
        failedTrial('nortriptyline', 100, '2023-09-01')
      ),
      failed: 3,
      trd: true,
      stage: 3,
    },
    {
      name: 'an under-dosed trial does not count',
      record: recordOfTrials(
        failedTrial('sertraline', 25, '2024-01-01'),
        failedTrial('venlafaxine', 150, '2024-05-01')
      ),
      failed: 1,
      trd: false,
      stage: 1,
    },
  ])('$name', ({ record, failed, trd, stage }) => {
    const result = assessPatient(record, { now: NOW }).treatmentResistance;
    expect(result.adequateFailedTrialIds).toHaveLength(failed);
    expect(result.meetsTrdDefinition).toBe(trd);
    expect(result.thaseRush.value).toBe(stage);
  });

  it('starts a new episode after ≥ 60 days of PHQ-9 < 5, leaving earlier failures out', () => {
    const earlier = failedTrial('sertraline', 100, '2022-01-01');
    const record = buildRecord({
      medications: [...earlier.meds, ...failedTrial('venlafaxine', 150, '2024-05-01').meds],
      phq9: [
        ...earlier.scores,
        phq('2023-01-01', 3),
        phq('2023-03-02', 2),
        phq('2024-05-01', 20),
        phq('2024-07-10', 18),
      ],
    });
    const result = assessPatient(record, { now: NOW }).treatmentResistance;
    expect(result.episodeStart).toBe('2024-05-01');
    expect(result.adequateFailedTrialIds).toEqual(['venlafaxine:2024-05-01']);
  });

  it('does not split the episode after only 59 days of remission', () => {
    const record = buildRecord({
      phq9: [phq('2023-01-01', 20), phq('2023-02-01', 3), phq('2023-04-01', 2), phq('2024-05-01', 20)],
    });
    expect(assessPatient(record, { now: NOW }).treatmentResistance.episodeStart).toBe('2023-01-01');
  });

  it('scores Maudsley and MGH-S with augmentation and ECT', () => {
    const record: PatientRecord = {
      ...RecordTwoClassFailures,
      medications: [...RecordTwoClassFailures.medications, statement('ari', 'aripiprazole', '2024-06-01', { dose: 5 })],
      procedures: [procedure('ect1', 'ect', '2024-09-01')],
    };
    const result = assessPatient(record, { now: NOW }).treatmentResistance;
    // duration 12 months (1) + severity PHQ-9 20 severe (4) + 2 failures (1) + augmentation (1) + ECT (1) = 8.
    expect(result.maudsley.value).toEqual({ score: 8, band: 'moderate' });
    // 2 failures + 0.5 augmentation + 3 ECT.
    expect(result.mghS.value).toBe(5.5);
  });

  it('scores severity 5 for psychotic features and explains an assumed severity', () => {
    const withPsychosis: PatientRecord = {
      ...RecordTwoClassFailures,
      conditions: [condition('mdd', 'major-depression', { psychoticFeatures: true })],
    };
    // duration 1 + psychotic severity 5 + failures 1.
    expect(assessPatient(withPsychosis, { now: NOW }).treatmentResistance.maudsley.value.score).toBe(7);
    const noScores = buildRecord({ medications: RecordTwoClassFailures.medications });
    const missing = assessPatient(noScores, { now: NOW }).treatmentResistance.maudsley.missing;
    expect(missing.some((line) => line.includes('severity assumed moderate'))).toBe(true);
  });
});

describe('losses of response in treatment-resistance staging', () => {
  // Venlafaxine: an adequate non-response. Sertraline afterwards: a sustained response (4, 3) then a loss (16).
  const record = buildRecord({
    medications: [
      statement('v', 'venlafaxine', '2023-06-01', { dose: 150, status: 'completed', end: '2023-08-31' }),
      statement('s', 'sertraline', '2023-09-01', { dose: 100 }),
    ],
    phq9: [
      phq('2023-06-01', 20),
      phq('2023-08-15', 18),
      phq('2023-09-01', 19),
      phq('2023-11-01', 4),
      phq('2023-11-20', 3),
      phq('2024-11-01', 16),
      phq('2024-11-20', 17),
    ],
  });
  const resistance = assessPatient(record, { now: NOW }).treatmentResistance;

  it('lists the loss of response apart and does not count it as a failed adequate trial', () => {
    expect(resistance.adequateFailedTrialIds).toEqual(['venlafaxine:2023-06-01']);
    expect(resistance.lossOfResponseTrialIds).toEqual(['sertraline:2023-09-01']);
    expect(resistance.meetsTrdDefinition).toBe(false);
    expect(resistance.thaseRush.value).toBe(1);
  });

  it('says in each staging how the loss of response was counted', () => {
    for (const staging of [resistance.thaseRush, resistance.maudsley, resistance.mghS]) {
      expect(staging.notes?.[0]).toContain('1 loss of response (sertraline (2024-11-01)) listed apart');
    }
  });
});

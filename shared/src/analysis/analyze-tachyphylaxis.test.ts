import { describe, expect, it } from 'vitest';
import type { Phq9Score } from '../domain/record';
import type { PatientRecord } from '../domain/record';
import { assessPatient } from './assess-patient';
import { buildAnalysisConfig } from './config';
import {
  CLASSIC_PHQ9,
  NOW,
  RecordClassicSertralineLoss,
  buildRecord,
  condition,
  dispenses,
  pgx,
  phq,
  statement,
  tobacco,
} from './test-records';

function withScores(scores: readonly Phq9Score[], base: PatientRecord = RecordClassicSertralineLoss): PatientRecord {
  return { ...base, phq9: scores };
}

/** Baseline 19 → nadir 3 → worsening on 2024-12-02 → a second score. */
function story(worsening: number, second?: { date: string; total: number }): Phq9Score[] {
  return [
    phq('2024-01-05', 19),
    phq('2024-03-04', 8),
    phq('2024-06-03', 3),
    phq('2024-12-02', worsening),
    ...(second ? [phq(second.date, second.total)] : []),
  ];
}

const RecordNeverResponded: PatientRecord = withScores([
  phq('2024-01-05', 19),
  phq('2024-03-04', 17),
  phq('2024-06-03', 18),
]);
const RecordSustainedRemission: PatientRecord = withScores([
  phq('2024-01-05', 19),
  phq('2024-03-04', 4),
  phq('2024-12-02', 3),
]);
const RecordNoScoreAfterResponse: PatientRecord = withScores([phq('2024-01-05', 19), phq('2024-03-04', 4)]);
const RecordNoBaseline: PatientRecord = withScores([phq('2024-03-04', 4), phq('2024-12-02', 16)]);
const RecordBipolarLoss: PatientRecord = { ...RecordClassicSertralineLoss, conditions: [condition('bp', 'bipolar')] };

describe('analyzeTachyphylaxis: status', () => {
  it.each([
    { name: 'classic confirmed loss → possible', record: RecordClassicSertralineLoss, status: 'possible' },
    {
      name: 'worsening of exactly nadir + 5 (8: not ≥ 10, but > 50 % of baseline 13), confirmed',
      record: withScores([
        phq('2024-01-05', 13),
        phq('2024-03-04', 6),
        phq('2024-06-03', 3),
        phq('2024-12-02', 8),
        phq('2024-12-16', 8),
      ]),
      status: 'possible',
    },
    {
      name: 'confirmation exactly 14 days later → possible',
      record: withScores(story(16, { date: '2024-12-16', total: 15 })),
      status: 'possible',
    },
    {
      name: 'second score 13 days later only → emerging',
      record: withScores(story(16, { date: '2024-12-15', total: 15 })),
      status: 'emerging',
    },
    { name: 'one elevated score so far → emerging', record: withScores(story(16)), status: 'emerging' },
    {
      name: 'second score no longer meets the criteria → none',
      record: withScores(story(16, { date: '2024-12-20', total: 6 })),
      status: 'none',
    },
    { name: 'never responded → none', record: RecordNeverResponded, status: 'none' },
    { name: 'sustained remission → none', record: RecordSustainedRemission, status: 'none' },
    { name: 'no PHQ-9 after the response → none', record: RecordNoScoreAfterResponse, status: 'none' },
    { name: 'no baseline → none', record: RecordNoBaseline, status: 'none' },
    { name: 'bipolar diagnosis → suppressed', record: RecordBipolarLoss, status: 'suppressed' },
    { name: 'no medications → none', record: buildRecord({ phq9: CLASSIC_PHQ9 }), status: 'none' },
  ])('$name', ({ record, status }) => {
    expect(assessPatient(record, { now: NOW }).tachyphylaxis.status).toBe(status);
  });

  it.each([
    { name: 'nadir + 5 and > 50 % of baseline → fires', baseline: 13, worsening: 8, fires: true },
    { name: 'nadir + 4 (though > 50 % of baseline) → does not fire', baseline: 13, worsening: 7, fires: false },
    {
      name: 'nadir + 5 but still ≤ 50 % of baseline and < 10 → does not fire',
      baseline: 27,
      worsening: 8,
      fires: false,
    },
  ])('MCID threshold: $name', ({ baseline, worsening, fires }) => {
    const scores = [
      phq('2024-01-05', baseline),
      phq('2024-03-04', 6),
      phq('2024-06-03', 3),
      phq('2024-12-02', worsening),
    ];
    const finding = assessPatient(withScores(scores), { now: NOW }).tachyphylaxis;
    expect(finding.status === 'emerging').toBe(fires);
  });

  it.each([
    { name: 'exactly 8 weeks after the response → counts', worseningDate: '2024-04-29', counts: true },
    { name: '55 days after the response → not yet maintenance', worseningDate: '2024-04-28', counts: false },
  ])('maintenance timing: $name', ({ worseningDate, counts }) => {
    // The response on 2024-03-04 is sustained by a second qualifying score 14 days later.
    const scores = [phq('2024-01-05', 19), phq('2024-03-04', 4), phq('2024-03-18', 4), phq(worseningDate, 15)];
    const finding = assessPatient(withScores(scores), { now: NOW }).tachyphylaxis;
    expect(finding.worsening !== undefined).toBe(counts);
  });

  it('reads every threshold from the config (a stricter confirmation interval)', () => {
    const record = withScores(story(16, { date: '2024-12-20', total: 17 }));
    const strict = buildAnalysisConfig({ confirmationMinDays: 21 });
    expect(assessPatient(record, { now: NOW }).tachyphylaxis.status).toBe('possible');
    expect(assessPatient(record, { now: NOW, config: strict }).tachyphylaxis.status).toBe('emerging');
  });
});

describe('analyzeTachyphylaxis: explanation, management and attribution', () => {
  it('a single elevated score with a positive item 9 does not wait for confirmation', () => {
    const scores = [...story(16).slice(0, -1), { ...phq('2024-12-02', 16), item9: 2 }];
    const finding = assessPatient(withScores(scores), { now: NOW }).tachyphylaxis;
    expect(finding.status).toBe('possible');
    expect(finding.confirmation).toBeUndefined();
    expect(finding.evidence.join(' ')).toContain('item 9 was positive on 2024-12-02');
  });

  it('a statement on hold before the worsening explains it', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [
        ...RecordClassicSertralineLoss.medications.filter((event) => event.source !== 'MedicationDispense'),
        statement('hold', 'sertraline', '2024-11-01', { dose: 100, status: 'on-hold' }),
      ],
    };
    const finding = assessPatient(record, { now: NOW }).tachyphylaxis;
    expect(finding.status).toBe('explained');
    expect(finding.explanations?.[0]).toMatchObject({ confounderId: 'not-taking' });
    expect(finding.reason).toContain('sertraline recorded as on hold on 2024-11-01');
  });

  it('a later score back at response after an add-on: no warning, and the reason says why', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [
        ...RecordClassicSertralineLoss.medications,
        statement('ari', 'aripiprazole', '2024-12-21', { dose: 5 }),
      ],
      phq9: [...CLASSIC_PHQ9, phq('2025-01-08', 6)],
    };
    const finding = assessPatient(record, { now: NOW }).tachyphylaxis;
    expect(finding.status).toBe('none');
    expect(finding.reason).toContain('the latest PHQ-9 6 (2025-01-08) meets response again');
    expect(finding.reason).toContain('aripiprazole added on 2024-12-21');
  });

  it('a confirmed loss that recovered, then a new worsening: the finding is about the new episode', () => {
    // Fills continue through the new worsening, so adherence does not explain it.
    const record: PatientRecord = buildRecord({
      medications: [
        statement('sert', 'sertraline', '2024-01-08', { dose: 100 }),
        ...dispenses('sert-fill', 'sertraline', '2024-01-08', 16, { dose: 100 }),
      ],
      phq9: [...CLASSIC_PHQ9, phq('2025-01-02', 4), phq('2025-03-01', 15), phq('2025-03-20', 16)],
    });
    const finding = assessPatient(record, { now: '2025-04-01' }).tachyphylaxis;
    expect(finding.status).toBe('possible');
    expect(finding.worsening).toEqual({ date: '2025-03-01', total: 15 });
    expect(finding.episodeKey).toBe('sertraline:2024-01-08:2025-03-01');
  });

  it.each([
    { name: 'no fill after it → present', fills: false, state: 'present' },
    { name: 'fills after it say it was resumed → none recorded', fills: true, state: 'not-recorded' },
  ])('a not-taken statement before the worsening: $name', ({ fills, state }) => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [
        statement('sert', 'sertraline', '2024-01-08', { dose: 100 }),
        statement('skip', 'sertraline', '2024-10-01', { dose: 100, status: 'not-taken' }),
        ...(fills ? dispenses('again', 'sertraline', '2024-10-20', 2, { dose: 100 }) : []),
      ],
    };
    const finding = assessPatient(record, { now: NOW }).tachyphylaxis;
    expect(finding.confounders.find((c) => c.id === 'not-taking')?.state).toBe(state);
  });

  it('an add-on after the worsening with the score still high: being managed', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [
        ...RecordClassicSertralineLoss.medications,
        statement('ari', 'aripiprazole', '2024-12-21', { dose: 5 }),
      ],
      phq9: [...CLASSIC_PHQ9, phq('2025-01-08', 16)],
    };
    const finding = assessPatient(record, { now: NOW }).tachyphylaxis;
    expect(finding.status).toBe('managed');
    expect(finding.reason).toBe('Being managed since 2024-12-21: aripiprazole added; latest PHQ-9 16 (2025-01-08).');
  });

  it('an add-on running at the response makes the loss the regimen’s', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [
        ...RecordClassicSertralineLoss.medications,
        statement('ari', 'aripiprazole', '2024-02-10', { dose: 5 }),
      ],
    };
    const finding = assessPatient(record, { now: NOW }).tachyphylaxis;
    expect(finding.status).toBe('possible');
    expect(finding.attribution?.kind).toBe('regimen');
    expect(finding.attribution?.coTreatments.map((item) => item.name)).toEqual(['aripiprazole']);
  });

  it('an ECT course before the response makes it a relapse after ECT', () => {
    const ect = ['2023-12-01', '2023-12-04', '2023-12-08'].map((date, i) => ({
      ref: `Procedure/ect-${i}`,
      kind: 'ect' as const,
      system: 'http://www.ama-assn.org/go/cpt',
      code: '90870',
      start: date,
    }));
    const finding = assessPatient({ ...RecordClassicSertralineLoss, procedures: ect }, { now: NOW }).tachyphylaxis;
    expect(finding.attribution?.kind).toBe('ect');
    expect(finding.attribution?.statement).toContain('continuation or maintenance ECT');
  });
});

describe('analyzeTachyphylaxis: the finding', () => {
  const finding = assessPatient(RecordClassicSertralineLoss, { now: NOW }).tachyphylaxis;

  it('names the scores, the dose and the episode', () => {
    expect(finding).toMatchObject({
      trialId: 'sertraline:2024-01-08',
      drugName: 'sertraline',
      dailyDoseMg: 100,
      baseline: { date: '2024-01-05', total: 19 },
      nadir: { date: '2024-06-03', total: 3 },
      worsening: { date: '2024-12-02', total: 16 },
      confirmation: { date: '2024-12-20', total: 17 },
      timing: 'recurrence-type',
      episodeKey: 'sertraline:2024-01-08:2024-12-02',
      daysOnStableDose: 329,
    });
    expect(finding.evidence).toContain('PHQ-9 fell from 19 (2024-01-05) to 3 (2024-06-03) on sertraline 100 mg/day.');
  });

  it('lists every confounder once', () => {
    expect(finding.confounders.map((c) => c.id)).toEqual([
      'adherence-gap',
      'not-taking',
      'dose-reduction',
      'formulation-change',
      'cyp-inducer',
      'smoking-cyp1a2',
      'bipolar',
      'psychotic',
      'substance-use',
      'hypothyroidism',
      'pharmacogenomic',
      'depressogenic-drug',
      'perinatal',
      'stressors',
    ]);
    expect(finding.confounders.find((c) => c.id === 'adherence-gap')?.state).toBe('absent');
  });

  it('is relapse-type when the worsening comes < 120 days after remission', () => {
    const scores = [
      phq('2024-01-05', 19),
      phq('2024-03-04', 4),
      phq('2024-03-20', 3),
      phq('2024-06-03', 15),
      phq('2024-06-20', 16),
    ];
    expect(assessPatient(withScores(scores), { now: NOW }).tachyphylaxis.timing).toBe('relapse-type');
  });

  it('a dose increase after the worsening: being managed since, not a new warning', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [
        statement('sert', 'sertraline', '2024-01-08', { dose: 100, status: 'completed', end: '2024-12-09' }),
        statement('sert2', 'sertraline', '2024-12-10', { dose: 150 }),
      ],
    };
    const result = assessPatient(record, { now: NOW }).tachyphylaxis;
    expect(result.status).toBe('managed');
    expect(result.managedSince).toMatchObject({ kind: 'dose-increase', date: '2024-12-10' });
    expect(result.reason).toContain('Being managed since 2024-12-10: sertraline raised to 150 mg/day');
  });

  it('lists earlier losses of response', () => {
    const record = buildRecord({
      medications: [
        statement('flu', 'fluoxetine', '2021-01-05', { dose: 20, status: 'completed', end: '2022-06-01' }),
        ...RecordClassicSertralineLoss.medications,
      ],
      phq9: [
        phq('2021-01-01', 18),
        phq('2021-03-01', 5),
        phq('2021-03-20', 5),
        phq('2021-10-01', 15),
        phq('2021-10-20', 16),
        ...CLASSIC_PHQ9,
      ],
    });
    const result = assessPatient(record, { now: NOW }).tachyphylaxis;
    expect(result.priorLossesOfResponse).toEqual([
      {
        trialId: 'fluoxetine:2021-01-05',
        agentId: 'fluoxetine',
        name: 'fluoxetine',
        drugClass: 'SSRI',
        lossAt: { date: '2021-10-01', total: 15 },
      },
    ]);
  });
});

describe('confounders', () => {
  function stateOf(record: PatientRecord, id: string): string | undefined {
    return assessPatient(record, { now: NOW }).tachyphylaxis.confounders.find((c) => c.id === id)?.state;
  }

  it.each([
    {
      name: 'refill gap: fills every 45 days → present',
      record: {
        ...RecordClassicSertralineLoss,
        medications: [
          statement('s', 'sertraline', '2024-01-08', { dose: 100 }),
          ...dispenses('f', 'sertraline', '2024-01-08', 9, { daysSupply: 30, everyDays: 45 }),
        ],
      },
      id: 'adherence-gap',
      state: 'present',
    },
    {
      name: 'no dispenses → adherence unknown',
      record: {
        ...RecordClassicSertralineLoss,
        medications: [statement('s', 'sertraline', '2024-01-08', { dose: 100 })],
      },
      id: 'adherence-gap',
      state: 'unknown',
    },
    {
      name: 'dose lowered between nadir and worsening → present',
      record: {
        ...RecordClassicSertralineLoss,
        medications: [
          statement('a', 'sertraline', '2024-01-08', { dose: 100, status: 'completed', end: '2024-09-30' }),
          statement('b', 'sertraline', '2024-10-01', { dose: 50 }),
        ],
      },
      id: 'dose-reduction',
      state: 'present',
    },
    {
      name: 'carbamazepine started after the nadir → cyp-inducer present',
      record: {
        ...RecordClassicSertralineLoss,
        medications: [
          ...RecordClassicSertralineLoss.medications,
          statement('c', 'carbamazepine', '2024-10-01', { dose: 400 }),
        ],
      },
      id: 'cyp-inducer',
      state: 'present',
    },
    {
      name: 'prednisone started before the worsening → depressogenic present',
      record: {
        ...RecordClassicSertralineLoss,
        medications: [
          ...RecordClassicSertralineLoss.medications,
          statement('p', 'prednisone', '2024-11-01', { dose: 40 }),
        ],
      },
      id: 'depressogenic-drug',
      state: 'present',
    },
    {
      name: 'sertraline is not a CYP1A2 substrate → smoking absent even for a smoker',
      record: { ...RecordClassicSertralineLoss, tobacco: [tobacco('t', '2024-10-01', 'current')] },
      id: 'smoking-cyp1a2',
      state: 'absent',
    },
    {
      name: 'CYP2C19 ultrarapid on sertraline → pharmacogenomic present',
      record: { ...RecordClassicSertralineLoss, pharmacogenomics: [pgx('g', 'CYP2C19', 'ultrarapid')] },
      id: 'pharmacogenomic',
      state: 'present',
    },
    {
      name: 'CYP2C19 normal on sertraline → pharmacogenomic absent',
      record: { ...RecordClassicSertralineLoss, pharmacogenomics: [pgx('g', 'CYP2C19', 'normal')] },
      id: 'pharmacogenomic',
      state: 'absent',
    },
    {
      name: 'active alcohol use disorder → substance-use present',
      record: {
        ...RecordClassicSertralineLoss,
        conditions: [condition('sud', 'substance-use', { onset: '2023-01-01' })],
      },
      id: 'substance-use',
      state: 'present',
    },
    {
      // A problem list without an active diagnosis does not show the patient does not use substances.
      name: 'resolved substance use → none recorded',
      record: {
        ...RecordClassicSertralineLoss,
        conditions: [condition('sud', 'substance-use', { clinicalStatus: 'resolved' })],
      },
      id: 'substance-use',
      state: 'not-recorded',
    },
    {
      name: 'hypothyroidism diagnosed after the first elevated score → present',
      record: {
        ...RecordClassicSertralineLoss,
        conditions: [condition('thy', 'hypothyroidism', { onset: '2024-12-10' })],
      },
      id: 'hypothyroidism',
      state: 'present',
    },
    {
      // Without a thyroid test nothing shows the thyroid is normal now.
      name: 'hypothyroidism that abated before the worsening → none recorded',
      record: {
        ...RecordClassicSertralineLoss,
        conditions: [condition('thy', 'hypothyroidism', { abatement: '2023-01-01' })],
      },
      id: 'hypothyroidism',
      state: 'not-recorded',
    },
    {
      name: 'hypothyroidism → present',
      record: { ...RecordClassicSertralineLoss, conditions: [condition('thy', 'hypothyroidism')] },
      id: 'hypothyroidism',
      state: 'present',
    },
    {
      name: 'psychotic features → present',
      record: {
        ...RecordClassicSertralineLoss,
        conditions: [condition('mdd', 'major-depression', { psychoticFeatures: true })],
      },
      id: 'psychotic',
      state: 'present',
    },
  ])('$name', ({ record, id, state }) => {
    expect(stateOf(record, id)).toBe(state);
  });

  it.each([
    {
      name: 'current smoker on duloxetine → present',
      statuses: [tobacco('t1', '2023-01-01', 'never'), tobacco('t2', '2024-10-01', 'current')],
      state: 'present',
    },
    { name: 'never smoker on duloxetine → absent', statuses: [tobacco('t1', '2024-10-01', 'never')], state: 'absent' },
    { name: 'no tobacco status on duloxetine → unknown', statuses: [], state: 'unknown' },
  ])('smoking: $name', ({ statuses, state }) => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [
        statement('d', 'duloxetine', '2024-01-08', { dose: 60 }),
        ...dispenses('f', 'duloxetine', '2024-01-08', 13, { dose: 60 }),
      ],
      tobacco: statuses,
    };
    expect(stateOf(record, 'smoking-cyp1a2')).toBe(state);
  });

  it.each([
    { name: 'on lithium, no TSH in 12 months → unknown (check TSH)', labs: [], state: 'unknown' },
    {
      name: 'on lithium, TSH 12.4 without a range → present',
      labs: [{ ref: 'Observation/tsh', kind: 'tsh' as const, date: '2024-11-20', value: 12.4, unit: 'mIU/L' }],
      state: 'present',
    },
    {
      name: 'on lithium, TSH 2.1 flagged normal → absent',
      labs: [{ ref: 'Observation/tsh', kind: 'tsh' as const, date: '2024-11-20', value: 2.1, flag: 'normal' as const }],
      state: 'absent',
    },
    {
      name: 'on lithium, a TSH older than 12 months does not count → unknown',
      labs: [{ ref: 'Observation/tsh', kind: 'tsh' as const, date: '2023-11-20', value: 2.1 }],
      state: 'unknown',
    },
  ])('hypothyroidism: $name', ({ labs, state }) => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [
        ...RecordClassicSertralineLoss.medications,
        statement('li', 'lithium', '2024-01-20', { dose: 600 }),
      ],
      labs,
    };
    expect(stateOf(record, 'hypothyroidism')).toBe(state);
  });

  it('hypothyroidism: nothing recorded and no lithium → none recorded', () => {
    expect(stateOf(RecordClassicSertralineLoss, 'hypothyroidism')).toBe('not-recorded');
  });

  it('a differential bipolar diagnosis is a caution, not a recorded diagnosis', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      conditions: [condition('bp', 'bipolar', { verificationStatus: 'differential' })],
    };
    const assessment = assessPatient(record, { now: NOW });
    expect(assessment.tachyphylaxis.status).toBe('possible');
    expect(assessment.tachyphylaxis.confounders.find((c) => c.id === 'bipolar')?.state).toBe('unknown');
    expect(assessment.safety.find((f) => f.id === 'bipolar-antidepressant-caution')?.severity).toBe('info');
  });

  it('keeps evidence free of resource identifiers', () => {
    const finding = assessPatient(
      { ...RecordClassicSertralineLoss, conditions: [condition('secret-id-123', 'hypothyroidism')] },
      { now: NOW }
    ).tachyphylaxis;
    const text = [...finding.evidence, ...finding.confounders.map((c) => c.evidence)].join(' ');
    expect(text).not.toContain('secret-id-123');
    expect(text).not.toContain('MedicationDispense/');
  });
});

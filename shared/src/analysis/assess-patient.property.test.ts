import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isValidIsoDate } from '../domain/dates';
import type { ConditionFact, MedicationEvent, PatientRecord, Phq9Score, ProcedureFact } from '../domain/record';
import { assessOrder } from './assess-order';
import { assessPatient } from './assess-patient';
import { NOW as CLASSIC_NOW, RecordClassicSertralineLoss, phq } from './test-records';

const NOW = '2025-06-30';
const ORIGIN = '2013-01-01';
const AGENT_IDS = [
  'sertraline',
  'fluoxetine',
  'citalopram',
  'venlafaxine',
  'duloxetine',
  'bupropion',
  'mirtazapine',
  'phenelzine',
  'aripiprazole',
  'lithium',
  'tramadol',
  'carbamazepine',
  'prednisone',
  'esketamine',
  'unknown-drug',
];

const dateArb = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 4800 }).map((d) => addDays(ORIGIN, d)) },
  { weight: 1, arbitrary: fc.constantFrom('not-a-date', '2024-02-30', '', '9999-12-31') }
);
const numberArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 400 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, -10, 1e12, Number.POSITIVE_INFINITY, 0.5) }
);

const medicationArb: fc.Arbitrary<MedicationEvent> = fc.record(
  {
    ref: fc.string({ minLength: 1, maxLength: 8 }).map((s) => `MedicationRequest/${s}`),
    source: fc.constantFrom('MedicationStatement', 'MedicationRequest', 'MedicationDispense'),
    status: fc.constantFrom('active', 'completed', 'stopped', 'on-hold', 'unknown', 'entered-in-error', 'weird'),
    text: fc.constant('drug'),
    agents: fc.array(
      fc.record(
        {
          agentId: fc.constantFrom(...AGENT_IDS),
          dailyDoseMg: numberArb,
          doseBasis: fc.constantFrom('dosage', 'strength', 'unknown'),
          formulation: fc.constantFrom('immediate-release', 'extended-release'),
        },
        { requiredKeys: ['agentId', 'doseBasis'] }
      ),
      { minLength: 0, maxLength: 2 }
    ),
    start: dateArb,
    end: dateArb,
    daysSupply: numberArb,
    refills: numberArb,
  },
  { requiredKeys: ['ref', 'source', 'status', 'text', 'agents'] }
);

const phq9Arb: fc.Arbitrary<Phq9Score> = fc.record(
  {
    refs: fc.constant(['Observation/x']),
    date: dateArb,
    total: fc.oneof(
      { weight: 10, arbitrary: fc.integer({ min: 0, max: 27 }) },
      { weight: 1, arbitrary: fc.constantFrom(-1, 28, 99, Number.NaN) }
    ),
    instrument: fc.constantFrom('PHQ-9', 'PHQ-9M'),
    totalSource: fc.constantFrom('recorded', 'computed'),
    item9: fc.integer({ min: -1, max: 5 }),
  },
  { requiredKeys: ['refs', 'date', 'total', 'instrument', 'totalSource'] }
);

const conditionArb: fc.Arbitrary<ConditionFact> = fc.record({
  ref: fc.constant('Condition/c'),
  category: fc.constantFrom(
    'major-depression',
    'bipolar',
    'psychotic',
    'substance-use',
    'hypothyroidism',
    'nicotine',
    'seizure'
  ),
  system: fc.constant('icd'),
  code: fc.constant('F33.1'),
  display: fc.constant('Recurrent depression'),
  psychoticFeatures: fc.boolean(),
});

const procedureArb: fc.Arbitrary<ProcedureFact> = fc.record({
  ref: fc.constant('Procedure/p'),
  kind: fc.constantFrom('tms', 'ect', 'psychotherapy', 'esketamine'),
  system: fc.constant('cpt'),
  code: fc.constant('90868'),
  start: dateArb,
});

const recordArb: fc.Arbitrary<PatientRecord> = fc.record({
  patient: fc.record({ birthDate: dateArb.map((d) => (isValidIsoDate(d) ? addDays(d, -9000) : d)) }),
  medications: fc.array(medicationArb, { maxLength: 25 }),
  phq9: fc.array(phq9Arb, { maxLength: 40 }),
  conditions: fc.array(conditionArb, { maxLength: 3 }),
  procedures: fc.array(procedureArb, { maxLength: 5 }),
  tobacco: fc.array(
    fc.record({
      ref: fc.constant('Observation/t'),
      date: dateArb,
      status: fc.constantFrom('current', 'former', 'never', 'unknown'),
    }),
    { maxLength: 2 }
  ),
  pharmacogenomics: fc.array(
    fc.record({
      ref: fc.constant('Observation/g'),
      gene: fc.constantFrom('CYP2D6', 'CYP2C19', 'CYP2B6'),
      phenotype: fc.constantFrom('poor', 'intermediate', 'normal', 'rapid', 'ultrarapid', 'indeterminate'),
    }),
    { maxLength: 2 }
  ),
  issues: fc.constant([]),
});

describe('assessPatient and assessOrder on random records', () => {
  it('never throw, and the safety and confirmation invariants hold', () => {
    fc.assert(
      fc.property(recordArb, fc.array(medicationArb, { maxLength: 3 }), (record, drafts) => {
        const assessment = assessPatient(record, { now: NOW });
        const finding = assessment.tachyphylaxis;
        if (finding.status === 'possible') {
          expect(finding.worsening).toBeDefined();
          expect(finding.confirmation).toBeDefined();
          expect(daysBetween(finding.worsening?.date ?? '', finding.confirmation?.date ?? '')).toBeGreaterThanOrEqual(
            14
          );
        }
        expect(assessment.issues.some((issue) => issue.code === 'analysis.failed')).toBe(false);
        for (const trial of assessment.trials) {
          expect(trial.end === undefined || trial.end >= trial.start).toBe(true);
          expect(trial.durationDays).toBeGreaterThan(0);
        }
        expect(assessment.options.map((o) => o.rank)).toEqual(assessment.options.map((_, i) => i + 1));
        for (const order of assessOrder(record, assessment, drafts, { now: NOW })) {
          expect(order.summary.length).toBeLessThan(140);
        }
      }),
      { numRuns: 300, seed: 20261122 }
    );
  });

  // The item-9 oracles come from how the record is built, not from re-running the rule: a positive answer placed in
  // the last 30 days must raise the critical flag whatever else the record holds, and a record with no positive
  // answer anywhere must not raise it.
  const hasItem9Flag = (record: PatientRecord): boolean =>
    assessPatient(record, { now: NOW }).safety.some(
      (flag) => flag.id === 'phq9-item9-positive' && flag.severity === 'critical'
    );

  it('raises the critical item-9 flag for a positive answer in the last 30 days, whatever else is recorded', () => {
    const positiveArb = fc.record({ daysAgo: fc.integer({ min: 0, max: 30 }), item9: fc.integer({ min: 1, max: 3 }) });
    fc.assert(
      fc.property(recordArb, positiveArb, (record, { daysAgo, item9 }) => {
        const positive: Phq9Score = { ...phq9Sample(), date: addDays(NOW, -daysAgo), item9 };
        expect(hasItem9Flag({ ...record, phq9: [...record.phq9, positive] })).toBe(true);
      }),
      { numRuns: 200, seed: 20261201 }
    );
  });

  it('never raises the item-9 flag when no answer is positive', () => {
    fc.assert(
      fc.property(recordArb, fc.boolean(), (record, dropItem9) => {
        const phq9 = record.phq9.map(({ item9: _item9, ...score }) => (dropItem9 ? score : { ...score, item9: 0 }));
        expect(hasItem9Flag({ ...record, phq9 })).toBe(false);
      }),
      { numRuns: 200, seed: 20261202 }
    );
  });

  it('keeps the tachyphylaxis invariants when random scores are added to a real loss-of-response story', () => {
    const extraScore = fc.record({ day: fc.integer({ min: 0, max: 360 }), total: fc.integer({ min: 0, max: 27 }) });
    fc.assert(
      fc.property(fc.array(extraScore, { maxLength: 12 }), (extra) => {
        const record: PatientRecord = {
          ...RecordClassicSertralineLoss,
          phq9: [
            ...RecordClassicSertralineLoss.phq9,
            ...extra.map(({ day, total }) => phq(addDays('2024-03-01', day), total)),
          ],
        };
        const finding = assessPatient(record, { now: CLASSIC_NOW }).tachyphylaxis;
        if (finding.status === 'possible' || finding.status === 'emerging') {
          const { nadir, worsening, baseline } = finding;
          expect(nadir && worsening && baseline).toBeTruthy();
          expect((worsening?.total ?? 0) - (nadir?.total ?? 0)).toBeGreaterThanOrEqual(5);
          expect(daysBetween(finding.response?.date ?? '', worsening?.date ?? '')).toBeGreaterThanOrEqual(56);
          expect(finding.episodeKey).toBe(`${finding.trialId ?? ''}:${worsening?.date ?? ''}`);
        }
        if (finding.status === 'possible') {
          expect(daysBetween(finding.worsening?.date ?? '', finding.confirmation?.date ?? '')).toBeGreaterThanOrEqual(
            14
          );
        }
        if (finding.status === 'emerging') {
          expect(finding.confirmation).toBeUndefined();
        }
        // A worsening that no longer warns must be because the latest score is back at response (≤ 50 % or < 5).
        const dated = record.phq9.filter((score) => score.date <= CLASSIC_NOW);
        const latestDate = dated.reduce((max, score) => (score.date > max ? score.date : max), '');
        const baseline = finding.baseline?.total ?? 0;
        if (finding.status === 'none' && finding.worsening) {
          const backAtResponse = dated.some(
            (score) => score.date === latestDate && (score.total <= baseline / 2 || score.total < 5)
          );
          expect(backAtResponse).toBe(true);
        }
      }),
      { numRuns: 300, seed: 42 }
    );
  });

  it('survives values that break the types (missing arrays, a bad now)', () => {
    const broken = { phq9: [phq9Sample()], medications: null } as unknown as PatientRecord;
    const result = assessPatient(broken, { now: 'not a date' });
    expect(result.issues.map((issue) => issue.code)).toContain('analysis.invalid-now');
    expect(result.safety.map((flag) => flag.id)).toEqual(['phq9-item9-positive']);
    expect(assessOrder(broken, result, null as unknown as MedicationEvent[], { now: new Date(Number.NaN) })).toEqual(
      []
    );
  });
});

function phq9Sample(): Phq9Score {
  return {
    refs: ['Observation/a'],
    date: '2024-01-01',
    total: 12,
    instrument: 'PHQ-9',
    totalSource: 'recorded',
    item9: 2,
  };
}

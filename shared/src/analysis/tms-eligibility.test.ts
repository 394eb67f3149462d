import { describe, expect, it } from 'vitest';
import type { Trial } from '../domain/assessment';
import type { TmsCriterion } from '../knowledge/tms-policies';
import { evaluateTmsPolicy, type EligibilityFacts } from './tms-eligibility';
import { EMPTY_RECORD, buildTestContext, condition, procedure } from './test-records';

const ctx = buildTestContext('2025-01-10');

function trial(id: string, drugClass: Trial['drugClass'], adequacy: Trial['adequacy'] = 'adequate'): Trial {
  return {
    id,
    agentId: id,
    name: id,
    drugClass,
    role: 'antidepressant',
    start: '2024-01-01',
    end: '2024-04-01',
    ongoing: false,
    doseSegments: [],
    durationDays: 92,
    daysAtAdequateDose: 92,
    adherence: { basis: 'none', windowStart: '2024-01-01', windowEnd: '2024-04-01', gaps: [], longestGapDays: 0 },
    adequacy,
    outcome: 'non-response',
    refs: [],
  };
}

const FACTS: EligibilityFacts = {
  record: EMPTY_RECORD,
  trials: [],
  failedTrials: [],
  episodeStart: '2023-12-01',
  ageYears: 40,
  latestPhq9: { date: '2025-01-01', total: 15 },
};

function statusOf(criterion: TmsCriterion, facts: Partial<EligibilityFacts>): string | undefined {
  const policy = { id: 'test', name: 'test', criteria: [criterion], citationIds: [] };
  return evaluateTmsPolicy(policy, { ...FACTS, ...facts }, ctx).criteria[0]?.status;
}

const ADULT: TmsCriterion = {
  id: 'adult',
  label: 'adult',
  rule: { kind: 'adult', minAgeThreshold: 'tmsCommercialMinAge' },
};
const PHQ15: TmsCriterion = {
  id: 'phq',
  label: 'phq',
  rule: { kind: 'severity', minPhq9Threshold: 'tmsCommercialMinPhq9' },
};
const TWO_CLASSES: TmsCriterion = {
  id: 'two',
  label: 'two',
  rule: { kind: 'failed-trials', minTrials: 2, differentClasses: true, intoleranceCounts: false },
};
const NO_BIPOLAR: TmsCriterion = {
  id: 'dx',
  label: 'dx',
  rule: { kind: 'no-diagnosis', categories: ['bipolar', 'psychotic'], psychoticFeatures: true },
};

describe('TMS criteria', () => {
  it.each([
    { name: 'age 18 is adult', criterion: ADULT, facts: { ageYears: 18 }, status: 'met' },
    { name: 'age 17 is not', criterion: ADULT, facts: { ageYears: 17 }, status: 'not-met' },
    { name: 'unknown age', criterion: ADULT, facts: { ageYears: undefined }, status: 'unknown' },
    { name: 'PHQ-9 exactly 15', criterion: PHQ15, facts: {}, status: 'met' },
    { name: 'PHQ-9 14', criterion: PHQ15, facts: { latestPhq9: { date: '2025-01-01', total: 14 } }, status: 'not-met' },
    { name: 'no PHQ-9', criterion: PHQ15, facts: { latestPhq9: undefined }, status: 'unknown' },
    {
      name: 'two failures of two classes',
      criterion: TWO_CLASSES,
      facts: { failedTrials: [trial('sertraline', 'SSRI'), trial('venlafaxine', 'SNRI')] },
      status: 'met',
    },
    {
      name: 'two failures of one class',
      criterion: TWO_CLASSES,
      facts: { failedTrials: [trial('sertraline', 'SSRI'), trial('escitalopram', 'SSRI')] },
      status: 'not-met',
    },
    {
      name: 'one failure and a trial of unknown adequacy',
      criterion: TWO_CLASSES,
      facts: { failedTrials: [trial('sertraline', 'SSRI')], trials: [trial('bupropion', 'NDRI', 'unknown')] },
      status: 'unknown',
    },
    {
      name: 'bipolar recorded',
      criterion: NO_BIPOLAR,
      facts: { record: { ...EMPTY_RECORD, conditions: [condition('b', 'bipolar')] } },
      status: 'not-met',
    },
    { name: 'no exclusion recorded', criterion: NO_BIPOLAR, facts: {}, status: 'met' },
    {
      name: 'psychotherapy recorded',
      criterion: { id: 'p', label: 'p', rule: { kind: 'psychotherapy-trial' } },
      facts: { record: { ...EMPTY_RECORD, procedures: [procedure('p', 'psychotherapy', '2024-05-01')] } },
      status: 'met',
    },
    {
      name: 'psychotherapy not recorded',
      criterion: { id: 'p', label: 'p', rule: { kind: 'psychotherapy-trial' } },
      facts: {},
      status: 'unknown',
    },
    {
      name: 'facts outside the record',
      criterion: { id: 'n', label: 'n', rule: { kind: 'not-in-record', prompt: 'Ask.' } },
      facts: {},
      status: 'unknown',
    },
  ] as const)('$name → $status', ({ criterion, facts, status }) => {
    expect(statusOf(criterion, facts as Partial<EligibilityFacts>)).toBe(status);
  });

  it('is criteria-not-met when any criterion fails, insufficient-data when any is unknown', () => {
    const policy = { id: 'p', name: 'p', criteria: [ADULT, PHQ15], citationIds: [] };
    expect(evaluateTmsPolicy(policy, FACTS, ctx).overall).toBe('criteria-met');
    expect(evaluateTmsPolicy(policy, { ...FACTS, ageYears: undefined }, ctx).overall).toBe('insufficient-data');
    expect(evaluateTmsPolicy(policy, { ...FACTS, ageYears: 16, latestPhq9: undefined }, ctx).overall).toBe(
      'criteria-not-met'
    );
  });
});

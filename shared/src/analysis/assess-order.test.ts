import { describe, expect, it } from 'vitest';
import type { MedicationEvent, PatientRecord } from '../domain/record';
import { assessOrder } from './assess-order';
import { assessPatient } from './assess-patient';
import { NOW, RecordClassicSertralineLoss, buildRecord, condition, phq, request, statement } from './test-records';

function findingsOf(record: PatientRecord, drafts: MedicationEvent[]) {
  const assessment = assessPatient(record, { now: NOW });
  return assessOrder(record, assessment, drafts, { now: NOW });
}

function draft(agentId: string, dose = 10): MedicationEvent {
  return request(`draft-${agentId}`, agentId, NOW, { dose, status: 'draft' });
}

const RecordEarlierFluoxetineLoss: PatientRecord = buildRecord({
  medications: [statement('flu', 'fluoxetine', '2021-01-05', { dose: 20, status: 'completed', end: '2022-06-01' })],
  // The response is sustained (two qualifying scores ≥ 14 days apart) before it is lost.
  // The loss is confirmed by a second elevated score 14 days or more later.
  phq9: [
    phq('2021-01-01', 18),
    phq('2021-03-01', 5),
    phq('2021-03-20', 5),
    phq('2021-10-01', 15),
    phq('2021-10-20', 16),
  ],
});

const RecordFluoxetineStopped20DaysAgo: PatientRecord = buildRecord({
  medications: [statement('flu', 'fluoxetine', '2024-01-05', { dose: 20, status: 'completed', end: '2024-12-21' })],
});

const RecordPhenelzineStopped10DaysAgo: PatientRecord = buildRecord({
  medications: [statement('phe', 'phenelzine', '2024-01-05', { dose: 45, status: 'completed', end: '2024-12-31' })],
});

describe('assessOrder', () => {
  it.each([
    {
      name: 'the same drug that lost its effect',
      record: RecordEarlierFluoxetineLoss,
      agent: 'fluoxetine',
      kind: 'prior-loss-same-drug',
      severity: 'warning',
    },
    {
      name: 'another drug of a class that lost its effect',
      record: RecordEarlierFluoxetineLoss,
      agent: 'sertraline',
      kind: 'prior-loss-same-class',
      severity: 'info',
    },
    {
      name: 'an SSRI after a possible loss on an SSRI',
      record: RecordClassicSertralineLoss,
      agent: 'escitalopram',
      kind: 'switch-matches-history',
      severity: 'info',
    },
    {
      name: 'tramadol with ongoing sertraline',
      record: RecordClassicSertralineLoss,
      agent: 'tramadol',
      kind: 'serotonergic-combination',
      severity: 'warning',
    },
    {
      name: 'an MAOI 20 days after fluoxetine (35-day washout)',
      record: RecordFluoxetineStopped20DaysAgo,
      agent: 'phenelzine',
      kind: 'maoi-washout',
      severity: 'critical',
    },
    {
      name: 'an SSRI 10 days after an MAOI',
      record: RecordPhenelzineStopped10DaysAgo,
      agent: 'sertraline',
      kind: 'maoi-washout',
      severity: 'critical',
    },
    {
      name: 'an antidepressant at age 20',
      record: buildRecord({ patient: { birthDate: '2004-06-01' } }),
      agent: 'sertraline',
      kind: 'boxed-warning-young-adult',
      severity: 'warning',
    },
    {
      name: 'an antidepressant with bipolar disorder',
      record: buildRecord({ conditions: [condition('bp', 'bipolar')] }),
      agent: 'sertraline',
      kind: 'bipolar-caution',
      severity: 'warning',
    },
  ])('flags $name', ({ record, agent, kind, severity }) => {
    const found = findingsOf(record, [draft(agent)]).find((f) => f.kind === kind);
    expect(found?.severity).toBe(severity);
    expect(found?.orderRef).toBe(`MedicationRequest/draft-${agent}`);
    expect(found?.summary).toContain(found?.drugName);
    expect(found?.summary.length).toBeLessThan(140);
  });

  it.each([
    {
      name: 'venlafaxine after a sertraline loss (different class)',
      record: RecordClassicSertralineLoss,
      agent: 'venlafaxine',
      kinds: ['serotonergic-combination'],
    },
    {
      name: 'an MAOI exactly 35 days after fluoxetine',
      record: buildRecord({
        medications: [statement('f', 'fluoxetine', '2024-01-05', { dose: 20, status: 'completed', end: '2024-12-06' })],
      }),
      agent: 'phenelzine',
      kinds: [],
    },
    {
      name: 'a higher dose of the current drug after its loss of response',
      record: RecordClassicSertralineLoss,
      agent: 'sertraline',
      kinds: [],
    },
    { name: 'a non-catalogue drug', record: RecordClassicSertralineLoss, agent: 'not-a-drug', kinds: [] },
    { name: 'an empty record', record: buildRecord({}), agent: 'sertraline', kinds: [] },
  ])('does not flag $name beyond the expected', ({ record, agent, kinds }) => {
    expect(findingsOf(record, [draft(agent)]).map((f) => f.kind)).toEqual(kinds);
  });

  it('flags two serotonergic drafts ordered together', () => {
    const found = findingsOf(buildRecord({}), [draft('sertraline'), draft('tramadol')]).filter(
      (f) => f.kind === 'serotonergic-combination'
    );
    expect(found.map((f) => f.agentId).sort()).toEqual(['sertraline', 'tramadol']);
  });

  it('returns nothing for malformed drafts instead of throwing', () => {
    const malformed = [{ ref: 'MedicationRequest/x' }] as unknown as MedicationEvent[];
    expect(findingsOf(RecordClassicSertralineLoss, malformed)).toEqual([]);
  });
});

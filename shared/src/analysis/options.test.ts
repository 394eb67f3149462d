import { describe, expect, it } from 'vitest';
import type { PatientRecord } from '../domain/record';
import { assessPatient } from './assess-patient';
import {
  NOW,
  RecordClassicSertralineLoss,
  RecordTwoClassFailures,
  buildRecord,
  condition,
  phq,
  procedure,
  statement,
} from './test-records';

function optionsOf(record: PatientRecord) {
  return assessPatient(record, { now: NOW }).options;
}

describe('buildOptions', () => {
  it('after a possible loss on sertraline: dose optimisation first, dual-action switches, nothing already tried', () => {
    const options = optionsOf(RecordClassicSertralineLoss);
    expect(options.map((o) => o.kind)).toEqual([
      'dose-optimisation',
      'psychotherapy',
      'switch',
      'augmentation',
      'combination',
      'tms',
    ]);
    expect(options.map((o) => o.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(options[0]?.citationIds).toEqual(expect.arrayContaining(['schmidt-2002', 'fava-1995']));
    const switchOption = options.find((o) => o.kind === 'switch');
    expect(switchOption?.candidates.map((c) => c.agentId)).not.toContain('sertraline');
    expect(switchOption?.candidates[0]?.agentId).toBe('venlafaxine');
    expect(switchOption?.candidates.some((c) => c.agentId === 'escitalopram')).toBe(false);
    const augmentation = options.find((o) => o.kind === 'augmentation');
    expect(augmentation?.candidates.slice(0, 3).map((c) => c.agentId)).toEqual([
      'aripiprazole',
      'brexpiprazole',
      'cariprazine',
    ]);
  });

  it('never phrases an option as an order', () => {
    for (const option of optionsOf(RecordClassicSertralineLoss)) {
      expect(option.title.startsWith('Consider')).toBe(true);
    }
  });

  it('leaves out dose optimisation at the maximum dose', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [statement('s', 'sertraline', '2024-01-08', { dose: 200 })],
    };
    expect(optionsOf(record).map((o) => o.kind)).not.toContain('dose-optimisation');
  });

  it('drops antidepressant add-ons and warns when bipolar disorder is recorded', () => {
    const record: PatientRecord = { ...RecordClassicSertralineLoss, conditions: [condition('bp', 'bipolar')] };
    const options = optionsOf(record);
    expect(options.map((o) => o.kind)).not.toContain('combination');
    expect(options.find((o) => o.kind === 'switch')?.safetyNotes.some((n) => n.includes('Bipolar'))).toBe(true);
  });

  it('offers esketamine and ECT only after two adequate failures', () => {
    const withCurrent: PatientRecord = {
      ...RecordTwoClassFailures,
      medications: [...RecordTwoClassFailures.medications, statement('m', 'mirtazapine', '2024-09-01', { dose: 30 })],
      phq9: [...RecordTwoClassFailures.phq9, phq('2024-12-01', 19)],
    };
    const kinds = optionsOf(withCurrent).map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['esketamine', 'ect', 'tms']));
    expect(kinds[0]).toBe('augmentation');
    const esketamine = optionsOf(withCurrent).find((o) => o.kind === 'esketamine');
    expect(esketamine?.safetyNotes.some((n) => n.includes('REMS'))).toBe(true);
    expect(optionsOf(RecordClassicSertralineLoss).map((o) => o.kind)).not.toContain('esketamine');
  });

  it('puts ECT first for psychotic features', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      conditions: [condition('mdd', 'major-depression', { psychoticFeatures: true })],
    };
    expect(optionsOf(record)[0]?.kind).toBe('ect');
  });

  it('offers only psychotherapy when nothing needs to change', () => {
    const well = buildRecord({
      medications: [statement('s', 'sertraline', '2024-01-08', { dose: 100 })],
      phq9: [phq('2024-01-05', 19), phq('2024-04-01', 3), phq('2024-12-01', 2)],
    });
    expect(optionsOf(well).map((o) => o.kind)).toEqual(['psychotherapy']);
  });
});

describe('TMS eligibility', () => {
  function tmsOf(record: PatientRecord) {
    return optionsOf(record).find((o) => o.kind === 'tms')?.tmsEligibility ?? [];
  }

  it('evaluates each policy criterion with evidence', () => {
    // A loss of response is not a failed adequate trial (sertraline worked first): one tachyphylaxis episode does not
    // meet a "failed antidepressant trial" criterion.
    const policies = tmsOf(RecordClassicSertralineLoss);
    expect(policies.map((p) => [p.policyId, p.overall])).toEqual([
      ['fda-label', 'criteria-not-met'],
      ['cms-lcd-l34998', 'criteria-not-met'],
      ['centene-cp-bh-200', 'criteria-not-met'],
    ]);
    const cms = policies.find((p) => p.policyId === 'cms-lcd-l34998');
    expect(cms?.criteria.map((c) => [c.id, c.status])).toEqual([
      ['adult', 'met'],
      ['severe-mdd', 'not-met'],
      ['failed-one-adequate-trial', 'not-met'],
      ['psychiatrist-order', 'unknown'],
      ['no-magnetic-implants', 'unknown'],
    ]);
  });

  it('meets the commercial PHQ-9 threshold at exactly 15 and reads psychotherapy and esketamine', () => {
    const record: PatientRecord = {
      ...RecordTwoClassFailures,
      medications: [...RecordTwoClassFailures.medications, statement('m', 'mirtazapine', '2024-09-01', { dose: 30 })],
      phq9: [...RecordTwoClassFailures.phq9, phq('2024-12-01', 15)],
      procedures: [procedure('cbt', 'psychotherapy', '2024-06-01'), procedure('esk', 'esketamine', '2025-01-02')],
    };
    const centene = tmsOf(record).find((p) => p.policyId === 'centene-cp-bh-200');
    expect(Object.fromEntries(centene?.criteria.map((c) => [c.id, c.status]) ?? [])).toEqual({
      adult: 'met',
      'phq9-moderately-severe': 'met',
      'failed-two-classes': 'met',
      'psychotherapy-trial': 'met',
      'no-bipolar-psychosis': 'met',
      'no-concurrent-esketamine': 'not-met',
      'no-magnetic-implants': 'unknown',
    });
  });
});

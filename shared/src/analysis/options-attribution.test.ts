import { describe, expect, it } from 'vitest';
import type { PatientRecord } from '../domain/record';
import { assessPatient } from './assess-patient';
import {
  CLASSIC_PHQ9,
  NOW,
  RecordClassicSertralineLoss,
  buildRecord,
  dispenses,
  phq,
  procedure,
  statement,
} from './test-records';

/**
 * Hand-written scenarios: whose response was lost (ECT's, a TMS regimen's) and what explains a worsening decide which
 * option comes first. Each expectation is what a psychiatrist would do first, written before running the engine.
 */

function assess(record: PatientRecord, now = NOW) {
  return assessPatient(record, { now });
}

/** `count` sessions every other day from `from` (sertraline's response is on 2024-04-01). */
function course(kind: 'ect' | 'tms' | 'esketamine', from: string, count: number): PatientRecord['procedures'] {
  const start = new Date(`${from}T00:00:00Z`).getTime();
  return Array.from({ length: count }, (_, i) =>
    procedure(`${kind}-${i}`, kind, new Date(start + i * 2 * 86_400_000).toISOString().slice(0, 10))
  );
}

describe('options after a relapse following ECT', () => {
  // Severe episode, ECT course from 2023-12-28 with sertraline started during it; remission, then PHQ-9 16 and 17.
  const record: PatientRecord = { ...RecordClassicSertralineLoss, procedures: course('ect', '2023-12-28', 10) };
  const assessment = assess(record);

  it('is attributed to ECT', () => {
    expect(assessment.tachyphylaxis.attribution?.kind).toBe('ect');
  });

  it('offers continuation or maintenance ECT first, citing the continuation trials', () => {
    const [first] = assessment.options;
    expect(first?.kind).toBe('ect');
    expect(first?.title).toContain('continuation or maintenance ECT');
    // Pharmacotherapy alone after ECT relapses often: Sackeim 2001 (60 % on nortriptyline over 24 weeks).
    expect(first?.rationale).toContain('60 % on nortriptyline');
    expect(first?.rationale).toContain('37.1 % vs 31.6 %');
    expect(first?.citationIds).toEqual(expect.arrayContaining(['sackeim-2001-post-ect', 'kellner-2006-core']));
  });

  it('still lists the drug strategies after it', () => {
    const kinds = assessment.options.map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['augmentation', 'dose-optimisation', 'switch', 'psychotherapy']));
    expect(kinds.indexOf('augmentation')).toBeLessThan(kinds.indexOf('switch'));
  });

  it('does not offer ECT for a loss of response to the drug alone with no other indication', () => {
    expect(assess(RecordClassicSertralineLoss).options.map((o) => o.kind)).not.toContain('ect');
  });

  it('does not offer continuation ECT once the worsening has resolved', () => {
    const resolved: PatientRecord = { ...record, phq9: [...CLASSIC_PHQ9, phq('2025-01-08', 3)] };
    const kinds = assess(resolved).options.map((o) => o.kind);
    expect(kinds).not.toContain('ect');
  });

  it('keeps the under-18 ECT note in the relapse option', () => {
    const adolescent: PatientRecord = { ...record, patient: { birthDate: '2008-03-01' } };
    const ect = assess(adolescent).options.find((o) => o.kind === 'ect');
    expect(ect?.title).toContain('continuation or maintenance ECT');
    expect(ect?.safetyNotes.join(' ')).toContain('child and adolescent psychiatry');
  });
});

describe('options after the loss of a response that came with TMS', () => {
  const record: PatientRecord = { ...RecordClassicSertralineLoss, procedures: course('tms', '2024-01-15', 20) };
  const assessment = assess(record);

  it('is the regimen’s, and the card statement names TMS', () => {
    expect(assessment.tachyphylaxis.attribution?.kind).toBe('regimen');
    expect(assessment.tachyphylaxis.attribution?.statement).toContain('TMS');
  });

  it('words the TMS option as re-treatment, with its durability study', () => {
    const tms = assessment.options.find((o) => o.kind === 'tms');
    expect(tms?.title).toContain('TMS re-treatment');
    expect(tms?.rationale).toContain('62.5 %');
    expect(tms?.citationIds).toContain('dunner-2014-tms-durability');
    expect(tms?.tmsEligibility?.length).toBeGreaterThan(0);
  });

  it('offers TMS re-treatment first, before changing the antidepressant', () => {
    expect(assessment.options.map((o) => o.kind).slice(0, 2)).toEqual(['tms', 'dose-optimisation']);
  });

  it('keeps the plain TMS wording when the response was the drug’s alone', () => {
    const tms = assess(RecordClassicSertralineLoss).options.find((o) => o.kind === 'tms');
    expect(tms?.title).toBe('Consider referral for transcranial magnetic stimulation (TMS)');
  });
});

describe('options after the loss of a response that came with esketamine', () => {
  const record: PatientRecord = {
    ...RecordClassicSertralineLoss,
    procedures: course('esketamine', '2024-01-20', 8),
  };
  const assessment = assess(record);

  it('offers continuing or resuming esketamine, citing the relapse-prevention trial, not esketamine as new', () => {
    expect(assessment.tachyphylaxis.attribution?.kind).toBe('regimen');
    const esketamine = assessment.options.find((o) => o.kind === 'esketamine');
    expect(esketamine?.title).toBe('Consider continuing or resuming esketamine (the response came with it)');
    expect(esketamine?.rationale).toContain('26.7 % vs 45.3 %');
    expect(esketamine?.citationIds).toContain('daly-2019-sustain1');
    expect(esketamine?.safetyNotes.join(' ')).toContain('REMS');
  });

  it('offers continuing or resuming esketamine first', () => {
    expect(assessment.options[0]?.kind).toBe('esketamine');
  });

  it('never offers esketamine under 18, whatever the attribution', () => {
    const adolescent: PatientRecord = { ...record, patient: { birthDate: '2008-03-01' } };
    expect(assess(adolescent).options.map((o) => o.kind)).not.toContain('esketamine');
  });
});

describe('options after the loss of a response that came with an add-on', () => {
  it('does not add a second antipsychotic to the one in the regimen', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [
        ...RecordClassicSertralineLoss.medications,
        statement('ari', 'aripiprazole', '2024-02-10', { dose: 5 }),
      ],
    };
    const augmentation = assess(record).options.find((o) => o.kind === 'augmentation');
    const names = augmentation?.candidates.map((c) => c.agentId) ?? [];
    expect(names).not.toContain('brexpiprazole');
    expect(names).not.toContain('cariprazine');
    expect(names).toEqual(expect.arrayContaining(['lithium', 'liothyronine']));
  });
});

describe('options for an explained worsening lead with the explanation', () => {
  it('a statement on hold before the worsening: resume the drug first, no dose increase first', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      medications: [
        ...RecordClassicSertralineLoss.medications.filter((event) => event.source !== 'MedicationDispense'),
        statement('hold', 'sertraline', '2024-11-01', { dose: 100, status: 'on-hold' }),
      ],
    };
    const assessment = assess(record);
    expect(assessment.tachyphylaxis.status).toBe('explained');
    const [first, second] = assessment.options;
    expect(first?.kind).toBe('address-explanation');
    expect(first?.title).toContain('resuming the antidepressant');
    expect(first?.rationale).toContain('sertraline recorded as on hold on 2024-11-01');
    expect(second?.kind).not.toBe('dose-optimisation');
  });

  it('refill gaps before the worsening: adherence support first, and the dose option says to check adherence', () => {
    // Fills stop in July 2024; the worsening comes in December on the same prescription.
    const record = buildRecord({
      medications: [
        statement('sert', 'sertraline', '2024-01-08', { dose: 100 }),
        ...dispenses('sert-fill', 'sertraline', '2024-01-08', 6, { dose: 100, daysSupply: 30 }),
      ],
      phq9: CLASSIC_PHQ9,
    });
    const assessment = assess(record);
    expect(assessment.tachyphylaxis.status).toBe('explained');
    expect(assessment.tachyphylaxis.explanations?.[0]?.confounderId).toBe('adherence-gap');
    const kinds = assessment.options.map((o) => o.kind);
    expect(kinds[0]).toBe('address-explanation');
    expect(assessment.options[0]?.title).toContain('supporting adherence');
    expect(assessment.options[0]?.rationale).toContain('PDC');
    expect(kinds.indexOf('dose-optimisation')).toBeGreaterThan(kinds.indexOf('psychotherapy'));
    const dose = assessment.options.find((o) => o.kind === 'dose-optimisation');
    expect(dose?.rationale).toContain('reassess adherence');
  });

  it('a dose cut before the worsening: restoring the dose comes first', () => {
    const record = buildRecord({
      medications: [
        statement('sert', 'sertraline', '2024-01-08', { dose: 100, status: 'completed', end: '2024-09-30' }),
        statement('sert-low', 'sertraline', '2024-10-01', { dose: 50 }),
        ...dispenses('sert-fill', 'sertraline', '2024-01-08', 13, { dose: 100, daysSupply: 30 }),
      ],
      phq9: CLASSIC_PHQ9,
    });
    const assessment = assess(record);
    expect(assessment.tachyphylaxis.status).toBe('explained');
    expect(assessment.tachyphylaxis.explanations?.map((e) => e.confounderId)).toContain('dose-reduction');
    expect(assessment.options[0]?.kind).toBe('address-explanation');
    expect(assessment.options[0]?.rationale).toContain('restoring the earlier dose');
  });

  it('no explanation option when nothing explains the worsening', () => {
    const kinds = assess(RecordClassicSertralineLoss).options.map((o) => o.kind);
    expect(kinds).not.toContain('address-explanation');
    expect(kinds[0]).toBe('dose-optimisation');
  });
});

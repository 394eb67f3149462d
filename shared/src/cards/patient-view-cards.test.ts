import { describe, expect, it } from 'vitest';
import type { Assessment, OrderFinding, SafetyFlag, TachyphylaxisFinding } from '../domain/assessment';
import { getCitation } from '../knowledge/citations';
import { CardSchema } from '../schemas/cds-hooks';
import { OVERRIDE_REASONS, stripEmpty, toCardSummary, type CardBuildOptions } from './card-parts';
import { buildOrderCards } from './order-cards';
import { buildPatientViewCards } from './patient-view-cards';

function options(overrides: Partial<CardBuildOptions> = {}): CardBuildOptions {
  let counter = 0;
  return {
    appLaunchUrl: 'https://app.example.org/launch.html',
    includeEmerging: true,
    newId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    getCitation,
    ...overrides,
  };
}

const NONE: TachyphylaxisFinding = {
  status: 'none',
  confounders: [],
  priorLossesOfResponse: [],
  evidence: [],
  citationIds: [],
};

const POSSIBLE: TachyphylaxisFinding = {
  status: 'possible',
  trialId: 'sertraline:2025-01-01',
  agentId: 'sertraline',
  drugName: 'sertraline',
  drugClass: 'SSRI',
  dailyDoseMg: 100,
  baseline: { date: '2025-01-02', total: 19 },
  nadir: { date: '2025-05-01', total: 4 },
  worsening: { date: '2025-11-01', total: 13 },
  confirmation: { date: '2025-11-20', total: 14 },
  daysOnStableDose: 280,
  confounders: [
    {
      id: 'adherence-gap',
      state: 'absent',
      label: 'Refill gaps',
      evidence: 'PDC 96 %',
      whatToCheck: 'Ask',
      refs: [],
      citationIds: ['pqa-pdc'],
    },
    {
      id: 'cyp-inducer',
      state: 'present',
      label: 'CYP inducer | started',
      evidence: 'Carbamazepine since 2025-09',
      whatToCheck: 'Review',
      refs: [],
      citationIds: [],
    },
    {
      id: 'hypothyroidism',
      state: 'unknown',
      label: 'Hypothyroidism',
      evidence: 'No TSH',
      whatToCheck: 'TSH',
      refs: [],
      citationIds: [],
    },
  ],
  priorLossesOfResponse: [],
  evidence: ['PHQ-9 fell from 19 to 4, then rose to 13 and 14 on the same dose.'],
  episodeKey: 'sertraline:2025-01-01:2025-11-01',
  citationIds: ['targum-2014'],
};

const ITEM9: SafetyFlag = {
  id: 'phq9-item9-positive',
  severity: 'critical',
  message: 'PHQ-9 item 9 positive on 2025-11-20: same-day suicide risk assessment advised',
  detail: 'Thoughts of self-harm reported.',
  date: '2025-11-20',
  refs: [],
  citationIds: ['simon-2013-item9'],
};

function assessment(parts: Partial<Assessment> = {}): Assessment {
  return {
    knowledgeVersion: '2026.1.0',
    asOf: '2026-01-15',
    patient: { id: 'p1' },
    phq9: [],
    trials: [],
    tachyphylaxis: NONE,
    safety: [],
    treatmentResistance: {
      adequateFailedTrialIds: [],
      meetsTrdDefinition: false,
      thaseRush: { value: 0, missing: [] },
      maudsley: { value: { score: 0, band: 'mild' }, missing: [] },
      mghS: { value: 0, missing: [] },
      citationIds: [],
    },
    options: [],
    interventions: [],
    issues: [],
    ...parts,
  };
}

describe('buildPatientViewCards', () => {
  it('gives no card when there is no signal', () => {
    expect(buildPatientViewCards(assessment(), options())).toEqual([]);
  });

  it('builds one warning card for a possible finding with evidence, confounders, citations and the version', () => {
    const [built, ...rest] = buildPatientViewCards(assessment({ tachyphylaxis: POSSIBLE }), options());
    expect(rest).toEqual([]);
    expect(built?.kind).toBe('tachyphylaxis-possible');
    expect(built?.episodeKey).toBe(POSSIBLE.episodeKey);
    const card = CardSchema.parse(built?.card);
    expect(card.indicator).toBe('warning');
    expect(card.summary).toBe('Possible loss of response to sertraline 100 mg/day: PHQ-9 4 → 14');
    expect(card.detail).toContain('| Baseline | 2025-01-02 | 19 |');
    expect(card.detail).toContain('| Refill gaps | Absent |');
    expect(card.detail).toContain('| CYP inducer \\| started | Present |');
    expect(card.detail).toContain('| Hypothyroidism | Unknown |');
    expect(card.detail).toContain('280 days');
    expect(card.detail).toMatch(/Tachywatch knowledge version 2026\.1\.0_$/);
    expect(card.source).toMatchObject({ label: 'Tachywatch', topic: { code: 'antidepressant-tachyphylaxis' } });
    expect(card.overrideReasons).toEqual(OVERRIDE_REASONS);
    expect(card.links?.[0]).toMatchObject({
      type: 'smart',
      appContext: '{"focus":"tachyphylaxis","trialId":"sertraline:2025-01-01"}',
    });
  });

  it('suggests a draft repeat PHQ-9 (LOINC 44249-1) within 2 weeks for the patient', () => {
    const card = buildPatientViewCards(assessment({ tachyphylaxis: POSSIBLE }), options())[0]?.card;
    expect(card?.selectionBehavior).toBe('any');
    const action = card?.suggestions?.[0]?.actions?.[0];
    expect(action).toMatchObject({
      type: 'create',
      resource: {
        resourceType: 'ServiceRequest',
        status: 'draft',
        intent: 'proposal',
        subject: { reference: 'Patient/p1' },
        code: { coding: [{ system: 'http://loinc.org', code: '44249-1' }] },
        occurrencePeriod: { start: '2026-01-15', end: '2026-01-29' },
      },
    });
    expect(card?.suggestions).toHaveLength(1);
  });

  it('adds a TMS referral only when the record meets the TRD definition and TMS is an option', () => {
    const trd = assessment({
      tachyphylaxis: POSSIBLE,
      treatmentResistance: { ...assessment().treatmentResistance, meetsTrdDefinition: true },
      options: [
        { kind: 'tms', rank: 1, title: 'TMS', rationale: 'r', candidates: [], safetyNotes: [], citationIds: [] },
      ],
    });
    const labels = buildPatientViewCards(trd, options())[0]?.card.suggestions?.map((suggestion) => suggestion.label);
    expect(labels).toEqual(['Order a repeat PHQ-9 within 2 weeks', 'Refer for TMS evaluation']);
  });

  it('shows an emerging pattern as info only when enabled', () => {
    const emerging = assessment({ tachyphylaxis: { ...POSSIBLE, status: 'emerging', confirmation: undefined } });
    expect(buildPatientViewCards(emerging, options({ includeEmerging: false }))).toEqual([]);
    const card = buildPatientViewCards(emerging, options())[0]?.card;
    expect(card?.indicator).toBe('info');
    expect(card?.summary).toContain('PHQ-9 4 → 13');
  });

  it('always raises a critical card for a positive item 9, first, even with no other finding', () => {
    const alone = buildPatientViewCards(assessment({ safety: [ITEM9] }), options());
    expect(alone.map((built) => built.card.indicator)).toEqual(['critical']);
    const both = buildPatientViewCards(assessment({ safety: [ITEM9], tachyphylaxis: POSSIBLE }), options());
    expect(both.map((built) => built.card.indicator)).toEqual(['critical', 'warning']);
    expect(CardSchema.safeParse(alone[0]?.card).success).toBe(true);
  });

  it('replaces the tachyphylaxis card with a bipolar caution when the finding is suppressed', () => {
    const bipolar: SafetyFlag = {
      id: 'bipolar-antidepressant-caution',
      severity: 'warning',
      message: 'Bipolar diagnosis on record: antidepressant monotherapy needs caution',
      detail: 'A bipolar disorder diagnosis is on the problem list.',
      refs: [],
      citationIds: [],
    };
    const cards = buildPatientViewCards(
      assessment({
        tachyphylaxis: { ...POSSIBLE, status: 'suppressed', reason: 'Bipolar diagnosis' },
        safety: [bipolar],
      }),
      options()
    );
    expect(cards.map((built) => [built.kind, built.card.indicator])).toEqual([['bipolar-caution', 'warning']]);
  });

  it('lists non-critical safety flags inside the tachyphylaxis card instead of a card of their own', () => {
    const boxed: SafetyFlag = {
      ...ITEM9,
      id: 'boxed-warning-young-adult',
      severity: 'warning',
      message: 'Age 19: boxed warning applies',
    };
    const cards = buildPatientViewCards(assessment({ tachyphylaxis: POSSIBLE, safety: [boxed] }), options());
    expect(cards).toHaveLength(1);
    expect(cards[0]?.card.detail).toContain('Age 19: boxed warning applies');
  });

  it('omits links without a launch URL and suggestions without a patient id, never leaving empty fields', () => {
    const card = buildPatientViewCards(
      assessment({ tachyphylaxis: POSSIBLE, patient: {} }),
      options({ appLaunchUrl: undefined })
    )[0]?.card;
    expect(card).not.toHaveProperty('links');
    expect(card).not.toHaveProperty('suggestions');
    expect(card).not.toHaveProperty('selectionBehavior');
    expect(CardSchema.safeParse(card).success).toBe(true);
  });
});

describe('buildOrderCards', () => {
  const finding = (kind: OrderFinding['kind'], severity: OrderFinding['severity']): OrderFinding => ({
    kind,
    severity,
    orderRef: 'MedicationRequest/d1',
    agentId: 'phenelzine',
    drugName: 'phenelzine',
    summary: `Finding ${kind}`,
    detail: 'Detail.',
    citationIds: ['maoi-washout-labels'],
  });

  it('puts critical safety first, then findings by severity, one valid card each', () => {
    const cards = buildOrderCards(
      assessment({ safety: [ITEM9] }),
      [
        finding('switch-matches-history', 'info'),
        finding('maoi-washout', 'critical'),
        finding('prior-loss-same-class', 'warning'),
      ],
      options()
    );
    expect(cards.map((built) => built.kind)).toEqual([
      'safety-phq9-item9-positive',
      'order-maoi-washout',
      'order-prior-loss-same-class',
      'order-switch-matches-history',
    ]);
    for (const built of cards) expect(CardSchema.safeParse(built.card).success).toBe(true);
    expect(new Set(cards.map((built) => built.card.uuid)).size).toBe(4);
  });
});

describe('card parts', () => {
  it('keeps summaries under 140 characters', () => {
    const summary = toCardSummary(`Possible loss of response to ${'very-long-drug-name '.repeat(10)}: PHQ-9 4 → 14`);
    expect(summary.length).toBeLessThan(140);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('strips null, empty strings, empty arrays and empty objects recursively', () => {
    expect(stripEmpty({ a: null, b: '', c: [], d: {}, e: { f: [null, ''] }, g: 0, h: false, i: ['x', ''] })).toEqual({
      g: 0,
      h: false,
      i: ['x'],
    });
  });
});

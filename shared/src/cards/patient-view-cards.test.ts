import { describe, expect, it } from 'vitest';
import type { Assessment, OrderFinding, SafetyFlag, TachyphylaxisFinding } from '../domain/assessment';
import { getCitation } from '../knowledge/citations';
import { CardSchema } from '../schemas/cds-hooks';
import {
  CRITICAL_INTERACTION_OVERRIDE_REASONS,
  OVERRIDE_REASONS,
  SAFETY_OVERRIDE_REASONS,
  getOverrideReasons,
  stripEmpty,
  toCardSummary,
  type CardBuildOptions,
} from './card-parts';
import { buildOrderCards } from './order-cards';
import { buildPatientViewCards } from './patient-view-cards';
import { buildPossibleFinding, buildTestAssessment } from '../testing/assessments';

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

/** Without a response date or timing, with adherence figures and a confounder label that needs escaping. */
const POSSIBLE: TachyphylaxisFinding = buildPossibleFinding({
  response: undefined,
  timing: undefined,
  adherenceBeforeWorsening: {
    pdc: 0.96,
    basis: 'dispenses',
    windowStart: '2025-08-03',
    windowEnd: '2025-10-31',
    gaps: [{ start: '2025-09-01', end: '2025-09-01', days: 1 }],
    longestGapDays: 1,
  },
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
  citationIds: ['targum-2014'],
});

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
  return buildTestAssessment({ knowledgeVersion: '2026.1.0', patient: { id: 'p1' }, ...parts });
}

describe('buildPatientViewCards', () => {
  it('gives no card when there is no signal', () => {
    expect(buildPatientViewCards(assessment(), options())).toEqual([]);
  });

  it('builds one short warning card: PHQ-9 path with dates, drug, adherence, confounders that matter, 3 references', () => {
    const [built, ...rest] = buildPatientViewCards(assessment({ tachyphylaxis: POSSIBLE }), options());
    expect(rest).toEqual([]);
    expect(built?.kind).toBe('tachyphylaxis-possible');
    expect(built?.episodeKey).toBe(POSSIBLE.episodeKey);
    const card = CardSchema.parse(built?.card);
    expect(card.indicator).toBe('warning');
    expect(card.summary).toBe('Possible loss of response to sertraline 100 mg/day: PHQ-9 4 → 14 on the same dose');
    const detail = card.detail ?? '';
    expect(detail.split('\n')[0]).toBe(
      '**PHQ-9:** 19 (2 Jan 2025) → 4 (1 May 2025) → 13 (1 Nov 2025) → 14 (20 Nov 2025)'
    );
    expect(detail).toContain('**Drug:** sertraline 100 mg/day (SSRI), same dose for 280 days before the worsening');
    expect(detail).toContain(
      '**Adherence before the worsening:** PDC 96 % from pharmacy fills, 3 Aug 2025 to 31 Oct 2025, longest gap 1 day'
    );
    expect(detail).toContain('- **CYP inducer \\| started:** Carbamazepine since 2025-09 — Review');
    expect(detail).toContain('**Not known from the record:** hypothyroidism');
    expect(detail).not.toMatch(/absent/i);
    expect(detail).not.toContain('Possible loss of response');
    expect(detail).toMatch(/Tachywatch knowledge 2026\.1\.0_$/);
    expect(card.source).toEqual({
      label: 'Tachywatch',
      topic: expect.objectContaining({ code: 'antidepressant-tachyphylaxis' }) as unknown,
    });
    expect(card.overrideReasons).toEqual(OVERRIDE_REASONS);
    expect(card.links?.[0]).toMatchObject({
      type: 'smart',
      appContext: '{"focus":"assessment","trialId":"sertraline:2025-01-01"}',
    });
  });

  it('leads an explained worsening with what to check first, as a warning once confirmed', () => {
    const explained: TachyphylaxisFinding = {
      ...POSSIBLE,
      status: 'explained',
      explanations: [
        { confounderId: 'cyp-inducer', checkFirst: 'check the CYP inducer started first (carbamazepine)' },
      ],
    };
    const [built] = buildPatientViewCards(assessment({ tachyphylaxis: explained }), options());
    expect(built?.kind).toBe('tachyphylaxis-explained');
    expect(built?.card.indicator).toBe('warning');
    expect(built?.card.summary).toBe('PHQ-9 4 → 14 on sertraline: check the CYP inducer started first (carbamazepine)');
    expect(built?.card.source.topic?.code).toBe('antidepressant-worsening-explained');
    const unconfirmed = { ...explained, confirmation: undefined };
    expect(buildPatientViewCards(assessment({ tachyphylaxis: unconfirmed }), options())[0]?.card.indicator).toBe(
      'info'
    );
    expect(buildPatientViewCards(assessment({ tachyphylaxis: { ...POSSIBLE, status: 'managed' } }), options())).toEqual(
      []
    );
  });

  it('leads with no explanation when none is present, and collapses absent confounders into one count', () => {
    const clean: TachyphylaxisFinding = {
      ...POSSIBLE,
      confounders: POSSIBLE.confounders.map((confounder) => ({ ...confounder, state: 'absent' })),
    };
    const card = buildPatientViewCards(assessment({ tachyphylaxis: clean }), options())[0]?.card;
    expect(card?.summary).toBe('Possible loss of response to sertraline 100 mg/day: PHQ-9 4 → 14 on the same dose');
    expect(card?.detail).toContain('2 other explanations checked: none found.');
    expect(card?.detail).not.toContain('Not known from the record');
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

  it('raises an info card when the TRD definition is met, with a TMS referral only when TMS criteria are met', () => {
    const trd = (overall: 'criteria-met' | 'insufficient-data'): Assessment =>
      assessment({
        tachyphylaxis: POSSIBLE,
        treatmentResistance: { ...assessment().treatmentResistance, meetsTrdDefinition: true },
        options: [
          {
            kind: 'tms',
            rank: 1,
            title: 'TMS',
            rationale: 'r',
            candidates: [],
            safetyNotes: [],
            citationIds: [],
            tmsEligibility: [{ policyId: 'p', policyName: 'P', criteria: [], overall, citationIds: [] }],
          },
        ],
      });
    const met = buildPatientViewCards(trd('criteria-met'), options());
    expect(met.map((built) => built.kind)).toEqual(['tachyphylaxis-possible', 'treatment-resistance']);
    const card = met[1]?.card;
    expect(card?.indicator).toBe('info');
    expect(card?.summary).toContain('options include TMS');
    expect(card?.suggestions?.map((suggestion) => suggestion.label)).toEqual(['Refer for TMS evaluation']);
    expect(card?.links?.[0]?.appContext).toBe('{"focus":"resistance"}');
    expect(met[0]?.card.suggestions?.map((suggestion) => suggestion.label)).toEqual([
      'Order a repeat PHQ-9 within 2 weeks',
    ]);
    const unknown = buildPatientViewCards(trd('insufficient-data'), options())[1]?.card;
    expect(unknown?.summary).not.toContain('TMS');
    expect(unknown).not.toHaveProperty('suggestions');
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

  it('gives the item-9 card a same-day risk assessment suggestion, the safety link, the crisis line and safety-only override reasons', () => {
    const card = buildPatientViewCards(
      assessment({ safety: [ITEM9] }),
      options({ crisisLine: '988 Suicide & Crisis Lifeline: call or text 988' })
    )[0]?.card;
    expect(card?.summary).toBe(
      'PHQ-9 item 9 (thoughts of self-harm) positive on 20 Nov 2025: assess suicide risk today'
    );
    expect(card?.detail).toMatch(/\*\*Crisis line:\*\* 988 Suicide \\?& Crisis Lifeline: call or text 988/);
    expect(card?.suggestions?.[0]?.actions?.[0]).toMatchObject({
      type: 'create',
      resource: {
        resourceType: 'ServiceRequest',
        status: 'draft',
        priority: 'urgent',
        code: { coding: [{ system: 'http://snomed.info/sct', code: '225337009' }] },
        occurrencePeriod: { start: '2026-01-15', end: '2026-01-15' },
      },
    });
    expect(card?.links?.[0]).toMatchObject({
      label: 'Open the safety section in Tachywatch',
      appContext: '{"focus":"safety"}',
    });
    expect(card?.overrideReasons).toEqual(SAFETY_OVERRIDE_REASONS);
    expect(card?.overrideReasons?.map((reason) => reason.display)).not.toContain('Adherence problem explains it');
    const noLine = buildPatientViewCards(assessment({ safety: [ITEM9] }), options())[0]?.card;
    expect(noLine?.detail).not.toContain('Crisis line');
  });

  it('raises a caution, not a tachyphylaxis card, for recorded psychotic features, citing the guideline', () => {
    const psychotic: TachyphylaxisFinding = {
      ...POSSIBLE,
      status: 'suppressed',
      reason: 'Psychotic features are recorded.',
      confounders: [
        {
          id: 'psychotic',
          state: 'present',
          label: 'Psychotic disorder or features recorded',
          evidence: 'F32.3',
          whatToCheck: 'Review',
          refs: [],
          citationIds: ['cms159'],
        },
      ],
    };
    const [built, ...rest] = buildPatientViewCards(assessment({ tachyphylaxis: psychotic }), options());
    expect(rest).toEqual([]);
    expect(built?.kind).toBe('psychotic-features-caution');
    expect(built?.card.summary).toContain('psychotic features are recorded');
    expect(built?.card.detail).toContain('Lam RW');
    expect(built?.card.detail).not.toContain('CMS159');
  });

  it('warns on patient-view when a dose is above the safety cap for age', () => {
    const qt: SafetyFlag = {
      id: 'citalopram-qt-dose',
      severity: 'warning',
      message: 'citalopram 40 mg/day is above the QT-related maximum of 20 mg/day over age 60.',
      detail: 'Dose-dependent QT prolongation: the label caps the daily dose.',
      refs: [],
      citationIds: ['drug-labels'],
    };
    const cards = buildPatientViewCards(assessment({ safety: [qt] }), options());
    expect(cards.map((built) => [built.kind, built.card.indicator])).toEqual([
      ['safety-citalopram-qt-dose', 'warning'],
    ]);
    expect(cards[0]?.card.summary).toBe(
      'citalopram 40 mg/day is above the QT-related maximum of 20 mg/day over age 60: review the dose'
    );
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

describe('override reasons', () => {
  it('offers only risk-specific reasons on critical cards, never an explanation of the score', () => {
    expect(getOverrideReasons('critical', 'phq9-item9-positive')).toEqual(SAFETY_OVERRIDE_REASONS);
    expect(getOverrideReasons('critical', 'maoi-washout')).toEqual(CRITICAL_INTERACTION_OVERRIDE_REASONS);
    expect(getOverrideReasons('warning', 'maoi-washout')).toEqual(OVERRIDE_REASONS);
    for (const reasons of [SAFETY_OVERRIDE_REASONS, CRITICAL_INTERACTION_OVERRIDE_REASONS]) {
      expect(reasons.map((reason) => reason.code)).not.toContain('adherence-problem');
      expect(reasons.map((reason) => reason.code)).not.toContain('not-clinically-relevant');
    }
    const critical = buildOrderCards(
      assessment(),
      [
        {
          kind: 'maoi-washout',
          severity: 'critical',
          orderRef: 'MedicationRequest/d1',
          agentId: 'phenelzine',
          drugName: 'phenelzine',
          summary: 'Washout',
          detail: 'Detail.',
          citationIds: ['maoi-washout-labels'],
        },
      ],
      options()
    );
    expect(critical[0]?.card.overrideReasons).toEqual(CRITICAL_INTERACTION_OVERRIDE_REASONS);
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

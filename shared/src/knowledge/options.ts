import type { ConfounderId, OptionKind } from '../domain/assessment';
import type { CitationId } from './citation-ids';
import type { DrugClass } from './types';

/**
 * Next-step knowledge (STAR*D, CANMAT 2023, VA/DoD 2022; each option lists its `citationIds`): what each option is,
 * why, and which agents to name. The analysis (`analysis/options.ts`) decides which options apply and in which
 * order; the wording here never orders anything.
 */

export interface OptionInfo {
  readonly kind: OptionKind;
  readonly title: string;
  /** Rationale when the finding is a possible loss of response (tachyphylaxis). */
  readonly rationaleAfterLoss: string;
  /** Rationale for non-response, partial response or treatment resistance. */
  readonly rationale: string;
  readonly citationIds: readonly CitationId[];
}

export const OPTIONS: Readonly<Record<OptionKind, OptionInfo>> = {
  'address-explanation': {
    kind: 'address-explanation',
    title: 'Consider addressing the explanation before changing treatment',
    rationaleAfterLoss:
      'A worsening preceded by non-adherence, a dose cut, a stopped drug or an inducer is not tachyphylaxis until that is ruled out (Targum 2014); the guideline sequence for a loss of response starts with adherence and dose (APA 2010).',
    rationale:
      'A worsening preceded by non-adherence, a dose cut, a stopped drug or an inducer is not tachyphylaxis until that is ruled out (Targum 2014); the guideline sequence for a loss of response starts with adherence and dose (APA 2010).',
    citationIds: ['targum-2014', 'apa-2010'],
  },
  'dose-optimisation': {
    kind: 'dose-optimisation',
    title: 'Consider optimising the dose of the current antidepressant',
    rationaleAfterLoss:
      'For a loss of response on an unchanged dose, a dose increase is the usual first step; open studies found most relapsing patients responded again (Schmidt 2002 fluoxetine 20 → 40 mg; Fava 1995).',
    rationale:
      'The current dose is below the usual maximum. Dose escalation after non-response has weak trial support (Ruhé 2006); reassess adherence and tolerability first.',
    citationIds: ['schmidt-2002', 'fava-1995', 'ruhe-2006'],
  },
  switch: {
    kind: 'switch',
    title: 'Consider switching to an antidepressant with a different mechanism',
    rationaleAfterLoss:
      'Dual-action agents showed less tachyphylaxis than SSRIs in a retrospective study (3.7 % vs 14.1 %, Posternak 2005); a switch of class is a listed strategy for loss of response (Kinrys 2019).',
    rationale:
      'In STAR*D level 2, remission after a switch was 21.3 % (bupropion-SR), 17.6 % (sertraline) and 24.8 % (venlafaxine-XR) on the HRSD (25.5 %, 26.6 %, 25.0 % on the QIDS-SR), with no significant difference between them.',
    citationIds: ['posternak-2005', 'kinrys-2019', 'star-d-level2-switch', 'canmat-2023'],
  },
  augmentation: {
    kind: 'augmentation',
    title: 'Consider augmenting the current antidepressant',
    rationaleAfterLoss:
      'Augmentation is a listed strategy for loss of response (Kinrys 2019); second-generation antipsychotics have the strongest trial base (CANMAT 2023 first line: aripiprazole, brexpiprazole, cariprazine).',
    rationale:
      'Second-generation antipsychotic augmentation has the strongest randomised evidence (CANMAT 2023 first line); lithium and T3 are second-line options (STAR*D level 3: 15.9 % vs 24.7 % remission on the HRSD, no significant difference).',
    citationIds: ['canmat-2023', 'kinrys-2019', 'star-d-lithium-t3', 'vadod-2022'],
  },
  combination: {
    kind: 'combination',
    title: 'Consider combining with a second antidepressant',
    rationaleAfterLoss:
      'Combination with an antidepressant of another mechanism is a listed strategy for loss of response (Kinrys 2019).',
    rationale:
      'In STAR*D level 2, adding bupropion or buspirone to citalopram remitted 29.7 % vs 30.1 % on the HRSD (39.0 % vs 32.9 % on the QIDS-SR), with no significant difference on the HRSD; mirtazapine combinations are a CANMAT second-line option.',
    citationIds: ['star-d-level2-augmentation', 'canmat-2023', 'kinrys-2019'],
  },
  psychotherapy: {
    kind: 'psychotherapy',
    title: 'Consider adding or intensifying psychotherapy',
    rationaleAfterLoss:
      'Psychotherapy is a listed strategy for loss of response (Kinrys 2019) and an augmentation option (VA/DoD 2022).',
    rationale:
      'Augmenting with psychotherapy is recommended (VA/DoD 2022); in STAR*D, cognitive therapy gave results similar to medication switches.',
    citationIds: ['vadod-2022', 'kinrys-2019', 'star-d-2006'],
  },
  tms: {
    kind: 'tms',
    title: 'Consider referral for transcranial magnetic stimulation (TMS)',
    rationaleAfterLoss:
      'TMS is cleared for adults with MDD who did not improve on at least one adequate antidepressant trial in the current episode; coverage criteria vary by payer.',
    rationale:
      'TMS is cleared for adults with MDD who did not improve on at least one adequate antidepressant trial in the current episode; coverage criteria vary by payer.',
    citationIds: ['fda-neurostar-510k', 'cms-lcd-l34998', 'centene-cp-bh-200', 'vadod-2022'],
  },
  ect: {
    kind: 'ect',
    title: 'Consider referral for electroconvulsive therapy (ECT)',
    rationaleAfterLoss:
      'ECT is indicated for severe depression, psychotic features, severe suicidality, a need for rapid response, or poor response to several antidepressants (VA/DoD 2022).',
    rationale:
      'ECT is indicated for severe depression, psychotic features, severe suicidality, a need for rapid response, or poor response to several antidepressants (VA/DoD 2022).',
    citationIds: ['vadod-2022', 'apa-2010'],
  },
  esketamine: {
    kind: 'esketamine',
    title: 'Consider esketamine nasal spray (treatment-resistant depression)',
    rationaleAfterLoss:
      'Esketamine is approved for treatment-resistant depression (inadequate response to at least two antidepressants in the episode) in a REMS-certified setting.',
    rationale:
      'Esketamine is approved for treatment-resistant depression (inadequate response to at least two antidepressants in the episode) in a REMS-certified setting.',
    citationIds: ['spravato-label', 'canmat-2023', 'vadod-2022'],
  },
};

/**
 * Option order per situation; options that do not apply are skipped. `explained-worsening`: the worsening has an
 * explanation to address first, so no dose increase leads. `relapse-after-ect`: the response was ECT's, so continuation
 * or maintenance ECT comes first, then lithium-containing or antipsychotic augmentation (Sackeim 2001; Kellner 2006).
 * `relapse-after-tms` / `relapse-after-esketamine`: the response came with that treatment, so re-treatment with TMS
 * (reintroduced when benefit fades, Dunner 2014) or continuing/resuming esketamine (continuation halved relapse,
 * Daly 2019) is considered first, before changes to the antidepressant that had not worked alone.
 */
export const OPTION_ORDER: Readonly<
  Record<
    | 'loss-of-response'
    | 'explained-worsening'
    | 'relapse-after-ect'
    | 'relapse-after-tms'
    | 'relapse-after-esketamine'
    | 'non-response'
    | 'treatment-resistant'
    | 'urgent',
    readonly OptionKind[]
  >
> = {
  'loss-of-response': [
    'address-explanation',
    'dose-optimisation',
    'psychotherapy',
    'switch',
    'augmentation',
    'combination',
    'tms',
    'esketamine',
    'ect',
  ],
  'explained-worsening': [
    'address-explanation',
    'psychotherapy',
    'dose-optimisation',
    'switch',
    'augmentation',
    'combination',
    'tms',
    'esketamine',
    'ect',
  ],
  'relapse-after-ect': [
    'address-explanation',
    'ect',
    'augmentation',
    'dose-optimisation',
    'switch',
    'combination',
    'psychotherapy',
    'tms',
    'esketamine',
  ],
  'relapse-after-tms': [
    'address-explanation',
    'tms',
    'dose-optimisation',
    'augmentation',
    'psychotherapy',
    'switch',
    'combination',
    'esketamine',
    'ect',
  ],
  'relapse-after-esketamine': [
    'address-explanation',
    'esketamine',
    'augmentation',
    'dose-optimisation',
    'psychotherapy',
    'switch',
    'combination',
    'tms',
    'ect',
  ],
  'non-response': [
    'address-explanation',
    'dose-optimisation',
    'switch',
    'augmentation',
    'combination',
    'psychotherapy',
    'tms',
    'esketamine',
    'ect',
  ],
  'treatment-resistant': [
    'address-explanation',
    'augmentation',
    'switch',
    'tms',
    'esketamine',
    'combination',
    'psychotherapy',
    'ect',
    'dose-optimisation',
  ],
  urgent: [
    'ect',
    'address-explanation',
    'augmentation',
    'switch',
    'tms',
    'esketamine',
    'combination',
    'psychotherapy',
    'dose-optimisation',
  ],
};

export interface ExplanationAction {
  /** The option title when this explanation leads, e.g. "Consider supporting adherence before changing treatment". */
  readonly title: string;
  /** What to do, one sentence. */
  readonly action: string;
}

/**
 * What addressing each explanation of a worsening means (confounders with `explainsWorsening`). A confounder not
 * listed here is addressed by its own `whatToCheck`.
 */
export const EXPLANATION_ACTIONS: Readonly<Partial<Record<ConfounderId, ExplanationAction>>> = {
  'adherence-gap': {
    title: 'Consider supporting adherence before changing treatment',
    action:
      'Ask about missed doses, cost and side effects; align refills and agree a plan to take the drug daily, then repeat the PHQ-9 before raising the dose or switching.',
  },
  'not-taking': {
    title: 'Consider resuming the antidepressant before changing treatment',
    action:
      'Reconcile whether the drug was paused or stopped and why; resuming the regimen that worked comes before a new strategy.',
  },
  'dose-reduction': {
    title: 'Consider restoring the dose that worked',
    action:
      'The worsening followed a dose cut: weigh restoring the earlier dose against the reason it was lowered (side effects).',
  },
  'formulation-change': {
    title: 'Consider returning to the formulation that worked',
    action:
      'The worsening followed a change of product or formulation: check that the daily exposure is the same, and return to the earlier formulation where possible.',
  },
  'cyp-inducer': {
    title: 'Consider addressing the interacting drug',
    action:
      'An inducer started before the worsening can lower antidepressant levels: review whether it can be changed, or adjust the antidepressant with the prescriber of the inducer.',
  },
  perinatal: {
    title: 'Consider assessing a perinatal-onset episode first',
    action:
      'Worsening in pregnancy or the first postpartum year: assess for a perinatal-onset episode and, late in pregnancy, falling antidepressant levels; plan with obstetric care, without stopping an effective antidepressant.',
  },
  'smoking-cyp1a2': {
    title: 'Consider addressing smoking (CYP1A2 induction)',
    action:
      'Smoking induces CYP1A2 and lowers levels of its substrates: offer smoking-cessation support and take the induction into account before judging the drug.',
  },
};

/**
 * Option wording when the response being lost was not the drug's alone (`ResponseAttribution`): a relapse after an
 * ECT course, or a response that came with a TMS course or with esketamine.
 */
export interface AttributedOptionInfo {
  readonly title: string;
  readonly rationale: string;
  readonly citationIds: readonly CitationId[];
}

export const ATTRIBUTED_OPTIONS: Readonly<
  Record<'ectRelapse' | 'tmsRetreatment' | 'esketamineContinuation', AttributedOptionInfo>
> = {
  ectRelapse: {
    title: 'Consider continuation or maintenance ECT (relapse after an ECT remission)',
    rationale:
      'After an ECT remission, continuation pharmacotherapy alone has high relapse rates: over 24 weeks 84 % on placebo, 60 % on nortriptyline and 39 % on nortriptyline + lithium (Sackeim 2001). Continuation ECT prevented relapse as well as nortriptyline + lithium (6-month relapse 37.1 % vs 31.6 %, no significant difference; Kellner 2006, CORE). Discuss with the ECT service.',
    citationIds: ['sackeim-2001-post-ect', 'kellner-2006-core', 'apa-2010'],
  },
  tmsRetreatment: {
    title: 'Consider TMS re-treatment (the response came with a TMS course)',
    rationale:
      'The response followed a TMS course: TMS is reintroduced when its benefit fades. In a 1-year naturalistic follow-up, 62.5 % of acute responders kept their response and 36.2 % of patients had TMS reintroduced (Dunner 2014); payer coverage of repeat courses varies.',
    citationIds: ['dunner-2014-tms-durability', 'fda-neurostar-510k'],
  },
  esketamineContinuation: {
    title: 'Consider continuing or resuming esketamine (the response came with it)',
    rationale:
      'The response followed esketamine: in stable remitters, continuing esketamine with the oral antidepressant lowered relapse to 26.7 % vs 45.3 % when it was replaced by placebo (Daly 2019, SUSTAIN-1); the label individualises maintenance dosing (weekly or every 2 weeks) to the least frequent that keeps the response.',
    citationIds: ['daly-2019-sustain1', 'spravato-label'],
  },
};

export interface CandidateInfo {
  readonly agentId: string;
  readonly note: string;
  /** An antidepressant in its own right: left out when bipolar disorder is recorded. */
  readonly antidepressant: boolean;
}

/** CANMAT 2023 first line (SGAs), then STAR*D level 3 agents (Nierenberg 2006 lithium, T3). */
export const AUGMENTATION_CANDIDATES: readonly CandidateInfo[] = [
  { agentId: 'aripiprazole', note: 'CANMAT 2023 first-line adjunct (Level 1).', antidepressant: false },
  { agentId: 'brexpiprazole', note: 'CANMAT 2023 first-line adjunct (Level 1).', antidepressant: false },
  { agentId: 'cariprazine', note: 'CANMAT 2023 first-line adjunct (Level 1).', antidepressant: false },
  {
    agentId: 'lithium',
    note: 'Second line; STAR*D level 3 remission 15.9 % on the HRSD (T3 24.7 %, no significant difference); check renal and thyroid function.',
    antidepressant: false,
  },
  {
    agentId: 'liothyronine',
    note: 'Second line; STAR*D level 3 remission 24.7 % on the HRSD (lithium 15.9 %, no significant difference).',
    antidepressant: false,
  },
];

export const COMBINATION_CANDIDATES: readonly CandidateInfo[] = [
  {
    agentId: 'bupropion',
    note: 'STAR*D level 2 add-on: 29.7 % remission on the HRSD (39.0 % QIDS-SR), not significantly different from buspirone.',
    antidepressant: true,
  },
  { agentId: 'mirtazapine', note: 'CANMAT second-line combination.', antidepressant: true },
];

/** Classes with dual (serotonin + noradrenaline or catecholamine) action, preferred after an SSRI loss of response. */
export const DUAL_ACTION_CLASSES: readonly DrugClass[] = ['SNRI', 'TCA', 'NDRI', 'NaSSA'];

/** Classes usually kept for later lines (washout, diet); listed last among switch candidates. */
export const LATER_LINE_CLASSES: readonly DrugClass[] = ['MAOI'];

/** Antidepressants not offered as switch candidates, with the reason. */
export const SWITCH_EXCLUDED: Readonly<Record<string, string>> = {
  nefazodone: 'boxed warning for hepatotoxicity',
  milnacipran: 'not FDA-approved for depression in the US',
  fluvoxamine: 'not FDA-approved for depression in the US (obsessive-compulsive disorder only)',
};

/** Classes whose loss of response makes dual-action agents the preferred switch (Posternak 2005). */
export const SSRI_LIKE_CLASSES: readonly DrugClass[] = ['SSRI'];

export const MAX_SWITCH_CANDIDATES = 5;

export const ESKETAMINE_REMS_NOTE =
  'Esketamine is given only in a REMS-certified setting with at least 2 hours of monitoring after each dose; no driving until the next day.';

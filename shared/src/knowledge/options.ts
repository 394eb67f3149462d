import type { OptionKind } from '../domain/assessment';
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

/** Option order per situation; options that do not apply are skipped. */
export const OPTION_ORDER: Readonly<
  Record<'loss-of-response' | 'non-response' | 'treatment-resistant' | 'urgent', readonly OptionKind[]>
> = {
  'loss-of-response': [
    'dose-optimisation',
    'psychotherapy',
    'switch',
    'augmentation',
    'combination',
    'tms',
    'esketamine',
    'ect',
  ],
  'non-response': [
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
    'augmentation',
    'switch',
    'tms',
    'esketamine',
    'combination',
    'psychotherapy',
    'ect',
    'dose-optimisation',
  ],
  urgent: ['ect', 'augmentation', 'switch', 'tms', 'esketamine', 'combination', 'psychotherapy', 'dose-optimisation'],
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

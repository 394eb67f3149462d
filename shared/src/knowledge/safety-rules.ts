import type { PgxGene } from '../domain/record';
import type { CitationId } from './citation-ids';
import type { DrugClass } from './types';

/**
 * Safety rules every option and candidate agent passes through (`analysis/option-safety.ts` applies them; nothing
 * else decides them). Each rule is data with its source.
 */

export interface QtDoseCap {
  readonly agentId: string;
  readonly maxDailyDoseMg: number;
  /** Older than this age (label: "greater than 60 years of age") the lower cap applies. */
  readonly olderAdultAge: number;
  readonly olderAdultMaxDailyDoseMg: number;
  /** A poor-metaboliser phenotype of these genes also brings the lower cap. */
  readonly poorMetaboliserGenes: readonly PgxGene[];
  readonly citationIds: readonly CitationId[];
}

/** QT-related daily dose caps: citalopram max 40 mg, 20 mg if older than 60 or a CYP2C19 poor metaboliser. */
export const QT_DOSE_CAPS: readonly QtDoseCap[] = [
  {
    agentId: 'citalopram',
    maxDailyDoseMg: 40,
    olderAdultAge: 60,
    olderAdultMaxDailyDoseMg: 20,
    poorMetaboliserGenes: ['CYP2C19'],
    citationIds: ['fda-citalopram-qt', 'cpic-2023-ssri'],
  },
];

export interface MaoiCombinationRule {
  /** Classes never added to, or combined with, an MAOI. */
  readonly contraindicatedClasses: readonly DrugClass[];
  /** Further agents never given with an MAOI. */
  readonly contraindicatedAgentIds: readonly string[];
  readonly citationIds: readonly CitationId[];
}

/**
 * MAOI labels contraindicate other antidepressants (serotonergic or noradrenergic: SSRIs, SNRIs, TCAs, bupropion,
 * mirtazapine, trazodone, vilazodone, vortioxetine), another MAOI, stimulants, buspirone, opioids with serotonergic
 * action, dextromethorphan, triptans, St John's wort and tryptophan. Switches in either direction need a washout
 * (thresholds `maoiWashoutDays`, agents' `washoutBeforeMaoiDays`).
 */
export const MAOI_COMBINATION_RULE: MaoiCombinationRule = {
  contraindicatedClasses: ['SSRI', 'SNRI', 'NDRI', 'NaSSA', 'SARI', 'SPARI', 'multimodal', 'TCA', 'MAOI', 'stimulant'],
  contraindicatedAgentIds: [
    'buspirone',
    'atomoxetine',
    'dextromethorphan',
    'tramadol',
    'meperidine',
    'methadone',
    'fentanyl',
    'sumatriptan',
    'rizatriptan',
    'zolmitriptan',
    'naratriptan',
    'almotriptan',
    'eletriptan',
    'frovatriptan',
    'st-johns-wort',
    'tryptophan',
    'oxitriptan',
  ],
  citationIds: ['maoi-washout-labels', 'fda-linezolid-methylene-blue', 'drug-labels'],
};

export interface PaediatricAgentRule {
  readonly agentId: string;
  readonly minAgeYears: number;
  /** `fda-approved` for paediatric MDD (offered first); `off-label` has adolescent trial evidence only. */
  readonly status: 'fda-approved' | 'off-label';
  readonly note: string;
  readonly citationIds: readonly CitationId[];
}

/**
 * The only antidepressants offered under 18, in order: the two FDA-approved for paediatric MDD first, then SSRIs
 * with adolescent trial evidence. Anything not listed (TCAs, venlafaxine, esketamine, MAOIs …) is not offered.
 */
export const PAEDIATRIC_AGENTS: readonly PaediatricAgentRule[] = [
  {
    agentId: 'fluoxetine',
    minAgeYears: 8,
    status: 'fda-approved',
    note: 'FDA-approved for MDD from age 8.',
    citationIds: ['fda-pediatric-antidepressants', 'aacap-2023'],
  },
  {
    agentId: 'escitalopram',
    minAgeYears: 12,
    status: 'fda-approved',
    note: 'FDA-approved for MDD from age 12.',
    citationIds: ['fda-pediatric-antidepressants', 'aacap-2023'],
  },
  {
    agentId: 'sertraline',
    minAgeYears: 12,
    status: 'off-label',
    note: 'Not FDA-approved for paediatric MDD (approved for OCD from age 6); adolescent trial evidence.',
    citationIds: ['aacap-2023'],
  },
  {
    agentId: 'citalopram',
    minAgeYears: 12,
    status: 'off-label',
    note: 'Not FDA-approved for paediatric MDD; adolescent trial evidence.',
    citationIds: ['aacap-2023'],
  },
];

export interface PaediatricDoseCeiling {
  readonly agentId: string;
  /** The youngest age the labelled paediatric dosing covers. */
  readonly minAgeYears: number;
  /** The highest daily dose the label gives for paediatric MDD. */
  readonly maxDailyDoseMg: number;
  /** Where the ceiling comes from, shown beside it. */
  readonly basis: string;
  readonly citationIds: readonly CitationId[];
}

/**
 * Highest daily doses an option may name under 18: the labelled paediatric MDD dosing. An agent without an entry
 * (sertraline, citalopram: no labelled paediatric MDD dose) gets no dose-increase option under 18; the adult maximum
 * is never shown to a child.
 */
export const PAEDIATRIC_DOSE_CEILINGS: readonly PaediatricDoseCeiling[] = [
  {
    agentId: 'fluoxetine',
    minAgeYears: 8,
    maxDailyDoseMg: 20,
    basis: 'paediatric MDD dosing in the label',
    citationIds: ['fluoxetine-paediatric-dosing', 'aacap-2023'],
  },
  {
    agentId: 'escitalopram',
    minAgeYears: 12,
    maxDailyDoseMg: 20,
    basis: 'adolescent MDD dosing in the label, after at least 3 weeks at 10 mg',
    citationIds: ['escitalopram-paediatric-dosing', 'aacap-2023'],
  },
];

export interface PaediatricRule {
  /** Patients younger than this are children or adolescents for these rules. */
  readonly adultAgeYears: number;
  /** Why agents outside `PAEDIATRIC_AGENTS` are not offered, by class or agent, shown where it matters. */
  readonly notOffered: Readonly<Record<string, string>>;
  readonly addOnNote: string;
  readonly ectNote: string;
  /** FDA-cleared TMS age range for adolescents (NeuroStar, adjunct). */
  readonly tmsMinAgeYears: number;
  readonly tmsNote: string;
  readonly citationIds: readonly CitationId[];
}

export const PAEDIATRIC_RULE: PaediatricRule = {
  adultAgeYears: 18,
  notOffered: {
    TCA: 'TCAs showed no benefit over placebo in adolescent trials and are dangerous in overdose',
    venlafaxine: 'venlafaxine carried the highest suicidality signal in paediatric trials',
    esketamine: 'esketamine is not approved under 18',
    MAOI: 'MAOIs are not studied in adolescents',
  },
  addOnNote:
    'Under 18: augmentation and combination evidence (antipsychotics, lithium, T3, a second antidepressant) comes from adult trials; this is a child and adolescent psychiatry decision.',
  ectNote: 'Under 18: ECT is a specialist decision (child and adolescent psychiatry).',
  tmsMinAgeYears: 15,
  tmsNote:
    'Under 18: TMS is FDA-cleared for adolescents aged 15–21 only as an adjunct to antidepressant treatment (NeuroStar, 2024); most payer policies cover adults only.',
  citationIds: ['fda-pediatric-antidepressants', 'aacap-2023', 'fda-neurostar-adolescent-2024'],
};

export interface OlderAdultRule {
  readonly minAgeYears: number;
  /** Classes that can cause hyponatraemia (SIADH). */
  readonly hyponatraemiaClasses: readonly DrugClass[];
  readonly hyponatraemiaNote: string;
  readonly fallsNote: string;
  readonly citationIds: readonly CitationId[];
}

/** Notes for patients aged 60 and over (the citalopram label's older-adult age; Beers applies from 65). */
export const OLDER_ADULT_RULE: OlderAdultRule = {
  minAgeYears: 60,
  hyponatraemiaClasses: ['SSRI', 'SNRI', 'TCA', 'NaSSA', 'SPARI', 'multimodal'],
  hyponatraemiaNote:
    'Age 60 or over: SSRIs, SNRIs, TCAs and mirtazapine can cause hyponatraemia (SIADH); check sodium after starting or raising the dose.',
  fallsNote: 'Age 60 or over: antidepressants raise the risk of falls; review other sedating drugs and gait.',
  citationIds: ['ags-beers-2023', 'drug-labels'],
};

export interface PerinatalAgentCaution {
  readonly agentId: string;
  readonly caution: string;
  /** Not suggested as a new start in the perinatal period (a current prescription is never advised to stop). */
  readonly notForNewStart: boolean;
  readonly citationIds: readonly CitationId[];
}

export interface PerinatalRule {
  /** Days after a delivery or postpartum record during which the patient counts as postpartum. */
  readonly postpartumDays: number;
  /** Days a positive pregnancy status or pregnancy diagnosis counts as current without a later record. */
  readonly pregnancyDays: number;
  readonly generalNote: string;
  readonly agents: readonly PerinatalAgentCaution[];
  readonly citationIds: readonly CitationId[];
}

/** Pregnancy and the first postpartum year (ACOG 2023): cautions, never advice to stop a working treatment. */
export const PERINATAL_RULE: PerinatalRule = {
  postpartumDays: 365,
  pregnancyDays: 280,
  generalNote:
    'Pregnancy or postpartum recorded: do not stop an effective antidepressant without a risk–benefit discussion; coordinate with obstetric care.',
  agents: [
    {
      agentId: 'paroxetine',
      caution:
        'Paroxetine: first-trimester exposure has been linked to cardiac malformations; not a first choice to start in pregnancy, and not stopped abruptly if it works.',
      notForNewStart: true,
      citationIds: ['acog-cpg-5-2023', 'drug-labels'],
    },
    {
      agentId: 'valproate',
      caution:
        'Valproate: boxed warning for major malformations and lower IQ after exposure in pregnancy; needs urgent specialist review, not abrupt stopping.',
      notForNewStart: true,
      citationIds: ['valproate-label', 'acog-cpg-5-2023'],
    },
    {
      agentId: 'lithium',
      caution:
        'Lithium: a small rise in cardiac malformation risk; levels change through pregnancy and after delivery, so check them more often.',
      notForNewStart: false,
      citationIds: ['acog-cpg-5-2023', 'drug-labels'],
    },
  ],
  citationIds: ['acog-cpg-5-2023', 'sit-2008'],
};

export interface SuicideRiskRule {
  /** Classes with high lethality in overdose: not suggested first, and always with the overdose caution. */
  readonly highLethalityClasses: readonly DrugClass[];
  readonly overdoseNote: string;
  readonly quantityNote: string;
  readonly citationIds: readonly CitationId[];
}

/** Positive item 9 or a recorded suicide attempt/ideation: safer agents first, small supplies. */
export const SUICIDE_RISK_RULE: SuicideRiskRule = {
  highLethalityClasses: ['TCA', 'MAOI'],
  overdoseNote: 'Suicide risk recorded: TCAs and MAOIs are dangerous in overdose; they are listed last.',
  quantityNote:
    'Suicide risk recorded: prescribe the smallest quantity consistent with good management and review supplies at home.',
  citationIds: ['fda-boxed-warning', 'drug-labels', 'simon-2013-item9'],
};

export interface SerotonergicWarningRule {
  /** Agents that add to a serotonergic load but do not, on their own with one antidepressant, warrant a warning. */
  readonly weakContributorIds: readonly string[];
  readonly citationIds: readonly CitationId[];
}

/**
 * A serotonergic-combination warning needs two agents that carry the risk; lithium, or trazodone at a hypnotic dose
 * (threshold `trazodoneHypnoticMaxMg`), alone with one antidepressant is a usual, monitored combination and does not
 * warn (they are named when a warning fires).
 */
export const SEROTONERGIC_WARNING_RULE: SerotonergicWarningRule = {
  weakContributorIds: ['lithium'],
  citationIds: ['drug-labels', 'canmat-2023'],
};

export interface CypInducerScope {
  readonly inducerId: string;
  /** Antidepressants whose levels this inducer lowers; `all` for broad, strong inducers. */
  readonly affects: 'all' | readonly string[];
  readonly note: string;
}

/**
 * Which antidepressants each CYP inducer affects. Modafinil induces CYP3A4 only modestly (and inhibits CYP2C19), so it
 * is a confounder only for CYP3A4-dependent agents.
 */
export const CYP_INDUCER_SCOPE: readonly CypInducerScope[] = [
  {
    inducerId: 'modafinil',
    affects: ['vilazodone', 'trazodone', 'nefazodone', 'mirtazapine', 'levomilnacipran', 'sertraline'],
    note: 'Modafinil: modest CYP3A4 induction; relevant to CYP3A4 substrates only.',
  },
];

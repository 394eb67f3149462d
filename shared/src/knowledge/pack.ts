import { REVIEW_RULES } from './review-rules';
import { SIDE_EFFECT_OPTIONS } from './side-effect-options';
import { z } from 'zod';
import type { ConfounderId, OptionKind } from '../domain/assessment';
import { AGENTS, AGENTS_WITHOUT_DAILY_ADEQUATE_DOSE, MECHANISMS } from './agents';
import { CITATION_IDS } from './citation-ids';
import { CITATIONS } from './citations';
import {
  PGX_PHENOTYPE_CODES,
  PHQ9_ANSWER_SCORES,
  PHQ9_CODES,
  PROCEDURE_CODES,
  SYSTEMS,
  PREGNANCY_STATUS,
  TOBACCO_STATUS_CODE,
  THYROID_LAB_CODES,
} from './codes';
import { COMBINATION_PRODUCTS, NON_CATALOGUE_INGREDIENTS } from './combination-products';
import { CONDITION_CODE_RULES, FORMER_NICOTINE_ICD10, PSYCHOTIC_FEATURE_ICD10 } from './condition-codes';
import { CONDITION_VALUE_SETS } from './condition-value-sets';
import { RESIDUAL_SYMPTOM_ITEMS } from './residual-symptoms';
import { CONFOUNDERS, PGX_ACTIONABLE_PHENOTYPES, PGX_EXPECTED_PHENOTYPES } from './confounders';
import {
  ATTRIBUTED_OPTIONS,
  AUGMENTATION_CANDIDATES,
  COMBINATION_CANDIDATES,
  DUAL_ACTION_CLASSES,
  ESKETAMINE_REMS_NOTE,
  EXPLANATION_ACTIONS,
  LATER_LINE_CLASSES,
  MAX_SWITCH_CANDIDATES,
  OPTION_ORDER,
  OPTIONS,
  SSRI_LIKE_CLASSES,
  SWITCH_EXCLUDED,
} from './options';
import { RXNORM_CLINICAL_DRUGS } from './rxnorm-table';
import {
  CYP_INDUCER_SCOPE,
  MAOI_COMBINATION_RULE,
  OLDER_ADULT_RULE,
  PAEDIATRIC_AGENTS,
  PAEDIATRIC_DOSE_CEILINGS,
  PAEDIATRIC_RULE,
  PERINATAL_RULE,
  QT_DOSE_CAPS,
  SEROTONERGIC_WARNING_RULE,
  SUICIDE_RISK_RULE,
} from './safety-rules';
import { MAUDSLEY, MGH_S, THASE_RUSH } from './staging';
import { THRESHOLDS, type ThresholdId } from './thresholds';
import { TMS_POLICIES } from './tms-policies';

/**
 * The knowledge pack: every clinical fact the readers and rules use, versioned together (CalVer YYYY.MM.PATCH).
 * Bump the version and add a CHANGELOG.md entry whenever any table here changes; cards and logs carry it.
 */
export const KNOWLEDGE_VERSION = '2026.12.5';

const CitationIdSchema = z.enum(CITATION_IDS);
const CitationIdsSchema = z.array(CitationIdSchema).min(1);
const TextSchema = z.string().min(1);
const ThresholdIdSchema = z.enum(Object.keys(THRESHOLDS) as [ThresholdId, ...ThresholdId[]]);

/** Every `OptionKind`, checked exhaustive by the compiler: a new kind fails here until it is listed. */
export const OPTION_KINDS = {
  'address-explanation': 'address-explanation',
  'dose-optimisation': 'dose-optimisation',
  switch: 'switch',
  augmentation: 'augmentation',
  combination: 'combination',
  psychotherapy: 'psychotherapy',
  tms: 'tms',
  ect: 'ect',
  esketamine: 'esketamine',
} as const satisfies { readonly [K in OptionKind]: K };
const OptionKindSchema = z.enum(OPTION_KINDS);
const OPTION_KIND_COUNT = Object.keys(OPTION_KINDS).length;

/** Every `ConfounderId`, checked exhaustive by the compiler. */
export const CONFOUNDER_IDS = {
  'adherence-gap': 'adherence-gap',
  'not-taking': 'not-taking',
  'dose-reduction': 'dose-reduction',
  'formulation-change': 'formulation-change',
  'cyp-inducer': 'cyp-inducer',
  'smoking-cyp1a2': 'smoking-cyp1a2',
  bipolar: 'bipolar',
  psychotic: 'psychotic',
  'substance-use': 'substance-use',
  hypothyroidism: 'hypothyroidism',
  pharmacogenomic: 'pharmacogenomic',
  'depressogenic-drug': 'depressogenic-drug',
  perinatal: 'perinatal',
  stressors: 'stressors',
} as const satisfies { readonly [K in ConfounderId]: K };
const PointBandSchema = z.object({ min: z.number().int().nonnegative(), points: z.number().int(), label: TextSchema });
const CandidateSchema = z.object({ agentId: TextSchema, note: TextSchema, antidepressant: z.boolean() });
const TmsCriterionRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('adult'), minAgeThreshold: ThresholdIdSchema }),
  z.object({ kind: z.literal('severity'), minPhq9Threshold: ThresholdIdSchema }),
  z.object({
    kind: z.literal('failed-trials'),
    minTrials: z.number().int().positive(),
    differentClasses: z.boolean(),
    intoleranceCounts: z.boolean(),
  }),
  z.object({ kind: z.literal('psychotherapy-trial') }),
  z.object({ kind: z.literal('no-diagnosis'), categories: z.array(TextSchema).min(1), psychoticFeatures: z.boolean() }),
  z.object({ kind: z.literal('no-concurrent-esketamine'), drugClasses: z.array(TextSchema).min(1) }),
  z.object({ kind: z.literal('not-in-record'), prompt: TextSchema }),
]);

export const KnowledgePackSchema = z.object({
  id: z.literal('tachywatch-antidepressant-tachyphylaxis'),
  version: z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/),
  effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  publisher: z.string().min(1),
  citations: z
    .array(
      z.object({
        id: CitationIdSchema,
        title: z.string().min(1),
        url: z.url().optional(),
        year: z.number().int().optional(),
        tag: z.enum(['V', 'V2', 'K', 'D']),
        note: z.string().optional(),
      })
    )
    .min(1),
  thresholds: z
    .array(
      z.object({
        id: z.string().min(1),
        value: z.number(),
        unit: z.enum(['points', 'ratio', 'days', 'weeks', 'years', 'mg/day', 'count', 'mIU/L']),
        comparator: z.enum(['<', '<=', '>', '>=', '=']),
        description: z.string().min(1),
        citationId: CitationIdSchema,
      })
    )
    .min(1),
  agents: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
        name: z.string().min(1),
        roles: z.array(z.string()).min(1),
        drugClass: z.string().min(1),
        mechanism: z.string().min(1),
        citationIds: z.array(CitationIdSchema).min(1),
      })
    )
    .min(1),
  combinationProducts: z
    .array(
      z.object({
        id: z.string().min(1),
        agentIds: z.array(z.string()).min(1),
        citationIds: z.array(CitationIdSchema).min(1),
      })
    )
    .min(1),
  valueSets: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        oid: z.string().optional(),
        version: z.string().min(1),
        source: z.string().min(1),
        codeCount: z.number().int().positive(),
        citationId: CitationIdSchema,
      })
    )
    .min(1),
  conditionCodeRules: z.array(z.object({ category: z.string(), citationId: CitationIdSchema })).min(1),
  staging: z.object({
    thaseRush: z.object({
      citationId: CitationIdSchema,
      stages: z.array(z.object({ stage: z.number().int().min(1).max(5), description: TextSchema })).length(5),
      tcaClass: TextSchema,
      maoiClass: TextSchema,
      classesBeforeSpecialStages: z.number().int().positive(),
    }),
    maudsley: z.object({
      citationIds: CitationIdsSchema,
      durationMonths: z.array(PointBandSchema).min(1),
      severityPhq9: z
        .array(z.object({ fromThreshold: ThresholdIdSchema.optional(), points: z.number().int(), label: TextSchema }))
        .min(1),
      severeWithPsychosisPoints: z.number().int().positive(),
      severityAssumedWhenUnknown: z.object({ points: z.number().int().positive(), label: TextSchema }),
      failures: z.array(PointBandSchema).min(1),
      augmentationPoints: z.number().int().nonnegative(),
      ectPoints: z.number().int().nonnegative(),
      bands: z
        .array(z.object({ min: z.number().int().nonnegative(), label: z.enum(['mild', 'moderate', 'severe']) }))
        .length(3),
    }),
    mghS: z.object({
      citationIds: CitationIdsSchema,
      perAdequateFailure: z.number().positive(),
      perDoseOptimisation: z.number().positive(),
      perAugmentation: z.number().positive(),
      ect: z.number().positive(),
    }),
  }),
  tmsPolicies: z
    .array(
      z.object({
        id: TextSchema,
        name: TextSchema,
        criteria: z.array(z.object({ id: TextSchema, label: TextSchema, rule: TmsCriterionRuleSchema })).min(1),
        citationIds: CitationIdsSchema,
      })
    )
    .min(1),
  options: z
    .array(
      z.object({
        kind: OptionKindSchema,
        title: TextSchema,
        rationaleAfterLoss: TextSchema,
        rationale: TextSchema,
        citationIds: CitationIdsSchema,
      })
    )
    .length(OPTION_KIND_COUNT),
  optionOrder: z.record(
    z.enum([
      'loss-of-response',
      'explained-worsening',
      'relapse-after-ect',
      'relapse-after-tms',
      'relapse-after-esketamine',
      'non-response',
      'treatment-resistant',
      'urgent',
    ]),
    z.array(OptionKindSchema).length(OPTION_KIND_COUNT)
  ),
  augmentationCandidates: z.array(CandidateSchema).min(1),
  combinationCandidates: z.array(CandidateSchema).min(1),
  switchExcluded: z.record(z.string(), TextSchema),
  esketamineRemsNote: TextSchema,
  confounders: z
    .array(
      z.object({
        id: z.enum(CONFOUNDER_IDS),
        label: TextSchema,
        whatToCheck: TextSchema,
        explainsWorsening: z.boolean(),
        citationIds: CitationIdsSchema,
      })
    )
    .min(1),
  qtDoseCaps: z
    .array(
      z.object({
        agentId: TextSchema,
        maxDailyDoseMg: z.number().positive(),
        olderAdultAge: z.number().int().positive(),
        olderAdultMaxDailyDoseMg: z.number().positive(),
        poorMetaboliserGenes: z.array(z.enum(['CYP2D6', 'CYP2C19', 'CYP2B6'])),
        citationIds: CitationIdsSchema,
      })
    )
    .min(1),
  safetyRules: z.object({
    maoiCombination: z.object({
      contraindicatedClasses: z.array(TextSchema).min(1),
      contraindicatedAgentIds: z.array(TextSchema),
      citationIds: CitationIdsSchema,
    }),
    paediatricAgents: z
      .array(
        z.object({
          agentId: TextSchema,
          minAgeYears: z.number().int().positive(),
          status: z.enum(['fda-approved', 'off-label']),
          note: TextSchema,
          citationIds: CitationIdsSchema,
        })
      )
      .min(1),
    paediatricDoseCeilings: z
      .array(
        z.object({
          agentId: TextSchema,
          minAgeYears: z.number().int().positive(),
          maxDailyDoseMg: z.number().positive(),
          basis: TextSchema,
          citationIds: CitationIdsSchema,
        })
      )
      .min(1),
    paediatric: z.object({
      adultAgeYears: z.number().int().positive(),
      tmsMinAgeYears: z.number().int().positive(),
      citationIds: CitationIdsSchema,
    }),
    olderAdult: z.object({ minAgeYears: z.number().int().positive(), citationIds: CitationIdsSchema }),
    perinatal: z.object({
      postpartumDays: z.number().int().positive(),
      pregnancyDays: z.number().int().positive(),
      agents: z.array(z.object({ agentId: TextSchema, caution: TextSchema, citationIds: CitationIdsSchema })),
      citationIds: CitationIdsSchema,
    }),
    suicideRisk: z.object({ highLethalityClasses: z.array(TextSchema).min(1), citationIds: CitationIdsSchema }),
    serotonergicWarning: z.object({
      weakContributorIds: z.array(TextSchema),
      citationIds: CitationIdsSchema,
    }),
  }),
});
export type KnowledgePack = z.infer<typeof KnowledgePackSchema>;

export const KNOWLEDGE_PACK: KnowledgePack = KnowledgePackSchema.parse({
  id: 'tachywatch-antidepressant-tachyphylaxis',
  version: KNOWLEDGE_VERSION,
  effectiveDate: '2026-12-01',
  publisher: 'Tachywatch project',
  citations: Object.values(CITATIONS),
  thresholds: Object.values(THRESHOLDS),
  agents: AGENTS,
  combinationProducts: COMBINATION_PRODUCTS,
  valueSets: [
    ...RXNORM_CLINICAL_DRUGS.valueSets.map((valueSet) => ({
      id: valueSet.id,
      name: valueSet.name,
      oid: valueSet.oid,
      version: valueSet.version,
      source: valueSet.source,
      codeCount: Object.values(RXNORM_CLINICAL_DRUGS.drugs).filter((drug) => drug.valueSets.includes(valueSet.id))
        .length,
      citationId: 'vsac-value-sets',
    })),
    ...CONDITION_VALUE_SETS.map((valueSet) => ({
      id: valueSet.id,
      name: valueSet.name,
      oid: valueSet.oid,
      version: valueSet.version,
      source: valueSet.source,
      codeCount: valueSet.codes.length,
      citationId: 'vsac-value-sets',
    })),
  ],
  conditionCodeRules: CONDITION_CODE_RULES,
  staging: { thaseRush: THASE_RUSH, maudsley: MAUDSLEY, mghS: MGH_S },
  tmsPolicies: TMS_POLICIES,
  options: Object.values(OPTIONS),
  optionOrder: OPTION_ORDER,
  augmentationCandidates: AUGMENTATION_CANDIDATES,
  combinationCandidates: COMBINATION_CANDIDATES,
  switchExcluded: SWITCH_EXCLUDED,
  esketamineRemsNote: ESKETAMINE_REMS_NOTE,
  confounders: CONFOUNDERS,
  qtDoseCaps: QT_DOSE_CAPS,
  safetyRules: {
    maoiCombination: MAOI_COMBINATION_RULE,
    paediatricAgents: PAEDIATRIC_AGENTS,
    paediatricDoseCeilings: PAEDIATRIC_DOSE_CEILINGS,
    paediatric: PAEDIATRIC_RULE,
    olderAdult: OLDER_ADULT_RULE,
    perinatal: PERINATAL_RULE,
    suicideRisk: SUICIDE_RISK_RULE,
    serotonergicWarning: SEROTONERGIC_WARNING_RULE,
  },
});

/**
 * Every exported knowledge table as written (before the pack schema strips fields), in one object: the content the
 * pack's hash covers (`knowledge.test.ts` compares it with the hash recorded in CHANGELOG.md for KNOWLEDGE_VERSION).
 */
export const KNOWLEDGE_TABLES = {
  reviewRules: REVIEW_RULES,
  sideEffectOptions: SIDE_EFFECT_OPTIONS,
  citations: CITATIONS,
  thresholds: THRESHOLDS,
  mechanisms: MECHANISMS,
  agents: AGENTS,
  agentsWithoutDailyAdequateDose: AGENTS_WITHOUT_DAILY_ADEQUATE_DOSE,
  combinationProducts: COMBINATION_PRODUCTS,
  nonCatalogueIngredients: NON_CATALOGUE_INGREDIENTS,
  rxnormClinicalDrugs: RXNORM_CLINICAL_DRUGS,
  conditionValueSets: CONDITION_VALUE_SETS,
  conditionCodeRules: CONDITION_CODE_RULES,
  psychoticFeatureIcd10: PSYCHOTIC_FEATURE_ICD10,
  formerNicotineIcd10: FORMER_NICOTINE_ICD10,
  systems: SYSTEMS,
  phq9Codes: PHQ9_CODES,
  phq9AnswerScores: PHQ9_ANSWER_SCORES,
  tobaccoStatusCode: TOBACCO_STATUS_CODE,
  pregnancyStatus: PREGNANCY_STATUS,
  pgxPhenotypeCodes: PGX_PHENOTYPE_CODES,
  thyroidLabCodes: THYROID_LAB_CODES,
  residualSymptomItems: RESIDUAL_SYMPTOM_ITEMS,
  procedureCodes: PROCEDURE_CODES,
  thaseRush: THASE_RUSH,
  maudsley: MAUDSLEY,
  mghS: MGH_S,
  tmsPolicies: TMS_POLICIES,
  options: OPTIONS,
  optionOrder: OPTION_ORDER,
  explanationActions: EXPLANATION_ACTIONS,
  attributedOptions: ATTRIBUTED_OPTIONS,
  augmentationCandidates: AUGMENTATION_CANDIDATES,
  combinationCandidates: COMBINATION_CANDIDATES,
  dualActionClasses: DUAL_ACTION_CLASSES,
  laterLineClasses: LATER_LINE_CLASSES,
  switchExcluded: SWITCH_EXCLUDED,
  ssriLikeClasses: SSRI_LIKE_CLASSES,
  maxSwitchCandidates: MAX_SWITCH_CANDIDATES,
  esketamineRemsNote: ESKETAMINE_REMS_NOTE,
  confounders: CONFOUNDERS,
  pgxActionablePhenotypes: PGX_ACTIONABLE_PHENOTYPES,
  pgxExpectedPhenotypes: PGX_EXPECTED_PHENOTYPES,
  qtDoseCaps: QT_DOSE_CAPS,
  maoiCombinationRule: MAOI_COMBINATION_RULE,
  paediatricAgents: PAEDIATRIC_AGENTS,
  paediatricDoseCeilings: PAEDIATRIC_DOSE_CEILINGS,
  paediatricRule: PAEDIATRIC_RULE,
  olderAdultRule: OLDER_ADULT_RULE,
  perinatalRule: PERINATAL_RULE,
  suicideRiskRule: SUICIDE_RISK_RULE,
  serotonergicWarningRule: SEROTONERGIC_WARNING_RULE,
  cypInducerScope: CYP_INDUCER_SCOPE,
} as const;

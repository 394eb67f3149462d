import type { OptionKind } from '../domain/assessment';
import { SIDE_EFFECT_OPTIONS } from '../knowledge/side-effect-options';
import type {
  DomainAnswer,
  ExternalFactor,
  LifestyleAnswer,
  LifestyleArea,
  ReviewCheck,
  ReviewConclusion,
  ReviewExplanation,
  SymptomDomain,
} from './types';

/**
 * The review Questionnaire Tachywatch publishes (FHIR R4, SDC-style): one table of items drives the Questionnaire,
 * the QuestionnaireResponse writer and the reader, so the three never drift apart. The symptom-domain wording is the
 * product's own. No item carries a LOINC code: LOINC has no terms for these review questions, and a near-miss code
 * would mislead anyone who queries by it. The answers are coded in Tachywatch CodeSystems.
 */

export const REVIEW_QUESTIONNAIRE_URL = 'https://tachywatch.org/fhir/Questionnaire/tachyphylaxis-review';
export const REVIEW_QUESTIONNAIRE_VERSION = '1.0.0';
/** The canonical a QuestionnaireResponse points to: `url|version`. */
export const REVIEW_QUESTIONNAIRE_CANONICAL = `${REVIEW_QUESTIONNAIRE_URL}|${REVIEW_QUESTIONNAIRE_VERSION}`;

const CODE_SYSTEM_BASE = 'https://tachywatch.org/fhir/CodeSystem';

export const REVIEW_CODE_SYSTEMS = {
  check: `${CODE_SYSTEM_BASE}/review-check`,
  domain: `${CODE_SYSTEM_BASE}/review-domain-answer`,
  lifestyle: `${CODE_SYSTEM_BASE}/review-lifestyle-answer`,
  conclusion: `${CODE_SYSTEM_BASE}/review-conclusion`,
  explanation: `${CODE_SYSTEM_BASE}/review-explanation`,
  plan: `${CODE_SYSTEM_BASE}/review-plan`,
  agent: `${CODE_SYSTEM_BASE}/agent`,
} as const;

/** The value set of catalogue agents the `trial` item is answered from (codes of `REVIEW_CODE_SYSTEMS.agent`). */
export const REVIEW_AGENT_VALUE_SET = 'https://tachywatch.org/fhir/ValueSet/agent';

export const REVIEW_NOTE_MAX_LENGTH = 1000;

type Options<TCode extends string> = readonly (readonly [TCode, string])[];

const CHECK_OPTIONS: Options<ReviewCheck> = [
  ['present', 'Present'],
  ['absent', 'Absent'],
  ['not-checked', 'Not checked'],
];
const DOMAIN_OPTIONS: Options<DomainAnswer> = [
  ['present', 'Present'],
  ['absent', 'Absent'],
  ['not-asked', 'Not asked'],
];
const LIFESTYLE_OPTIONS: Options<LifestyleAnswer> = [
  ['concern', 'A concern'],
  ['no-concern', 'No concern'],
  ['not-asked', 'Not asked'],
];
export const REVIEW_CONCLUSION_OPTIONS: Options<ReviewConclusion> = [
  ['loss-of-response-likely', 'Loss of response likely'],
  ['explained', 'Explained by another cause'],
  ['relapse-or-new-episode', 'Relapse or new episode'],
  ['not-now', 'Not now: review later'],
];
export const REVIEW_EXPLANATION_OPTIONS: Options<ReviewExplanation> = [
  ['non-adherence', 'Non-adherence'],
  ['dose-change', 'Dose change'],
  ['interacting-drug', 'Interacting drug'],
  ['stressors', 'Psychosocial stressors'],
  ['substance-use', 'Alcohol or substance use'],
  ['medical-condition', 'Medical condition'],
  ['other', 'Other'],
];

export type ReviewPlanOption = OptionKind | 'drug-holiday';

/** The plan choices: the engine's option kinds and the drug holiday. */
export const REVIEW_PLAN_OPTIONS: Options<ReviewPlanOption> = [
  ['address-explanation', 'Address the explanation first (adherence, dose, interacting drug)'],
  ['dose-optimisation', 'Dose optimisation'],
  ['drug-holiday', SIDE_EFFECT_OPTIONS['drug-holiday'].title],
  ['switch', 'Switch antidepressant'],
  ['augmentation', 'Augmentation'],
  ['combination', 'Combination with a second antidepressant'],
  ['psychotherapy', 'Psychotherapy'],
  ['tms', 'Transcranial magnetic stimulation (TMS)'],
  ['ect', 'Electroconvulsive therapy (ECT)'],
  ['esketamine', 'Esketamine'],
];

/** A code's display from an option table, as the form shows it (the code itself when the table does not know it). */
export function getReviewCodeDisplay(options: Options<string>, code: string): string {
  return options.find(([known]) => known === code)?.[1] ?? code;
}

/** A code's display from an option table, lower-cased for use mid-sentence ("TMS" and the like stay as they are). */
export function describeReviewCode(options: Options<string>, code: string): string {
  const display = getReviewCodeDisplay(options, code);
  return /^[A-Z][a-z]/.test(display) ? `${display.charAt(0).toLowerCase()}${display.slice(1)}` : display;
}

/** A plan as words, e.g. "augmentation, psychotherapy". */
export function describeReviewPlan(plan: readonly string[]): string {
  return plan.map((id) => describeReviewCode(REVIEW_PLAN_OPTIONS, id)).join(', ');
}

export const EXTERNAL_FACTOR_ITEMS: readonly { key: ExternalFactor; linkId: string; text: string }[] = [
  {
    key: 'adherence',
    linkId: 'external-factors.adherence',
    text: 'Missed doses or gaps in supply in the weeks before the worsening',
  },
  {
    key: 'doseChange',
    linkId: 'external-factors.dose-change',
    text: 'A dose reduction or a change of formulation before the worsening',
  },
  {
    key: 'interactingDrugs',
    linkId: 'external-factors.interacting-drugs',
    text: 'A new interacting medicine (enzyme inducer, depressogenic drug) or a change in smoking',
  },
  {
    key: 'stressors',
    linkId: 'external-factors.stressors',
    text: 'New psychosocial stressors (work, money, housing, family, bereavement)',
  },
];

export const SYMPTOM_DOMAIN_ITEMS: readonly { key: SymptomDomain; linkId: string; text: string }[] = [
  { key: 'energy', linkId: 'symptom-domains.energy', text: 'Less energy or more tiredness than at the best point' },
  { key: 'motivation', linkId: 'symptom-domains.motivation', text: 'Less drive to start or finish things' },
  { key: 'cognition', linkId: 'symptom-domains.cognition', text: 'Slower thinking, poorer focus or memory' },
  { key: 'sleep', linkId: 'symptom-domains.sleep', text: 'Sleeping more or less than at the best point' },
  { key: 'weight', linkId: 'symptom-domains.weight', text: 'A change in appetite or weight' },
  {
    key: 'sexual-function',
    linkId: 'symptom-domains.sexual-function',
    text: 'A change in sexual interest or function',
  },
  {
    key: 'emotional-blunting',
    linkId: 'symptom-domains.emotional-blunting',
    text: 'Feelings muted or flat, in joy as in sadness',
  },
];

export const LIFESTYLE_ITEMS: readonly { key: LifestyleArea; linkId: string; text: string }[] = [
  { key: 'sleep', linkId: 'lifestyle.sleep', text: 'Sleep habits' },
  { key: 'stress', linkId: 'lifestyle.stress', text: 'Stress load' },
  { key: 'alcohol-substances', linkId: 'lifestyle.alcohol-substances', text: 'Alcohol or other substance use' },
  { key: 'nutrition', linkId: 'lifestyle.nutrition', text: 'Nutrition' },
  { key: 'movement', linkId: 'lifestyle.movement', text: 'Physical activity' },
  { key: 'support', linkId: 'lifestyle.support', text: 'Social support' },
];

export const REVIEW_LINK_IDS = {
  trial: 'trial',
  externalFactors: 'external-factors',
  symptomDomains: 'symptom-domains',
  lifestyle: 'lifestyle',
  conclusion: 'conclusion',
  explainedBy: 'explained-by',
  plan: 'plan',
  note: 'note',
} as const;

function answerOptions(system: string, options: Options<string>): fhir4.QuestionnaireItemAnswerOption[] {
  return options.map(([code, display]) => ({ valueCoding: { system, code, display } }));
}

function choiceItems(
  items: readonly { linkId: string; text: string }[],
  system: string,
  options: Options<string>
): fhir4.QuestionnaireItem[] {
  return items.map(({ linkId, text }) => ({
    linkId,
    text,
    type: 'choice',
    required: true,
    answerOption: answerOptions(system, options),
  }));
}

export const REVIEW_QUESTIONNAIRE: fhir4.Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'tachyphylaxis-review',
  meta: { profile: ['http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire'] },
  url: REVIEW_QUESTIONNAIRE_URL,
  version: REVIEW_QUESTIONNAIRE_VERSION,
  name: 'TachyphylaxisReview',
  title: 'Review of a possible loss of antidepressant response',
  status: 'active',
  experimental: false,
  subjectType: ['Patient'],
  date: '2026-12-01',
  publisher: 'Tachywatch',
  description:
    'A clinician-completed review of a possible loss of response to an antidepressant: external factors checked ' +
    'first, symptom domains compared with the best point of treatment, lifestyle areas, the conclusion and the plan.',
  purpose:
    'Documents what the clinician concluded so that decision support does not raise the same question again ' +
    'without new evidence.',
  item: [
    {
      linkId: REVIEW_LINK_IDS.trial,
      text: 'Antidepressant reviewed',
      type: 'choice',
      required: false,
      answerValueSet: REVIEW_AGENT_VALUE_SET,
    },
    {
      linkId: REVIEW_LINK_IDS.externalFactors,
      text: 'External factors (check these first)',
      type: 'group',
      required: true,
      item: choiceItems(EXTERNAL_FACTOR_ITEMS, REVIEW_CODE_SYSTEMS.check, CHECK_OPTIONS),
    },
    {
      linkId: REVIEW_LINK_IDS.symptomDomains,
      text: 'Symptom domains, compared with the best point of treatment',
      type: 'group',
      required: true,
      item: choiceItems(SYMPTOM_DOMAIN_ITEMS, REVIEW_CODE_SYSTEMS.domain, DOMAIN_OPTIONS),
    },
    {
      linkId: REVIEW_LINK_IDS.lifestyle,
      text: 'Beyond prescriptions',
      type: 'group',
      required: true,
      item: choiceItems(LIFESTYLE_ITEMS, REVIEW_CODE_SYSTEMS.lifestyle, LIFESTYLE_OPTIONS),
    },
    {
      linkId: REVIEW_LINK_IDS.conclusion,
      text: 'Conclusion',
      type: 'choice',
      required: true,
      answerOption: answerOptions(REVIEW_CODE_SYSTEMS.conclusion, REVIEW_CONCLUSION_OPTIONS),
    },
    {
      linkId: REVIEW_LINK_IDS.explainedBy,
      text: 'Explained by',
      type: 'choice',
      required: true,
      enableWhen: [
        {
          question: REVIEW_LINK_IDS.conclusion,
          operator: '=',
          answerCoding: { system: REVIEW_CODE_SYSTEMS.conclusion, code: 'explained' },
        },
      ],
      answerOption: answerOptions(REVIEW_CODE_SYSTEMS.explanation, REVIEW_EXPLANATION_OPTIONS),
    },
    {
      linkId: REVIEW_LINK_IDS.plan,
      text: 'Plan',
      type: 'choice',
      required: false,
      repeats: true,
      answerOption: answerOptions(REVIEW_CODE_SYSTEMS.plan, REVIEW_PLAN_OPTIONS),
    },
    {
      linkId: REVIEW_LINK_IDS.note,
      text: 'Note',
      type: 'text',
      required: false,
      maxLength: REVIEW_NOTE_MAX_LENGTH,
    },
  ],
};

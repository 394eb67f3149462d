import {
  EXTERNAL_FACTOR_ITEMS,
  LIFESTYLE_ITEMS,
  REVIEW_CODE_SYSTEMS,
  REVIEW_CONCLUSION_OPTIONS,
  REVIEW_EXPLANATION_OPTIONS,
  REVIEW_LINK_IDS,
  REVIEW_NOTE_MAX_LENGTH,
  REVIEW_PLAN_OPTIONS,
  REVIEW_QUESTIONNAIRE,
  REVIEW_QUESTIONNAIRE_CANONICAL,
  SYMPTOM_DOMAIN_ITEMS,
} from './questionnaire';
import type { ClinicianReviewInput } from './types';

export interface ReviewResponseContext {
  readonly patientId: string;
  /** ISO dateTime of the review. */
  readonly authored: string;
  /** A reference to the author, e.g. `Practitioner/123` (from the SMART launch's fhirUser). */
  readonly author?: string;
  readonly encounterId?: string;
}

/** The display of a code in the Questionnaire's answer options (so the response reads well on its own). */
function optionDisplay(linkId: string, code: string): string | undefined {
  const stack = [...(REVIEW_QUESTIONNAIRE.item ?? [])];
  while (stack.length > 0) {
    const item = stack.pop() as fhir4.QuestionnaireItem;
    if (item.linkId === linkId) {
      return item.answerOption?.find((option) => option.valueCoding?.code === code)?.valueCoding?.display;
    }
    stack.push(...(item.item ?? []));
  }
  return undefined;
}

function codingAnswer(linkId: string, system: string, code: string): fhir4.QuestionnaireResponseItemAnswer {
  const display = optionDisplay(linkId, code);
  return { valueCoding: { system, code, ...(display === undefined ? {} : { display }) } };
}

function choice(
  linkId: string,
  text: string | undefined,
  system: string,
  code: string
): fhir4.QuestionnaireResponseItem {
  return { linkId, ...(text === undefined ? {} : { text }), answer: [codingAnswer(linkId, system, code)] };
}

function isKnown(options: readonly (readonly [string, string])[], code: string | undefined): code is string {
  return code !== undefined && options.some(([known]) => known === code);
}

/**
 * The review as a FHIR R4 QuestionnaireResponse of the review Questionnaire (status `completed`). Plan ids that are
 * not plan options are left out (never written as codes of a system that does not define them); the note is cut to
 * the Questionnaire's maximum length.
 */
export function buildReviewQuestionnaireResponse(
  input: ClinicianReviewInput,
  ctx: ReviewResponseContext
): fhir4.QuestionnaireResponse {
  const items: fhir4.QuestionnaireResponseItem[] = [];
  if (input.trial) {
    items.push({
      linkId: REVIEW_LINK_IDS.trial,
      text: 'Antidepressant reviewed',
      answer: [
        { valueCoding: { system: REVIEW_CODE_SYSTEMS.agent, code: input.trial.agentId, display: input.trial.display } },
      ],
    });
  }
  items.push({
    linkId: REVIEW_LINK_IDS.externalFactors,
    item: EXTERNAL_FACTOR_ITEMS.map(({ key, linkId, text }) =>
      choice(linkId, text, REVIEW_CODE_SYSTEMS.check, input.externalFactors[key])
    ),
  });
  items.push({
    linkId: REVIEW_LINK_IDS.symptomDomains,
    item: SYMPTOM_DOMAIN_ITEMS.map(({ key, linkId, text }) =>
      choice(linkId, text, REVIEW_CODE_SYSTEMS.domain, input.symptomDomains[key])
    ),
  });
  items.push({
    linkId: REVIEW_LINK_IDS.lifestyle,
    item: LIFESTYLE_ITEMS.map(({ key, linkId, text }) =>
      choice(linkId, text, REVIEW_CODE_SYSTEMS.lifestyle, input.lifestyle[key])
    ),
  });
  if (isKnown(REVIEW_CONCLUSION_OPTIONS, input.conclusion)) {
    items.push(choice(REVIEW_LINK_IDS.conclusion, 'Conclusion', REVIEW_CODE_SYSTEMS.conclusion, input.conclusion));
  }
  if (input.conclusion === 'explained') {
    const explanation = isKnown(REVIEW_EXPLANATION_OPTIONS, input.explainedBy) ? input.explainedBy : 'other';
    items.push(choice(REVIEW_LINK_IDS.explainedBy, 'Explained by', REVIEW_CODE_SYSTEMS.explanation, explanation));
  }
  const plan = [...new Set(input.plan)].filter((id) => isKnown(REVIEW_PLAN_OPTIONS, id));
  if (plan.length > 0) {
    items.push({
      linkId: REVIEW_LINK_IDS.plan,
      text: 'Plan',
      answer: plan.map((id) => codingAnswer(REVIEW_LINK_IDS.plan, REVIEW_CODE_SYSTEMS.plan, id)),
    });
  }
  const note = input.note?.trim().slice(0, REVIEW_NOTE_MAX_LENGTH);
  if (note) {
    items.push({ linkId: REVIEW_LINK_IDS.note, text: 'Note', answer: [{ valueString: note }] });
  }
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: REVIEW_QUESTIONNAIRE_CANONICAL,
    status: 'completed',
    subject: { reference: `Patient/${ctx.patientId}` },
    authored: ctx.authored,
    ...(ctx.author ? { author: { reference: ctx.author } } : {}),
    ...(ctx.encounterId ? { encounter: { reference: `Encounter/${ctx.encounterId}` } } : {}),
    item: items,
  };
}

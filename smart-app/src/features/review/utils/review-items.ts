import {
  EXTERNAL_FACTOR_ITEMS,
  LIFESTYLE_ITEMS,
  REVIEW_CONCLUSION_OPTIONS,
  REVIEW_EXPLANATION_OPTIONS,
  REVIEW_LINK_IDS,
  REVIEW_QUESTIONNAIRE,
  SYMPTOM_DOMAIN_ITEMS,
  type ClinicianReviewInput,
} from '@tachywatch/shared';

/** One answer choice: its code and the words the published Questionnaire gives it. */
export interface Choice<TCode extends string = string> {
  readonly code: TCode;
  readonly label: string;
}

function findItem(linkId: string, items = REVIEW_QUESTIONNAIRE.item ?? []): fhir4.QuestionnaireItem | undefined {
  for (const item of items) {
    if (item.linkId === linkId) return item;
    const nested = findItem(linkId, item.item ?? []);
    if (nested) return nested;
  }
  return undefined;
}

/** The answer options of a Questionnaire item, so the form offers exactly what the Questionnaire defines. */
export function getChoices<TCode extends string>(linkId: string): Choice<TCode>[] {
  return (findItem(linkId)?.answerOption ?? []).flatMap((option) => {
    const coding = option.valueCoding;
    return coding?.code ? [{ code: coding.code as TCode, label: coding.display ?? coding.code }] : [];
  });
}

export function getItemText(linkId: string): string {
  return findItem(linkId)?.text ?? linkId;
}

const toChoices = <TCode extends string>(options: readonly (readonly [TCode, string])[]): Choice<TCode>[] =>
  options.map(([code, label]) => ({ code, label }));

export const CONCLUSION_CHOICES = toChoices(REVIEW_CONCLUSION_OPTIONS);
export const EXPLANATION_CHOICES = toChoices(REVIEW_EXPLANATION_OPTIONS);

type Input = ClinicianReviewInput;

/** The three grouped parts of the form, in the Questionnaire's order, each row bound to its key in the input. */
export const REVIEW_GROUPS = [
  {
    id: 'externalFactors',
    linkId: REVIEW_LINK_IDS.externalFactors,
    items: EXTERNAL_FACTOR_ITEMS,
  },
  {
    id: 'symptomDomains',
    linkId: REVIEW_LINK_IDS.symptomDomains,
    items: SYMPTOM_DOMAIN_ITEMS,
  },
  {
    id: 'lifestyle',
    linkId: REVIEW_LINK_IDS.lifestyle,
    items: LIFESTYLE_ITEMS,
  },
] as const satisfies readonly {
  id: 'externalFactors' | 'symptomDomains' | 'lifestyle';
  linkId: string;
  items: readonly { key: string; linkId: string; text: string }[];
}[];

export type ReviewGroupId = (typeof REVIEW_GROUPS)[number]['id'];

export function getGroupAnswer(input: Input, group: ReviewGroupId, key: string): string {
  return (input[group] as Readonly<Record<string, string>>)[key] ?? '';
}

export function setGroupAnswer(input: Input, group: ReviewGroupId, key: string, value: string): Input {
  return { ...input, [group]: { ...input[group], [key]: value } };
}

import type { DataIssue } from '../domain/issues';
import { getConceptRole, toLoincRole, type CodeRole } from './phq9-code-roles';
import { addValue, getValue, IGNORED_STATUSES, type Part, type PartBuilder } from './phq9-parts';
import { getIsoDate, getObjects, getString, isJsonObject, type JsonObject } from './json';

const LOINC_IN_TEXT = /\b(\d{4,5}-\d)\b/g;

/** What a QuestionnaireResponse gave: a PHQ-9 part (with its answer issues), or only the issue that kept it out. */
export interface QuestionnaireResponseReading {
  readonly part?: Omit<Part, 'order'>;
  readonly issues: readonly DataIssue[];
}

/**
 * Reads a PHQ-9 QuestionnaireResponse: items found by code, by a LOINC code in the linkId, or (when the questionnaire
 * is named PHQ-9) by numbered linkIds; `undefined` when it is not a PHQ-9 or its status is ignored.
 */
export function readQuestionnaireResponse(resource: JsonObject, ref: string): QuestionnaireResponseReading | undefined {
  const status = getString(resource, 'status');
  if (status && IGNORED_STATUSES.includes(status)) {
    return undefined;
  }
  const questionnaireField = resource.questionnaire;
  const questionnaire = (
    typeof questionnaireField === 'string'
      ? questionnaireField
      : isJsonObject(questionnaireField)
        ? (getString(questionnaireField, 'reference') ?? '')
        : ''
  ).toLowerCase();
  const named = /phq-?9|44249-1|89206-7/.test(questionnaire);
  const builder: PartBuilder = { items: undefined, teen: /89206-7|phq-?9-?m|phq-?a\b|teen/.test(questionnaire) };
  const issues: DataIssue[] = [];
  let coded = false;
  const stack: JsonObject[] = [...getObjects(resource, 'item')];
  while (stack.length > 0) {
    const item = stack.pop() as JsonObject;
    const answers = getObjects(item, 'answer');
    for (const answer of answers) {
      stack.push(...getObjects(answer, 'item'));
    }
    stack.push(...getObjects(item, 'item'));
    const role = getItemRole(item, named);
    if (!role) {
      continue;
    }
    coded ||= role.coded;
    const answer = answers[0];
    if (answer) {
      addValue(builder, role.role, getValue(answer), ref, issues);
    }
  }
  if (!named && !coded) {
    return undefined;
  }
  const date = getIsoDate(resource, 'authored');
  if (!date) {
    return {
      issues: [
        {
          code: 'phq9.date-missing',
          severity: 'warning',
          message: 'A PHQ-9 questionnaire response has no authored date and was not used.',
          resourceRef: ref,
        },
      ],
    };
  }
  return {
    part: { ref, kind: 'questionnaire', date, teen: builder.teen, total: builder.total, items: builder.items },
    issues,
  };
}

function getItemRole(item: JsonObject, named: boolean): { role: CodeRole; coded: boolean } | undefined {
  const linkId = getString(item, 'linkId') ?? '';
  for (const code of getObjects(item, 'code')) {
    const role = getConceptRole({ coding: [code] });
    if (role) {
      return { role, coded: true };
    }
  }
  for (const match of linkId.matchAll(LOINC_IN_TEXT)) {
    const role = toLoincRole(match[1] ?? '');
    if (role) {
      return { role, coded: true };
    }
  }
  if (!named) {
    return undefined;
  }
  if (/total|score/i.test(linkId)) {
    return { role: { role: 'total', teen: false }, coded: false };
  }
  const numbered = /^(?:phq-?9m?[-_.]?)?(?:q|item|question)?[-_.]?0?([1-9])$/i.exec(linkId);
  return numbered ? { role: { role: 'item', index: Number(numbered[1]) - 1 }, coded: false } : undefined;
}

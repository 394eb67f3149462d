import type { DataIssue } from '../domain/issues';
import { collectEntries } from '../fhir/bundle';
import { PatientIdentity } from '../fhir/patient-identity';
import { ResourceIndex, toResourceRef } from '../fhir/references';
import { getIsoDate, getObjects, getString, getText, isJsonObject, type JsonObject } from '../fhir/json';
import {
  EXTERNAL_FACTOR_ITEMS,
  LIFESTYLE_ITEMS,
  REVIEW_CODE_SYSTEMS,
  REVIEW_CONCLUSION_OPTIONS,
  REVIEW_EXPLANATION_OPTIONS,
  REVIEW_LINK_IDS,
  REVIEW_NOTE_MAX_LENGTH,
  REVIEW_PLAN_OPTIONS,
  REVIEW_QUESTIONNAIRE_URL,
  SYMPTOM_DOMAIN_ITEMS,
} from './questionnaire';
import type {
  ClinicianReviewInput,
  DocumentedReview,
  DomainAnswer,
  ExternalFactor,
  LifestyleAnswer,
  LifestyleArea,
  ReviewCheck,
  ReviewConclusion,
  ReviewExplanation,
  SymptomDomain,
} from './types';

const READ_STATUSES: ReadonlySet<string> = new Set(['completed', 'amended']);
const CHECKS: readonly ReviewCheck[] = ['present', 'absent', 'not-checked'];
const DOMAIN_ANSWERS: readonly DomainAnswer[] = ['present', 'absent', 'not-asked'];
const LIFESTYLE_ANSWERS: readonly LifestyleAnswer[] = ['concern', 'no-concern', 'not-asked'];

/** Whether a QuestionnaireResponse answers the review Questionnaire (any version of its canonical URL). */
export function isReviewQuestionnaireResponse(resource: object): boolean {
  const questionnaire = getString(resource as JsonObject, 'questionnaire');
  if (questionnaire === undefined) return false;
  const bar = questionnaire.indexOf('|');
  return (bar === -1 ? questionnaire : questionnaire.slice(0, bar)) === REVIEW_QUESTIONNAIRE_URL;
}

/** Every item of the response by linkId (groups flattened; answers' nested items included). */
function indexItems(resource: JsonObject): Map<string, JsonObject> {
  const byLinkId = new Map<string, JsonObject>();
  const stack: JsonObject[] = [...getObjects(resource, 'item')];
  while (stack.length > 0) {
    const item = stack.pop() as JsonObject;
    const linkId = getString(item, 'linkId');
    if (linkId !== undefined && !byLinkId.has(linkId)) byLinkId.set(linkId, item);
    stack.push(...getObjects(item, 'item'));
    for (const answer of getObjects(item, 'answer')) stack.push(...getObjects(answer, 'item'));
  }
  return byLinkId;
}

/** The codes answered to an item, in the expected system (a code of another system is not ours to read). */
function codesOf(item: JsonObject | undefined, system: string): string[] {
  const codes: string[] = [];
  for (const answer of getObjects(item, 'answer')) {
    const coding = answer.valueCoding;
    if (isJsonObject(coding) && getString(coding, 'system') === system) {
      const code = getString(coding, 'code');
      if (code !== undefined) codes.push(code);
    }
  }
  return codes;
}

function pick<T extends string>(codes: readonly string[], allowed: readonly T[], fallback: T): T {
  const code = codes[0];
  return code !== undefined && (allowed as readonly string[]).includes(code) ? (code as T) : fallback;
}

function readAnswers<TKey extends string, TValue extends string>(
  items: Map<string, JsonObject>,
  table: readonly { key: TKey; linkId: string }[],
  system: string,
  allowed: readonly TValue[],
  fallback: TValue
): Record<TKey, TValue> {
  return Object.fromEntries(
    table.map(({ key, linkId }) => [key, pick(codesOf(items.get(linkId), system), allowed, fallback)])
  ) as Record<TKey, TValue>;
}

function codesIn(options: readonly (readonly [string, string])[]): string[] {
  return options.map(([code]) => code);
}

function readInput(items: Map<string, JsonObject>): ClinicianReviewInput | undefined {
  const conclusions = codesOf(items.get(REVIEW_LINK_IDS.conclusion), REVIEW_CODE_SYSTEMS.conclusion);
  const conclusion = conclusions[0];
  if (conclusion === undefined || !codesIn(REVIEW_CONCLUSION_OPTIONS).includes(conclusion)) return undefined;
  const explanation = codesOf(items.get(REVIEW_LINK_IDS.explainedBy), REVIEW_CODE_SYSTEMS.explanation)[0];
  const trialItem = items.get(REVIEW_LINK_IDS.trial);
  const trialCoding = getObjects(trialItem, 'answer')
    .map((answer) => answer.valueCoding)
    .find(isJsonObject);
  const trialAgent =
    trialCoding && getString(trialCoding, 'system') === REVIEW_CODE_SYSTEMS.agent
      ? getString(trialCoding, 'code')
      : undefined;
  const planCodes = codesIn(REVIEW_PLAN_OPTIONS);
  const plan = [...new Set(codesOf(items.get(REVIEW_LINK_IDS.plan), REVIEW_CODE_SYSTEMS.plan))].filter((code) =>
    planCodes.includes(code)
  );
  const noteAnswer = getObjects(items.get(REVIEW_LINK_IDS.note), 'answer')[0];
  const note = getText(noteAnswer, 'valueString')?.slice(0, REVIEW_NOTE_MAX_LENGTH);
  return {
    ...(trialAgent && trialCoding
      ? { trial: { agentId: trialAgent, display: getText(trialCoding, 'display') ?? trialAgent } }
      : {}),
    externalFactors: readAnswers<ExternalFactor, ReviewCheck>(
      items,
      EXTERNAL_FACTOR_ITEMS,
      REVIEW_CODE_SYSTEMS.check,
      CHECKS,
      'not-checked'
    ),
    symptomDomains: readAnswers<SymptomDomain, DomainAnswer>(
      items,
      SYMPTOM_DOMAIN_ITEMS,
      REVIEW_CODE_SYSTEMS.domain,
      DOMAIN_ANSWERS,
      'not-asked'
    ),
    lifestyle: readAnswers<LifestyleArea, LifestyleAnswer>(
      items,
      LIFESTYLE_ITEMS,
      REVIEW_CODE_SYSTEMS.lifestyle,
      LIFESTYLE_ANSWERS,
      'not-asked'
    ),
    conclusion: conclusion as ReviewConclusion,
    ...(conclusion === 'explained'
      ? {
          explainedBy: (explanation !== undefined && codesIn(REVIEW_EXPLANATION_OPTIONS).includes(explanation)
            ? explanation
            : 'other') as ReviewExplanation,
        }
      : {}),
    plan,
    ...(note ? { note } : {}),
  };
}

export interface ReadReviewResult {
  readonly review?: DocumentedReview;
  readonly issue?: DataIssue;
}

/**
 * One review QuestionnaireResponse (already known to be about the patient) read into a DocumentedReview. In-progress,
 * stopped and entered-in-error responses are not reviews; a completed one without a day-precision `authored` or a
 * known conclusion is reported and skipped. Answers missing or outside the Questionnaire read as not checked / not
 * asked, never as a finding.
 */
export function readDocumentedReview(resource: JsonObject, ref: string): ReadReviewResult {
  const status = getString(resource, 'status');
  if (status === undefined || !READ_STATUSES.has(status)) return {};
  const authored = getString(resource, 'authored');
  const authoredDate = authored !== undefined && authored.length >= 10 ? getIsoDate(resource, 'authored') : undefined;
  const input = readInput(indexItems(resource));
  if (authored === undefined || authoredDate === undefined || input === undefined) {
    return {
      issue: {
        code: 'review.unreadable',
        severity: 'warning',
        message:
          'A documented review (QuestionnaireResponse of the Tachywatch review) without a readable date or ' +
          'conclusion was ignored.',
        resourceRef: ref,
      },
    };
  }
  const id = getString(resource, 'id');
  return {
    review: {
      ...input,
      ...(id === undefined ? {} : { id }),
      ref,
      authored,
      authoredDate,
      status: status as DocumentedReview['status'],
    },
  };
}

/**
 * The documented reviews about one patient among any FHIR resources and Bundles, oldest first. Only responses to the
 * review Questionnaire are read, and only those whose subject provably points to `patientId` (see `PatientIdentity`);
 * the others are reported as issues, as `readPatientRecord` does (which reads them into `PatientRecord.reviews`).
 */
export function readDocumentedReviews(
  resources: readonly unknown[],
  options: { readonly patientId: string; readonly fhirServer?: string }
): { reviews: DocumentedReview[]; issues: DataIssue[] } {
  const { entries } = collectEntries(Array.isArray(resources) ? resources : [resources]);
  const refs = entries.map(({ resource }, position) => toResourceRef(resource, position));
  const identity = new PatientIdentity(options.patientId, options.fhirServer, new ResourceIndex(entries, refs));
  const reviews: DocumentedReview[] = [];
  const issues: DataIssue[] = [];
  for (const [position, { resource }] of entries.entries()) {
    if (resource.resourceType !== 'QuestionnaireResponse' || !isReviewQuestionnaireResponse(resource)) continue;
    const ref = refs[position] as string;
    const verdict = identity.check(resource);
    if (verdict !== 'own') {
      issues.push({
        code: verdict === 'other-patient' ? 'resource.other-patient' : 'resource.subject-unverified',
        severity: 'warning',
        message: 'A documented review whose subject is not provably the patient in context was ignored.',
        resourceRef: ref,
      });
      continue;
    }
    const { review, issue } = readDocumentedReview(resource, ref);
    if (review) reviews.push(review);
    if (issue) issues.push(issue);
  }
  return { reviews: sortReviews(reviews), issues };
}

/** Oldest first by authored day, then by the full authored string. */
export function sortReviews(reviews: DocumentedReview[]): DocumentedReview[] {
  return reviews.sort((a, b) =>
    (a.authoredDate ?? '') === (b.authoredDate ?? '')
      ? a.authored.localeCompare(b.authored)
      : (a.authoredDate ?? '').localeCompare(b.authoredDate ?? '')
  );
}

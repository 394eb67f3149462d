import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessPatient } from '../analysis/assess-patient';
import { NOW, RecordClassicSertralineLoss, condition, dispenses, statement } from '../analysis/test-records';
import { readPatientRecord } from '../fhir/read-patient-record';
import { buildPatient, PATIENT_ID, SUBJECT } from '../fhir/test-resources';
import { getCitation } from '../knowledge/citations';
import { SIDE_EFFECT_OPTIONS } from '../knowledge/side-effect-options';
import { parseSiteConfig } from '../schemas/site-config';
import { validateAgainstQuestionnaire, validateR4 } from '../testing/fhir-validation';
import { buildTestReviewInput } from '../testing/reviews';
import { prefillReview } from './prefill';
import {
  REVIEW_CODE_SYSTEMS,
  REVIEW_QUESTIONNAIRE,
  REVIEW_QUESTIONNAIRE_CANONICAL,
  REVIEW_QUESTIONNAIRE_URL,
} from './questionnaire';
import { buildReviewQuestionnaireResponse } from './questionnaire-response';
import { readDocumentedReviews } from './read-reviews';
import { buildDraftServiceRequest } from './service-request';
import type { ClinicianReviewInput } from './types';

const INPUT: ClinicianReviewInput = buildTestReviewInput({
  externalFactors: { adherence: 'present', doseChange: 'absent', stressors: 'absent' },
  symptomDomains: {
    energy: 'present',
    motivation: 'present',
    cognition: 'absent',
    weight: 'absent',
    'sexual-function': 'present',
  },
  lifestyle: { sleep: 'concern', stress: 'no-concern', 'alcohol-substances': 'no-concern', movement: 'concern' },
  conclusion: 'explained',
  explainedBy: 'non-adherence',
  plan: ['psychotherapy', 'drug-holiday'],
  note: 'Missed most doses in October while travelling.',
});

const CTX = { patientId: PATIENT_ID, authored: '2024-11-03T10:15:00Z', author: 'Practitioner/dr-1' };

function questionnaireFile(): unknown {
  return JSON.parse(readFileSync(new URL('../../questionnaires/tachyphylaxis-review.json', import.meta.url), 'utf8'));
}

describe('the review Questionnaire', () => {
  it('is checked in as JSON equal to the published constant', () => {
    expect(questionnaireFile()).toEqual(REVIEW_QUESTIONNAIRE);
  });

  it('is a valid FHIR R4 Questionnaire with its canonical URL and version, and unique linkIds', () => {
    expect(validateR4(REVIEW_QUESTIONNAIRE)).toEqual([]);
    expect(REVIEW_QUESTIONNAIRE.url).toBe('https://tachywatch.org/fhir/Questionnaire/tachyphylaxis-review');
    expect(REVIEW_QUESTIONNAIRE.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(REVIEW_QUESTIONNAIRE.status).toBe('active');
    const linkIds: string[] = [];
    const stack = [...(REVIEW_QUESTIONNAIRE.item ?? [])];
    while (stack.length > 0) {
      const item = stack.pop() as fhir4.QuestionnaireItem;
      linkIds.push(item.linkId);
      stack.push(...(item.item ?? []));
    }
    expect(new Set(linkIds).size).toBe(linkIds.length);
    expect(linkIds).toHaveLength(1 + 1 + 4 + 1 + 7 + 1 + 6 + 4);
  });

  it('codes every answer option in a Tachywatch CodeSystem', () => {
    const systems = new Set(Object.values(REVIEW_CODE_SYSTEMS));
    const stack = [...(REVIEW_QUESTIONNAIRE.item ?? [])];
    while (stack.length > 0) {
      const item = stack.pop() as fhir4.QuestionnaireItem;
      for (const option of item.answerOption ?? []) {
        expect(systems.has(option.valueCoding?.system as never)).toBe(true);
        expect(option.valueCoding?.system).toMatch(/^https:\/\/tachywatch\.org\/fhir\/CodeSystem\//);
      }
      stack.push(...(item.item ?? []));
    }
  });
});

describe('buildReviewQuestionnaireResponse', () => {
  it('writes a completed response that validates against FHIR R4 and the Questionnaire', () => {
    const response = buildReviewQuestionnaireResponse(INPUT, CTX);
    expect(response.status).toBe('completed');
    expect(response.questionnaire).toBe(REVIEW_QUESTIONNAIRE_CANONICAL);
    expect(response.subject).toEqual({ reference: 'Patient/p1' });
    expect(response.author).toEqual({ reference: 'Practitioner/dr-1' });
    expect(validateR4(response)).toEqual([]);
    expect(validateAgainstQuestionnaire(response, REVIEW_QUESTIONNAIRE)).toEqual([]);
  });

  it('validates for every conclusion, and with nothing but the required answers', () => {
    for (const conclusion of ['loss-of-response-likely', 'relapse-or-new-episode', 'not-now'] as const) {
      const { explainedBy: _unused, ...rest } = INPUT;
      const response = buildReviewQuestionnaireResponse({ ...rest, conclusion, plan: [] }, CTX);
      expect(validateR4(response)).toEqual([]);
      expect(validateAgainstQuestionnaire(response, REVIEW_QUESTIONNAIRE)).toEqual([]);
      expect(response.item?.some((item) => item.linkId === 'explained-by')).toBe(false);
    }
  });

  it('never writes a code the Questionnaire does not define, and caps the note', () => {
    const { explainedBy: _unused, ...rest } = INPUT;
    const response = buildReviewQuestionnaireResponse(
      { ...rest, plan: ['tms', 'order-lithium-now', 'tms'], note: 'x'.repeat(5000) },
      CTX
    );
    const plan = response.item?.find((item) => item.linkId === 'plan');
    expect(plan?.answer?.map((answer) => answer.valueCoding?.code)).toEqual(['tms']);
    const explained = response.item?.find((item) => item.linkId === 'explained-by');
    expect(explained?.answer?.[0]?.valueCoding?.code).toBe('other');
    expect(response.item?.find((item) => item.linkId === 'note')?.answer?.[0]?.valueString).toHaveLength(1000);
    expect(validateAgainstQuestionnaire(response, REVIEW_QUESTIONNAIRE)).toEqual([]);
  });
});

describe('reading documented reviews back', () => {
  const response = { ...buildReviewQuestionnaireResponse(INPUT, CTX), id: 'rev-1' };

  it('round-trips a written review through readPatientRecord', () => {
    const record = readPatientRecord([buildPatient(), response], { patientId: PATIENT_ID });
    expect(record.reviews).toEqual([
      {
        ...INPUT,
        id: 'rev-1',
        ref: 'QuestionnaireResponse/rev-1',
        authored: '2024-11-03T10:15:00Z',
        authoredDate: '2024-11-03',
        status: 'completed',
      },
    ]);
    expect(record.phq9).toEqual([]);
    expect(record.issues).toEqual([]);
  });

  it('fails closed on identity: another patient, no subject or an identifier-only subject is not read', () => {
    const other = { ...response, id: 'rev-2', subject: { reference: 'Patient/someone-else' } };
    const { subject: _subject, ...noSubject } = { ...response, id: 'rev-3' };
    const identifierOnly = { ...response, id: 'rev-4', subject: { identifier: { value: PATIENT_ID } } };
    const record = readPatientRecord([buildPatient(), other, noSubject, identifierOnly], { patientId: PATIENT_ID });
    expect(record.reviews).toEqual([]);
    expect(record.issues.map((issue) => [issue.code, issue.resourceRef])).toEqual([
      ['resource.other-patient', 'QuestionnaireResponse/rev-2'],
      ['resource.subject-unverified', 'QuestionnaireResponse/rev-3'],
      ['resource.subject-unverified', 'QuestionnaireResponse/rev-4'],
    ]);
    const direct = readDocumentedReviews([other, noSubject, response], { patientId: PATIENT_ID });
    expect(direct.reviews.map((review) => review.id)).toEqual(['rev-1']);
    expect(direct.issues).toHaveLength(2);
  });

  it('skips in-progress and entered-in-error responses, reports one without a conclusion, reads amended ones', () => {
    const draft = { ...response, id: 'd', status: 'in-progress' as const };
    const wrong = { ...response, id: 'e', status: 'entered-in-error' as const };
    const amended = { ...response, id: 'a', status: 'amended' as const, authored: '2024-12-01' };
    const noConclusion = { ...response, id: 'n', item: response.item?.filter((item) => item.linkId !== 'conclusion') };
    const { reviews, issues } = readDocumentedReviews([draft, wrong, amended, noConclusion, response], {
      patientId: PATIENT_ID,
    });
    expect(reviews.map((review) => [review.id, review.status])).toEqual([
      ['rev-1', 'completed'],
      ['a', 'amended'],
    ]);
    expect(issues.map((issue) => [issue.code, issue.resourceRef])).toEqual([
      ['review.unreadable', 'QuestionnaireResponse/n'],
    ]);
  });

  it('reads answers outside the Questionnaire as not checked / not asked, never as findings', () => {
    const tampered = {
      ...response,
      item: response.item?.map((item) =>
        item.linkId === 'external-factors'
          ? {
              ...item,
              item: item.item?.map((child) => ({
                ...child,
                answer: [{ valueCoding: { system: 'http://example.org', code: 'present' } }],
              })),
            }
          : item
      ),
    };
    const { reviews } = readDocumentedReviews([tampered], { patientId: PATIENT_ID });
    expect(reviews[0]?.externalFactors).toEqual({
      adherence: 'not-checked',
      doseChange: 'not-checked',
      interactingDrugs: 'not-checked',
      stressors: 'not-checked',
    });
  });

  it('leaves other QuestionnaireResponses (a PHQ-9) to the PHQ-9 reader', () => {
    const phq9 = {
      resourceType: 'QuestionnaireResponse',
      id: 'phq',
      questionnaire: 'http://loinc.org/q/44249-1',
      status: 'completed',
      subject: SUBJECT,
      authored: '2024-11-01',
      item: [{ linkId: '44261-6', answer: [{ valueInteger: 12 }] }],
    };
    const record = readPatientRecord([buildPatient(), phq9, response], { patientId: PATIENT_ID });
    expect(record.phq9.map((score) => score.total)).toEqual([12]);
    expect(record.reviews?.map((review) => review.id)).toEqual(['rev-1']);
    expect(readDocumentedReviews([phq9], { patientId: PATIENT_ID }).reviews).toEqual([]);
  });

  it('accepts the canonical URL without a version, and not a look-alike URL', () => {
    const unversioned = { ...response, id: 'u', questionnaire: REVIEW_QUESTIONNAIRE_URL };
    const lookAlike = { ...response, id: 'l', questionnaire: `${REVIEW_QUESTIONNAIRE_URL}-copy|1.0.0` };
    const { reviews } = readDocumentedReviews([unversioned, lookAlike], { patientId: PATIENT_ID });
    expect(reviews.map((review) => review.id)).toEqual(['u']);
  });
});

describe('validateAgainstQuestionnaire', () => {
  const valid = buildReviewQuestionnaireResponse(INPUT, CTX);

  it('finds unknown linkIds, wrong answer types, answers outside answerOption and missing required items', () => {
    const broken: fhir4.QuestionnaireResponse = {
      ...valid,
      item: [
        { linkId: 'no-such-item', answer: [{ valueString: 'x' }] },
        { linkId: 'conclusion', answer: [{ valueString: 'explained' }] },
        {
          linkId: 'plan',
          answer: [{ valueCoding: { system: REVIEW_CODE_SYSTEMS.plan, code: 'bloodletting' } }],
        },
      ],
    };
    const errors = validateAgainstQuestionnaire(broken, REVIEW_QUESTIONNAIRE);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-such-item: no item/),
        expect.stringMatching(/^conclusion: answer must be one of valueCoding/),
        expect.stringMatching(/^plan: answer is not one of/),
        expect.stringMatching(/^external-factors: required and missing/),
        expect.stringMatching(/^symptom-domains: required and missing/),
      ])
    );
  });

  it('finds an enableWhen-disabled item answered, a second answer to a single item and a wrong canonical', () => {
    const conclusion = valid.item?.find((item) => item.linkId === 'conclusion') as fhir4.QuestionnaireResponseItem;
    const notNow = {
      ...conclusion,
      answer: [
        { valueCoding: { system: REVIEW_CODE_SYSTEMS.conclusion, code: 'not-now' } },
        { valueCoding: { system: REVIEW_CODE_SYSTEMS.conclusion, code: 'explained' } },
      ],
    };
    const response: fhir4.QuestionnaireResponse = {
      ...valid,
      questionnaire: `${REVIEW_QUESTIONNAIRE_URL}|9.9.9`,
      item: valid.item?.map((item) => (item.linkId === 'conclusion' ? notNow : item)),
    };
    const errors = validateAgainstQuestionnaire(response, REVIEW_QUESTIONNAIRE);
    expect(errors).toEqual(
      expect.arrayContaining([
        'questionnaire: version 9.9.9 is not 1.0.0',
        'conclusion: several answers to a non-repeating item',
      ])
    );
    const disabled = {
      ...valid,
      item: valid.item?.map((item) =>
        item.linkId === 'conclusion'
          ? { ...item, answer: [{ valueCoding: { system: REVIEW_CODE_SYSTEMS.conclusion, code: 'not-now' } }] }
          : item
      ),
    };
    expect(validateAgainstQuestionnaire(disabled, REVIEW_QUESTIONNAIRE)).toEqual([
      'explained-by: answered while disabled by enableWhen',
    ]);
  });
});

describe('validateR4', () => {
  it('rejects what the R4 schema rejects: unknown elements, bad codes, wrong types, non-resources', () => {
    const response = buildReviewQuestionnaireResponse(INPUT, CTX);
    expect(validateR4({ ...response, status: 'done' }).join('\n')).toMatch(/\.status/);
    expect(validateR4({ ...response, reviewer: 'x' }).join('\n')).toMatch(/reviewer/);
    expect(validateR4({ ...response, authored: 'yesterday' }).join('\n')).toMatch(/\.authored/);
    expect(validateR4({ ...response, item: { linkId: 'x' } }).join('\n')).toMatch(/\.item: should be array/);
    expect(validateR4({ resourceType: 'Tachyphylaxis' })).toEqual([
      'resourceType: not an R4 resource type (Tachyphylaxis)',
    ]);
  });
});

describe('buildDraftServiceRequest', () => {
  it.each(['tms', 'psychotherapy'] as const)('builds a valid draft proposal for %s, never an order', (kind) => {
    const request = buildDraftServiceRequest(kind, {
      patientId: PATIENT_ID,
      authored: '2024-11-03T10:15:00Z',
      reasonText: 'Possible loss of response to sertraline; reviewed 3 Nov 2024',
    });
    expect(validateR4(request)).toEqual([]);
    expect(request).toMatchObject({ status: 'draft', intent: 'proposal', subject: { reference: 'Patient/p1' } });
    expect(request.code?.coding?.[0]?.code).toBe(kind === 'psychotherapy' ? '75516001' : '90868');
    expect(request.reasonCode).toEqual([{ text: 'Possible loss of response to sertraline; reviewed 3 Nov 2024' }]);
  });
});

describe('prefillReview', () => {
  it('pre-fills the external factors from the engine and leaves the rest not asked', () => {
    const gap = {
      ...RecordClassicSertralineLoss,
      medications: [
        statement('sert', 'sertraline', '2024-01-08', { dose: 100 }),
        ...dispenses('sert-fill', 'sertraline', '2024-01-08', 8, { dose: 100, daysSupply: 30 }),
      ],
      conditions: [
        condition('z56', 'psychosocial-stressor', { onset: '2024-10-15', code: 'Z56.0', display: 'Unemployment' }),
      ],
    };
    const review = prefillReview(assessPatient(gap, { now: NOW }));
    expect(review.trial).toEqual({ agentId: 'sertraline', display: 'sertraline' });
    expect(review.externalFactors.adherence).toBe('present');
    expect(review.externalFactors.stressors).toBe('present');
    expect(review.externalFactors.doseChange).toBe('absent');
    expect(Object.values(review.symptomDomains).every((answer) => answer === 'not-asked')).toBe(true);
    expect(Object.values(review.lifestyle).every((answer) => answer === 'not-asked')).toBe(true);
    expect(review).toMatchObject({ conclusion: 'not-now', plan: [] });
  });

  it('never pre-fills "absent" for stressors from a record that simply has none', () => {
    const review = prefillReview(assessPatient(RecordClassicSertralineLoss, { now: NOW }));
    expect(review.externalFactors.stressors).toBe('not-checked');
    expect(review.externalFactors.adherence).toBe('absent');
    expect(review.externalFactors.interactingDrugs).toBe('not-checked');
  });
});

describe('the drug-holiday plan option', () => {
  it('is in the plan choices with its evidence: sexual side effects only, not efficacy, not fluoxetine', () => {
    const option = REVIEW_QUESTIONNAIRE.item
      ?.find((item) => item.linkId === 'plan')
      ?.answerOption?.find((answer) => answer.valueCoding?.code === 'drug-holiday');
    expect(option?.valueCoding?.display).toBe('Drug holiday (for sexual side effects only)');
    const info = SIDE_EFFECT_OPTIONS['drug-holiday'];
    expect(info.evidence).toMatch(/no evidence that a drug holiday restores a lost antidepressant response/);
    expect(info.notForAgentIds).toEqual(['fluoxetine']);
    expect(info.cautions.join(' ')).toMatch(/discontinuation symptoms/);
    expect(info.citationIds).toContain('rothschild-1995');
    expect(getCitation('rothschild-1995').title).toContain('Am J Psychiatry 1995;152(10):1514-6');
  });
});

describe('site config flags.writeBack', () => {
  it('defaults to false and accepts only a boolean', () => {
    expect(parseSiteConfig({ schemaVersion: 1, version: 'v' }).flags.writeBack).toBe(false);
    expect(parseSiteConfig({ schemaVersion: 1, version: 'v', flags: { writeBack: true } }).flags.writeBack).toBe(true);
    expect(() => parseSiteConfig({ schemaVersion: 1, version: 'v', flags: { writeBack: 'yes' } })).toThrow(
      /flags\.writeBack/
    );
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CdsServiceResponseSchema,
  REVIEW_QUESTIONNAIRE_URL,
  buildReviewQuestionnaireResponse,
  type ClinicianReviewInput,
} from '@tachywatch/shared';
import { FIXTURE_ANCHOR, loadFixtureBundle } from '@tachywatch/fixtures';
import { buildTestReviewInput } from '@tachywatch/shared/testing';
import { buildFakeFhirServer } from '@tachywatch/fhir-core/msw';
import { DISCOVERY_RESPONSE } from './services/registry';
import { buildFullPrefetch, buildHookRequest, toServerResources } from './testing/fixture-requests';
import { FHIR_AUTHORIZATION, FHIR_BASE, callService, createHarness, listenMsw, type Harness } from './testing/harness';
import { startTestApp, type RunningApp } from './testing/start-app';

/**
 * The service reads the clinician's documented review (issue 14) over real HTTP: the classic sertraline loss of
 * response (a warning card without a review) reviewed two days before the anchor. Expectations are written by hand
 * from the review rules: explained → no loss card; loss likely with a plan → an information card that the plan is in
 * place; a review about another patient changes nothing.
 */

const PATIENT_VIEW = '/cds-services/tachyphylaxis-patient-view';
const SCENARIO = 'classic-ssri-tachyphylaxis';
const PATIENT_ID = `tw-${SCENARIO}`;
const REVIEWED_ON = '2026-01-13T10:40:00-05:00';

const INPUT: ClinicianReviewInput = buildTestReviewInput({
  externalFactors: { adherence: 'present', doseChange: 'absent', interactingDrugs: 'absent', stressors: 'absent' },
  conclusion: 'explained',
  explainedBy: 'non-adherence',
});

function reviewResource(
  input: ClinicianReviewInput,
  patientId = PATIENT_ID,
  id = 'review-1'
): fhir4.QuestionnaireResponse {
  return { ...buildReviewQuestionnaireResponse(input, { patientId, authored: REVIEWED_ON }), id };
}

const BASE_RESOURCES = toServerResources(loadFixtureBundle(SCENARIO, { anchor: FIXTURE_ANCHOR }));

let harness: Harness;
let service: RunningApp;

beforeAll(async () => {
  harness = await createHarness();
  listenMsw(harness.msw);
  service = await startTestApp(
    { ...harness.env(), CDS_REQUIRE_JWT: 'false' },
    { now: () => new Date(`${FIXTURE_ANCHOR}T12:00:00Z`) }
  );
});

afterEach(() => harness.msw.resetHandlers());

afterAll(async () => {
  harness.msw.close();
  await service.stop();
});

async function patientView(body: Record<string, unknown>) {
  const response = await callService(service.baseUrl, PATIENT_VIEW, { body });
  expect(response.status, response.text).toBe(200);
  return CdsServiceResponseSchema.parse(response.json).cards;
}

function topics(cards: { source: { topic?: { code?: string } }; indicator: string }[]): string[] {
  return cards.map((card) => `${card.source.topic?.code ?? ''}:${card.indicator}`);
}

describe('documented reviews in the CDS service', () => {
  it('asks for the review QuestionnaireResponses in every service prefetch, by canonical URL', () => {
    for (const definition of DISCOVERY_RESPONSE.services) {
      expect(definition.prefetch?.documentedReviews).toBe(
        `QuestionnaireResponse?patient={{context.patientId}}&questionnaire=${encodeURIComponent(
          REVIEW_QUESTIONNAIRE_URL
        )}&status=completed%2Camended&_sort=-authored&_count=50`
      );
    }
  });

  it('without a review: the warning card (the baseline)', async () => {
    const prefetch = buildFullPrefetch('tachyphylaxis-patient-view', BASE_RESOURCES, PATIENT_ID);
    const cards = await patientView(buildHookRequest('patient-view', PATIENT_ID, { prefetch }));
    expect(topics(cards)).toEqual(['antidepressant-tachyphylaxis:warning']);
  });

  it('prefetch: a review explaining the worsening by non-adherence silences the loss card', async () => {
    const resources = [...BASE_RESOURCES, reviewResource(INPUT)];
    const prefetch = buildFullPrefetch('tachyphylaxis-patient-view', resources, PATIENT_ID);
    expect(JSON.stringify(prefetch.documentedReviews)).toContain('review-1');
    const cards = await patientView(buildHookRequest('patient-view', PATIENT_ID, { prefetch }));
    expect(cards).toEqual([]);
  });

  it('prefetch: loss likely with a plan gives an information card that the plan is in place since the review', async () => {
    const plan = { ...INPUT, conclusion: 'loss-of-response-likely' as const, plan: ['augmentation'] };
    const { explainedBy: _unused, ...input } = plan;
    const prefetch = buildFullPrefetch(
      'tachyphylaxis-patient-view',
      [...BASE_RESOURCES, reviewResource(input)],
      PATIENT_ID
    );
    const cards = await patientView(buildHookRequest('patient-view', PATIENT_ID, { prefetch }));
    expect(topics(cards)).toEqual(['antidepressant-loss-plan-in-place:info']);
    expect(cards[0]?.summary).toBe(
      'Loss of response to sertraline 100 mg/day documented 13 Jan 2026; plan in place since then (augmentation)'
    );
    expect(cards[0]?.detail).toContain('**Clinician review:** Reviewed on 13 Jan 2026, loss of response likely');
  });

  it('prefetch: a review about another patient is ignored (identity fails closed)', async () => {
    const prefetch = buildFullPrefetch('tachyphylaxis-patient-view', BASE_RESOURCES, PATIENT_ID);
    const foreign = reviewResource(INPUT, 'someone-else', 'review-foreign');
    const body = buildHookRequest('patient-view', PATIENT_ID, {
      prefetch: {
        ...prefetch,
        documentedReviews: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: foreign }] },
      },
    });
    expect(topics(await patientView(body))).toEqual(['antidepressant-tachyphylaxis:warning']);
  });

  it('FHIR fallback: the service searches the reviews by questionnaire and patient and applies them', async () => {
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: [...BASE_RESOURCES, reviewResource(INPUT)] });
    harness.msw.use(...fake.handlers);
    const cards = await patientView(
      buildHookRequest('patient-view', PATIENT_ID, { fhirServer: FHIR_BASE, fhirAuthorization: FHIR_AUTHORIZATION })
    );
    expect(cards).toEqual([]);
    const reviewSearch = fake.requests
      .map((request) => request.url)
      .find((url) => url.searchParams.has('questionnaire'));
    expect(reviewSearch?.pathname).toBe('/r4/QuestionnaireResponse');
    expect(reviewSearch?.searchParams.get('questionnaire')).toBe(REVIEW_QUESTIONNAIRE_URL);
    expect(reviewSearch?.searchParams.get('patient')).toBe(PATIENT_ID);
  });

  it('prefetch from an EHR that predates the reviews key: the service fetches the reviews itself', async () => {
    const resources = [...BASE_RESOURCES, reviewResource(INPUT)];
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources });
    harness.msw.use(...fake.handlers);
    const { documentedReviews: _omitted, ...prefetch } = buildFullPrefetch(
      'tachyphylaxis-patient-view',
      resources.filter((resource) => resource.id !== 'review-1'),
      PATIENT_ID
    );
    const cards = await patientView(
      buildHookRequest('patient-view', PATIENT_ID, {
        prefetch,
        fhirServer: FHIR_BASE,
        fhirAuthorization: FHIR_AUTHORIZATION,
      })
    );
    expect(cards).toEqual([]);
    expect(fake.requests.map((request) => request.url.searchParams.get('questionnaire'))).toEqual([
      REVIEW_QUESTIONNAIRE_URL,
    ]);
  });
});

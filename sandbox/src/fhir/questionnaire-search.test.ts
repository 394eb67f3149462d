import { describe, expect, it } from 'vitest';
import {
  REVIEW_QUESTIONNAIRE_URL,
  buildReviewQuestionnaireResponse,
  type ClinicianReviewInput,
} from '@tachywatch/shared';
import { executeSearch } from './search';
import { parseSearchRequest } from './search-request';
import { ResourceStore } from './store';

/**
 * `QuestionnaireResponse?questionnaire=` with canonical semantics (FHIR R4 §3.1.0.6 canonical references): the URL
 * alone matches every version, `url|version` only that version. The CDS service searches its reviews by URL alone.
 */
function storeWithResponses(): ResourceStore {
  const store = new ResourceStore(() => new Date('2026-01-15T12:00:00Z'));
  const input: ClinicianReviewInput = {
    externalFactors: { adherence: 'present', doseChange: 'absent', interactingDrugs: 'absent', stressors: 'absent' },
    symptomDomains: {
      energy: 'not-asked',
      motivation: 'not-asked',
      cognition: 'not-asked',
      sleep: 'not-asked',
      weight: 'not-asked',
      'sexual-function': 'not-asked',
      'emotional-blunting': 'not-asked',
    },
    lifestyle: {
      sleep: 'not-asked',
      stress: 'not-asked',
      'alcohol-substances': 'not-asked',
      nutrition: 'not-asked',
      movement: 'not-asked',
      support: 'not-asked',
    },
    conclusion: 'explained',
    explainedBy: 'non-adherence',
    plan: [],
  };
  const review = buildReviewQuestionnaireResponse(input, { patientId: 'p1', authored: '2026-01-10T10:00:00Z' });
  const put = (id: string, questionnaire: string): void => {
    const response: fhir4.QuestionnaireResponse & { id: string } = { ...review, id, questionnaire };
    store.put(response);
  };
  put('versioned', `${REVIEW_QUESTIONNAIRE_URL}|1.0.0`);
  put('unversioned', REVIEW_QUESTIONNAIRE_URL);
  put('other-version', `${REVIEW_QUESTIONNAIRE_URL}|2.0.0`);
  put('phq9', 'http://loinc.org/q/44249-1');
  return store;
}

function ids(query: string): string[] {
  const pairs = [...new URLSearchParams(query)].map(([name, value]) => [name, value] as const);
  const result = executeSearch(storeWithResponses(), parseSearchRequest('QuestionnaireResponse', pairs));
  return result.matches.map((resource) => resource.id ?? '').sort();
}

describe('QuestionnaireResponse search by questionnaire (canonical)', () => {
  it('matches every version for the URL alone, and nothing else', () => {
    expect(ids(`patient=p1&questionnaire=${encodeURIComponent(REVIEW_QUESTIONNAIRE_URL)}`)).toEqual([
      'other-version',
      'unversioned',
      'versioned',
    ]);
  });

  it('matches one version for url|version', () => {
    expect(ids(`questionnaire=${encodeURIComponent(`${REVIEW_QUESTIONNAIRE_URL}|1.0.0`)}`)).toEqual(['versioned']);
  });

  it('still finds a PHQ-9 response by its own canonical', () => {
    expect(ids('questionnaire=http://loinc.org/q/44249-1')).toEqual(['phq9']);
  });
});

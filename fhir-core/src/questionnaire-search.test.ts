import { describe, expect, it } from 'vitest';
import { executeSearch } from './search';
import { parseSearchRequest } from './search-request';
import { ResourceStore } from './store';

/**
 * `QuestionnaireResponse?questionnaire=` with canonical semantics (FHIR R4 canonical references): the URL alone matches
 * every version, `url|version` only that version. The CDS service searches Tachywatch's documented reviews by URL alone.
 */
const REVIEW_URL = 'https://tachywatch.org/fhir/Questionnaire/tachyphylaxis-review';

function storeWithResponses(): ResourceStore {
  const store = new ResourceStore(() => new Date('2026-01-15T12:00:00Z'));
  const put = (id: string, questionnaire: string): void => {
    const response: fhir4.QuestionnaireResponse & { id: string } = {
      resourceType: 'QuestionnaireResponse',
      id,
      questionnaire,
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      authored: '2026-01-10T10:00:00Z',
    };
    store.put(response);
  };
  put('versioned', `${REVIEW_URL}|1.0.0`);
  put('unversioned', REVIEW_URL);
  put('other-version', `${REVIEW_URL}|2.0.0`);
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
    expect(ids(`patient=p1&questionnaire=${encodeURIComponent(REVIEW_URL)}`)).toEqual([
      'other-version',
      'unversioned',
      'versioned',
    ]);
  });

  it('matches one version for url|version', () => {
    expect(ids(`questionnaire=${encodeURIComponent(`${REVIEW_URL}|1.0.0`)}`)).toEqual(['versioned']);
  });

  it('still finds a PHQ-9 response by its own canonical', () => {
    expect(ids('questionnaire=http://loinc.org/q/44249-1')).toEqual(['phq9']);
  });
});

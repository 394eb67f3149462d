import { prefillReview } from '../review/prefill';
import type { ClinicianReviewInput } from '../review/types';
import { buildTestAssessment } from './assessments';

/** The parts of a review a test states; each group of answers is merged over the blank form's. */
export type TestReviewParts = Partial<
  Omit<ClinicianReviewInput, 'externalFactors' | 'symptomDomains' | 'lifestyle'>
> & {
  readonly externalFactors?: Partial<ClinicianReviewInput['externalFactors']>;
  readonly symptomDomains?: Partial<ClinicianReviewInput['symptomDomains']>;
  readonly lifestyle?: Partial<ClinicianReviewInput['lifestyle']>;
};

/**
 * A clinician's review for tests: the form as `prefillReview` opens it with nothing found (every check not checked,
 * every question not asked, nothing concluded, no plan), for sertraline, with the given parts replaced.
 */
export function buildTestReviewInput(parts: TestReviewParts = {}): ClinicianReviewInput {
  const blank = prefillReview(buildTestAssessment());
  return {
    ...blank,
    trial: { agentId: 'sertraline', display: 'sertraline' },
    ...parts,
    externalFactors: { ...blank.externalFactors, ...parts.externalFactors },
    symptomDomains: { ...blank.symptomDomains, ...parts.symptomDomains },
    lifestyle: { ...blank.lifestyle, ...parts.lifestyle },
  };
}

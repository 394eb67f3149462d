import type { Assessment, TachyphylaxisFinding } from '../domain/assessment';

/**
 * Named Assessments for tests of the layers above the analysis (cards, the service, the app): complete values built
 * by hand, so a test states only the parts it is about. Test code only (`@tachywatch/shared/testing`).
 */

/** A tachyphylaxis finding of nothing found. */
export const NO_FINDING: TachyphylaxisFinding = {
  status: 'none',
  confounders: [],
  priorLossesOfResponse: [],
  evidence: [],
  citationIds: [],
};

/** A complete Assessment with nothing found (no trials, no PHQ-9, no flags), with the given parts replaced. */
export function buildTestAssessment(parts: Partial<Assessment> = {}): Assessment {
  return {
    knowledgeVersion: 'test-1',
    asOf: '2026-01-15',
    patient: {},
    phq9: [],
    trials: [],
    tachyphylaxis: NO_FINDING,
    safety: [],
    treatmentResistance: {
      adequateFailedTrialIds: [],
      meetsTrdDefinition: false,
      thaseRush: { value: 0, missing: [] },
      maudsley: { value: { score: 0, band: 'mild' }, missing: [] },
      mghS: { value: 0, missing: [] },
      citationIds: [],
    },
    options: [],
    interventions: [],
    issues: [],
    ...parts,
  };
}

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

/** A `possible` finding on sertraline 100 mg/day, PHQ-9 4 → 14, for card and suppression tests, with the given
 * parts replaced. */
export function buildPossibleFinding(parts: Partial<TachyphylaxisFinding> = {}): TachyphylaxisFinding {
  return {
    status: 'possible',
    trialId: 'sertraline:2025-01-01',
    agentId: 'sertraline',
    drugName: 'sertraline',
    drugClass: 'SSRI',
    dailyDoseMg: 100,
    baseline: { date: '2025-01-02', total: 19 },
    response: { date: '2025-03-01', total: 8 },
    nadir: { date: '2025-05-01', total: 4 },
    worsening: { date: '2025-11-01', total: 13 },
    confirmation: { date: '2025-11-20', total: 14 },
    daysOnStableDose: 280,
    timing: 'recurrence-type',
    confounders: [
      {
        id: 'adherence-gap',
        state: 'absent',
        label: 'Refill gaps / non-adherence',
        evidence: 'PDC 96 % over the 90 days before worsening',
        whatToCheck: 'Ask about missed doses',
        refs: [],
        citationIds: ['pqa-pdc'],
      },
      {
        id: 'hypothyroidism',
        state: 'unknown',
        label: 'Hypothyroidism',
        evidence: 'No TSH on record',
        whatToCheck: 'Consider TSH',
        refs: [],
        citationIds: [],
      },
    ],
    priorLossesOfResponse: [],
    evidence: ['PHQ-9 fell from 19 to 4, then rose to 13 and 14 on the same dose.'],
    episodeKey: 'sertraline:2025-01-01:2025-11-01',
    citationIds: ['targum-2014', 'kroenke-2001'],
    ...parts,
  };
}

import { describe, expect, it } from 'vitest';
import type { Assessment, TachyphylaxisFinding, Trial } from '../domain/assessment';
import {
  getDisplayedTrialOutcome,
  getPhq9ReferenceLines,
  getReviewState,
  getSuppressingConfounders,
  showsLossOfResponse,
} from './review-state';

const trial = { id: 't1', outcome: 'loss-of-response', lossAt: { date: '2025-11-01', total: 14 } } as Trial;
const finding = (status: TachyphylaxisFinding['status']): TachyphylaxisFinding => ({
  status,
  trialId: 't1',
  confounders: [
    {
      id: 'bipolar',
      state: 'present',
      label: 'Bipolar disorder recorded',
      evidence: 'F31.81',
      whatToCheck: 'Review',
      refs: [],
      citationIds: [],
    },
  ],
  priorLossesOfResponse: [],
  evidence: [],
  citationIds: [],
});

describe('review state', () => {
  it('is an empty state when the record has neither PHQ-9 scores nor antidepressant trials', () => {
    const empty = { phq9: [], trials: [], tachyphylaxis: finding('none') } as unknown as Assessment;
    expect(getReviewState(empty)).toBe('no-depression-data');
    expect(getReviewState({ ...empty, trials: [trial] })).toBe('none');
    expect(getReviewState({ ...empty, trials: [trial], tachyphylaxis: finding('emerging') })).toBe('emerging');
  });

  it('never shows a loss of response for the trial of an unconfirmed worsening', () => {
    expect(getDisplayedTrialOutcome(trial, finding('emerging'))).toBe('worsening-unconfirmed');
    expect(showsLossOfResponse(trial, finding('emerging'))).toBe(false);
    expect(getDisplayedTrialOutcome(trial, finding('possible'))).toBe('loss-of-response');
    expect(showsLossOfResponse(trial, finding('possible'))).toBe(true);
    expect(getDisplayedTrialOutcome(trial, { ...finding('emerging'), trialId: 'other' })).toBe('loss-of-response');
  });

  it('names the confounders that set the pattern aside only when it was set aside', () => {
    expect(getSuppressingConfounders(finding('suppressed')).map((c) => c.id)).toEqual(['bipolar']);
    expect(getSuppressingConfounders(finding('possible'))).toEqual([]);
  });
});

describe('PHQ-9 reference lines', () => {
  it('draws 50 % of the baseline and the nadir plus the MCID for the trial the finding is about', () => {
    const lines = getPhq9ReferenceLines({
      ...finding('possible'),
      baseline: { date: '2025-01-01', total: 19 },
      nadir: { date: '2025-05-01', total: 3 },
    });
    expect(lines.map((line) => [line.kind, line.score])).toEqual([
      ['response', 9.5],
      ['mcid', 8],
    ]);
    expect(getPhq9ReferenceLines(finding('none'))).toEqual([]);
  });
});

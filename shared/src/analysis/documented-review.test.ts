import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../domain/assessment';
import type { PatientRecord, Phq9Score } from '../domain/record';
import { buildPatientViewCards } from '../cards/patient-view-cards';
import type { CardBuildOptions } from '../cards/card-parts';
import { getCitation } from '../knowledge/citations';
import type { DocumentedReview, ReviewConclusion } from '../review/types';
import { prefillReview } from '../review/prefill';
import { assessPatient } from './assess-patient';
import { CLASSIC_PHQ9, NOW, RecordClassicSertralineLoss, phq } from './test-records';

/**
 * The classic story (sertraline 100 mg/day, remission, PHQ-9 16 on 2 Dec 2024 confirmed by 17 on 20 Dec) reviewed by
 * a clinician on 22 Dec 2024; the assessment is for 10 Jan 2025 unless a test says otherwise.
 */
const REVIEW_DAY = '2024-12-22';

const PREFILLED = prefillReview(assessPatient(RecordClassicSertralineLoss, { now: NOW }));

function review(conclusion: ReviewConclusion, extra: Partial<DocumentedReview> = {}): DocumentedReview {
  const base = PREFILLED;
  return {
    ...base,
    conclusion,
    ...(conclusion === 'explained' ? { explainedBy: 'non-adherence' as const } : {}),
    plan: [],
    id: `rev-${conclusion}`,
    ref: `QuestionnaireResponse/rev-${conclusion}`,
    authored: `${REVIEW_DAY}T09:30:00Z`,
    authoredDate: REVIEW_DAY,
    status: 'completed',
    ...extra,
  };
}

function withReviews(reviews: DocumentedReview[], scores: readonly Phq9Score[] = CLASSIC_PHQ9): PatientRecord {
  return { ...RecordClassicSertralineLoss, patient: { id: 'p1', birthDate: '1980-05-01' }, phq9: scores, reviews };
}

function cardOptions(): CardBuildOptions {
  let counter = 0;
  return {
    appLaunchUrl: 'https://app.example.org/launch.html',
    includeEmerging: false,
    newId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    getCitation,
  };
}

function cardsFor(assessment: Assessment) {
  return buildPatientViewCards(assessment, cardOptions());
}

describe('a documented review changes the next assessment and card', () => {
  it('without a review: a possible loss of response with a warning card (the baseline of these tests)', () => {
    const assessment = assessPatient(withReviews([]), { now: NOW });
    expect(assessment.tachyphylaxis.status).toBe('possible');
    expect(assessment.documentedReview).toBeUndefined();
    expect(cardsFor(assessment).map((built) => [built.kind, built.card.indicator])).toEqual([
      ['tachyphylaxis-possible', 'warning'],
    ]);
  });

  it('explained (non-adherence, 22 Dec): no loss card, and the finding itself is unchanged', () => {
    const assessment = assessPatient(withReviews([review('explained')]), { now: NOW });
    expect(assessment.tachyphylaxis.status).toBe('possible');
    expect(assessment.documentedReview).toMatchObject({
      ref: 'QuestionnaireResponse/rev-explained',
      date: REVIEW_DAY,
      conclusion: 'explained',
      explainedBy: 'non-adherence',
      effect: 'quiet',
      statement:
        'Reviewed on 2024-12-22, explained by non-adherence; no loss-of-response card until new evidence after that date.',
    });
    expect(cardsFor(assessment)).toEqual([]);
  });

  it('explained: a later PHQ-9 as high as at the review is not new evidence', () => {
    const scores = [...CLASSIC_PHQ9, phq('2025-01-06', 18)];
    const assessment = assessPatient(withReviews([review('explained')], scores), { now: NOW });
    expect(assessment.documentedReview?.effect).toBe('quiet');
    expect(cardsFor(assessment)).toEqual([]);
  });

  it('explained: a fresh worsening after a recovery since the review brings the card back, saying why', () => {
    const scores = [...CLASSIC_PHQ9, phq('2025-01-02', 4), phq('2025-01-09', 15), phq('2025-01-24', 16)];
    const assessment = assessPatient(withReviews([review('explained')], scores), { now: '2025-01-25' });
    expect(assessment.documentedReview).toMatchObject({
      effect: 'lapsed',
      lapsedBy: 'new-worsening',
      statement:
        'Reviewed on 2024-12-22 (explained by non-adherence); this worsening (2025-01-09) came after that review.',
    });
    const cards = cardsFor(assessment);
    expect(cards.map((built) => built.kind)).toEqual(['tachyphylaxis-possible']);
    expect(cards[0]?.card.detail).toContain('**Clinician review:** Reviewed on ');
    expect(cards[0]?.card.detail).toContain('this worsening (9 Jan 2025) came after that review');
  });

  it('explained: a further worsening by at least the MCID (17 → 22) is new evidence without a recovery', () => {
    const scores = [...CLASSIC_PHQ9, phq('2025-01-06', 21)];
    expect(assessPatient(withReviews([review('explained')], scores), { now: NOW }).documentedReview?.effect).toBe(
      'quiet'
    );
    const worse = [...CLASSIC_PHQ9, phq('2025-01-06', 22)];
    const assessment = assessPatient(withReviews([review('explained')], worse), { now: NOW });
    expect(assessment.documentedReview).toMatchObject({
      effect: 'lapsed',
      lapsedBy: 'new-phq9',
      newEvidence: { date: '2025-01-06', total: 22 },
      statement: 'Reviewed on 2024-12-22 (explained by non-adherence); new evidence since: PHQ-9 22 on 2025-01-06.',
    });
    expect(cardsFor(assessment).length).toBeGreaterThan(0);
  });

  it('loss of response likely with a plan: an information card that the plan is in place since the review', () => {
    const assessment = assessPatient(
      withReviews([review('loss-of-response-likely', { plan: ['augmentation', 'psychotherapy'] })]),
      { now: NOW }
    );
    expect(assessment.documentedReview).toMatchObject({
      effect: 'plan-in-place',
      statement:
        'Reviewed on 2024-12-22, loss of response likely; plan in place since then: augmentation, psychotherapy.',
    });
    const [built, ...rest] = cardsFor(assessment);
    expect(rest).toEqual([]);
    expect(built?.kind).toBe('tachyphylaxis-plan-in-place');
    expect(built?.card.indicator).toBe('info');
    expect(built?.card.summary).toBe(
      'Loss of response to sertraline 100 mg/day documented 22 Dec 2024; plan in place since then (augmentation, psychotherapy)'
    );
    expect(built?.card.source.topic?.code).toBe('antidepressant-loss-plan-in-place');
  });

  it('loss of response likely without a plan: the warning card stays and notes the review', () => {
    const assessment = assessPatient(withReviews([review('loss-of-response-likely')]), { now: NOW });
    expect(assessment.documentedReview?.effect).toBe('loss-documented');
    const [built] = cardsFor(assessment);
    expect(built?.kind).toBe('tachyphylaxis-possible');
    expect(built?.card.indicator).toBe('warning');
    expect(built?.card.detail).toContain('loss of response likely; no plan recorded.');
  });

  it('relapse or new episode: the finding is labelled as such, not as tachyphylaxis', () => {
    const assessment = assessPatient(withReviews([review('relapse-or-new-episode')]), { now: NOW });
    expect(assessment.documentedReview?.effect).toBe('relapse');
    const [built] = cardsFor(assessment);
    expect(built?.kind).toBe('tachyphylaxis-relapse');
    expect(built?.card.summary).toBe(
      'Relapse or new episode on sertraline 100 mg/day (documented 22 Dec 2024): PHQ-9 3 → 17'
    );
    expect(built?.card.summary).not.toMatch(/tachyphylaxis|loss of response/i);
    expect(built?.card.source.topic?.code).toBe('antidepressant-relapse-documented');
  });

  it('not now: quiet for 28 days after the review, then the card returns with the re-review due', () => {
    const record = withReviews([review('not-now')]);
    const during = assessPatient(record, { now: '2025-01-18' });
    expect(during.documentedReview).toMatchObject({ effect: 'quiet', recheckOn: '2025-01-19' });
    expect(cardsFor(during)).toEqual([]);
    const after = assessPatient(record, { now: '2025-01-19' });
    expect(after.documentedReview).toMatchObject({ effect: 'lapsed', lapsedBy: 'recheck-due' });
    expect(cardsFor(after).map((built) => built.kind)).toEqual(['tachyphylaxis-possible']);
  });

  it('a review from before this worsening does not hold (the worsening is new evidence)', () => {
    const earlier = review('explained', { authored: '2024-11-03T10:00:00Z', authoredDate: '2024-11-03' });
    const assessment = assessPatient(withReviews([earlier]), { now: NOW });
    expect(assessment.documentedReview).toMatchObject({ effect: 'lapsed', lapsedBy: 'new-worsening' });
    expect(cardsFor(assessment).map((built) => built.kind)).toEqual(['tachyphylaxis-possible']);
  });

  it('uses the latest review of this drug; a review of another drug or one dated after now is not applied', () => {
    const other = review('explained', { trial: { agentId: 'fluoxetine', display: 'fluoxetine' } });
    expect(assessPatient(withReviews([other]), { now: NOW }).documentedReview).toBeUndefined();
    const future = review('explained', { authored: '2025-02-01T10:00:00Z', authoredDate: '2025-02-01' });
    expect(assessPatient(withReviews([future]), { now: NOW }).documentedReview).toBeUndefined();
    const later = review('loss-of-response-likely', {
      plan: ['tms'],
      authored: '2024-12-28T10:00:00Z',
      authoredDate: '2024-12-28',
    });
    const assessment = assessPatient(withReviews([later, review('explained')]), { now: NOW });
    expect(assessment.documentedReview).toMatchObject({
      conclusion: 'loss-of-response-likely',
      effect: 'plan-in-place',
    });
  });

  it('a positive item 9 after the review lifts it, and its critical card always comes first', () => {
    const scores = [...CLASSIC_PHQ9, phq('2025-01-06', 17, 1)];
    const assessment = assessPatient(withReviews([review('explained')], scores), { now: NOW });
    expect(assessment.documentedReview).toMatchObject({ effect: 'lapsed', lapsedBy: 'item9' });
    const kinds = cardsFor(assessment).map((built) => built.kind);
    expect(kinds[0]).toBe('safety-phq9-item9-positive');
    expect(kinds).toContain('tachyphylaxis-possible');
  });
});

describe('property: no documented review ever hides a positive PHQ-9 item 9', () => {
  const conclusionArb = fc.constantFrom<ReviewConclusion>(
    'explained',
    'loss-of-response-likely',
    'relapse-or-new-episode',
    'not-now'
  );
  const reviewArb = fc.record({
    conclusion: conclusionArb,
    day: fc.integer({ min: -400, max: 60 }),
    plan: fc.subarray(['dose-optimisation', 'augmentation', 'tms', 'psychotherapy', 'drug-holiday']),
    agent: fc.constantFrom(undefined, 'sertraline', 'fluoxetine'),
  });

  it('the item-9 flag and its critical card are the same with and without any reviews', () => {
    fc.assert(
      fc.property(
        fc.array(reviewArb, { maxLength: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: -25, max: 0 }),
        fc.integer({ min: 0, max: 27 }),
        (reviews, item9, item9Day, total) => {
          const item9Date = new Date(Date.UTC(2025, 0, 10 + item9Day)).toISOString().slice(0, 10);
          const scores = [...CLASSIC_PHQ9, phq(item9Date, total, item9)].sort((a, b) => a.date.localeCompare(b.date));
          const documented = reviews.map((r, index) => {
            const date = new Date(Date.UTC(2025, 0, 10 + r.day)).toISOString().slice(0, 10);
            return review(r.conclusion, {
              id: `r${index}`,
              authored: `${date}T12:00:00Z`,
              authoredDate: date,
              plan: r.plan,
              ...(r.agent === undefined ? {} : { trial: { agentId: r.agent, display: r.agent } }),
            });
          });
          const without = assessPatient(withReviews([], scores), { now: NOW });
          const withReview = assessPatient(withReviews(documented, scores), { now: NOW });
          const flag = (a: Assessment) => a.safety.find((f) => f.id === 'phq9-item9-positive');
          expect(flag(without)).toBeDefined();
          expect(flag(withReview)).toEqual(flag(without));
          const cards = cardsFor(withReview);
          expect(cards[0]?.kind).toBe('safety-phq9-item9-positive');
          expect(cards[0]?.card.indicator).toBe('critical');
          expect(cards[0]?.card).toEqual(cardsFor(without)[0]?.card);
        }
      ),
      { numRuns: 150 }
    );
  }, 60_000);
});

import type {
  DocumentedReviewStatus,
  Phq9Point,
  SafetyFlag,
  ScoreAt,
  TachyphylaxisFinding,
} from '../domain/assessment';
import { addDays } from '../domain/dates';
import type { DocumentedReview } from '../review/types';
import { REVIEW_RULES } from '../knowledge/review-rules';
import { describeReviewCode, describeReviewPlan, REVIEW_EXPLANATION_OPTIONS } from '../review/questionnaire';
import type { AnalysisContext } from './context';
import { isLossScore, toScoreAt } from './phq9-series';

function describeConclusion(review: DocumentedReview): string {
  switch (review.conclusion) {
    case 'explained':
      return `explained by ${describeReviewCode(REVIEW_EXPLANATION_OPTIONS, review.explainedBy ?? 'other')}`;
    case 'loss-of-response-likely':
      return 'loss of response likely';
    case 'relapse-or-new-episode':
      return 'relapse or new episode';
    case 'not-now':
      return 'not now';
  }
}

/** The latest review of the finding's drug (or of no named drug) documented by `asOf`. */
function findLatestReview(
  reviews: readonly DocumentedReview[],
  finding: TachyphylaxisFinding,
  asOf: string
): (DocumentedReview & { authoredDate: string }) | undefined {
  let latest: (DocumentedReview & { authoredDate: string }) | undefined;
  for (const review of reviews) {
    const date = review.authoredDate;
    if (date === undefined || date > asOf) continue;
    if (review.trial !== undefined && review.trial.agentId !== finding.agentId) continue;
    if (
      latest === undefined ||
      date > latest.authoredDate ||
      (date === latest.authoredDate && review.authored >= latest.authored)
    ) {
      latest = { ...review, authoredDate: date };
    }
  }
  return latest;
}

/**
 * New evidence after the review (see `knowledge/review-rules.ts`): the first PHQ-9 after `date` that meets the loss
 * criteria and is a fresh worsening (a score after the review did not meet them) or at least the MCID above the
 * last score the review saw.
 */
function findNewEvidence(
  points: readonly Phq9Point[],
  finding: TachyphylaxisFinding,
  date: string,
  ctx: AnalysisContext
): ScoreAt | undefined {
  const { nadir, baseline } = finding;
  if (nadir === undefined || baseline === undefined) return undefined;
  let seen: Phq9Point | undefined;
  let recovered = false;
  for (const point of points) {
    if (point.date > ctx.asOf) break;
    if (point.date <= date) {
      seen = point;
      continue;
    }
    if (!isLossScore(point.total, nadir.total, baseline.total, ctx.t)) {
      recovered = true;
      continue;
    }
    if (recovered || seen === undefined || point.total >= seen.total + ctx.t.mcid) return toScoreAt(point);
  }
  return undefined;
}

/**
 * The latest documented review that bears on the finding, and its effect per `REVIEW_RULES`. Undefined when there is
 * no worsening to review or no review of this drug. A review from before the worsening, one overtaken by new
 * evidence, a positive item 9 after it, or a deferral past its re-review date has lapsed: the finding shows as if
 * unreviewed, with a line saying so. Safety flags are read, never changed.
 */
export function assessDocumentedReview(
  reviews: readonly DocumentedReview[],
  finding: TachyphylaxisFinding,
  points: readonly Phq9Point[],
  safety: readonly SafetyFlag[],
  ctx: AnalysisContext
): DocumentedReviewStatus | undefined {
  const worsening = finding.worsening;
  if (worsening === undefined || reviews.length === 0) return undefined;
  const review = findLatestReview(reviews, finding, ctx.asOf);
  if (review === undefined) return undefined;
  const date = review.authoredDate;
  const rule = REVIEW_RULES[review.conclusion];
  const conclusion = describeConclusion(review);
  const base = {
    ...(review.ref === undefined ? {} : { ref: review.ref }),
    authored: review.authored,
    date,
    conclusion: review.conclusion,
    ...(review.explainedBy === undefined ? {} : { explainedBy: review.explainedBy }),
    plan: review.plan,
    citationIds: rule.citationIds,
  };
  const lapsed = (
    lapsedBy: NonNullable<DocumentedReviewStatus['lapsedBy']>,
    why: string,
    newEvidence?: ScoreAt
  ): DocumentedReviewStatus => ({
    ...base,
    effect: 'lapsed' as const,
    lapsedBy,
    ...(newEvidence ? { newEvidence } : {}),
    statement: `Reviewed on ${date} (${conclusion}); ${why}.`,
  });
  if (date < worsening.date) {
    return lapsed('new-worsening', `this worsening (${worsening.date}) came after that review`);
  }
  const item9 = safety.find((flag) => flag.id === 'phq9-item9-positive' && flag.date !== undefined && flag.date > date);
  if (item9?.date !== undefined) {
    return lapsed('item9', `a positive PHQ-9 item 9 since, on ${item9.date}`);
  }
  const newEvidence = findNewEvidence(points, finding, date, ctx);
  if (newEvidence) {
    return lapsed('new-phq9', `new evidence since: PHQ-9 ${newEvidence.total} on ${newEvidence.date}`, newEvidence);
  }
  const recheckOn = rule.recheckAfterDays === undefined ? undefined : addDays(date, rule.recheckAfterDays);
  if (recheckOn !== undefined && ctx.asOf >= recheckOn) {
    return { ...lapsed('recheck-due', `re-review due since ${recheckOn}`), recheckOn };
  }
  const effect = review.plan.length === 0 && rule.effectWithoutPlan ? rule.effectWithoutPlan : rule.effect;
  const plan = describeReviewPlan(review.plan);
  const statements: Record<typeof effect, string> = {
    quiet:
      recheckOn === undefined
        ? `Reviewed on ${date}, ${conclusion}; no loss-of-response card until new evidence after that date.`
        : `Reviewed on ${date}, ${conclusion}; re-review due on ${recheckOn}.`,
    'plan-in-place': `Reviewed on ${date}, ${conclusion}; plan in place since then: ${plan}.`,
    'loss-documented': `Reviewed on ${date}, ${conclusion}; no plan recorded.`,
    relapse: `Reviewed on ${date}, ${conclusion}, not a lost drug effect${plan ? `; plan: ${plan}` : ''}.`,
  };
  return { ...base, effect, ...(recheckOn === undefined ? {} : { recheckOn }), statement: statements[effect] };
}

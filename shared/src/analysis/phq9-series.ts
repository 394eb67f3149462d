import type { Phq9Band, Phq9Point, ScoreAt } from '../domain/assessment';
import { addDays, daysBetween, isValidIsoDate, type IsoDate } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import type { Phq9Score } from '../domain/record';
import type { ThresholdValues } from './config';
import { weeksToDays } from './context';

const ITEM9_INDEX = 8;

export function getPhq9Band(total: number, t: ThresholdValues): Phq9Band {
  if (total >= t.bandSevere) {
    return 'severe';
  }
  if (total >= t.bandModeratelySevere) {
    return 'moderately-severe';
  }
  if (total >= t.bandModerate) {
    return 'moderate';
  }
  return total >= t.bandMild ? 'mild' : 'none-minimal';
}

/** Item 9 as recorded: the explicit item-9 answer, else the ninth item; absent when not a number. */
export function getItem9(score: Phq9Score): number | undefined {
  const value = score.item9 ?? score.items?.[ITEM9_INDEX];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The PHQ-9 series, oldest first: scores with an invalid date, a date after `asOf` or a total outside 0–27 are left
 * out with a data issue; exact duplicates (same day, same total) are merged.
 */
export function buildPhq9Points(
  scores: readonly Phq9Score[],
  asOf: IsoDate,
  t: ThresholdValues
): { points: Phq9Point[]; issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  const valid: Phq9Point[] = [];
  for (const score of scores) {
    const ref = score.refs[0];
    if (typeof score.date !== 'string' || !isValidIsoDate(score.date) || score.date > asOf) {
      issues.push({
        code: 'phq9.date-unusable',
        severity: 'warning',
        message: 'A PHQ-9 score has no usable date (or is dated in the future) and was left out.',
        ...(ref ? { resourceRef: ref } : {}),
      });
      continue;
    }
    if (
      typeof score.total !== 'number' ||
      !Number.isFinite(score.total) ||
      score.total < 0 ||
      score.total > t.phq9Max
    ) {
      issues.push({
        code: 'phq9.total-out-of-range',
        severity: 'warning',
        message: `A PHQ-9 total outside 0–${t.phq9Max} on ${score.date} was left out.`,
        ...(ref ? { resourceRef: ref } : {}),
      });
      continue;
    }
    const item9 = getItem9(score);
    const validItem9 = item9 !== undefined && item9 >= 0 ? Math.min(item9, t.phq9ItemMax) : undefined;
    if (item9 !== undefined && item9 !== validItem9) {
      issues.push({
        code: 'phq9.item-out-of-range',
        severity: 'warning',
        message: `PHQ-9 item 9 on ${score.date} is outside 0–${t.phq9ItemMax}.`,
        ...(ref ? { resourceRef: ref } : {}),
      });
    }
    valid.push({
      date: score.date,
      total: score.total,
      band: getPhq9Band(score.total, t),
      instrument: score.instrument,
      ...(validItem9 === undefined ? {} : { item9: validItem9 }),
      refs: score.refs,
    });
  }
  // Stable sort keeps same-day scores in input order.
  valid.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const points: Phq9Point[] = [];
  for (const point of valid) {
    const previous = points[points.length - 1];
    if (previous && previous.date === point.date && previous.total === point.total) {
      points[points.length - 1] = {
        ...previous,
        ...(previous.item9 === undefined && point.item9 !== undefined ? { item9: point.item9 } : {}),
        refs: [...new Set([...previous.refs, ...point.refs])],
      };
      continue;
    }
    points.push(point);
  }
  return { points, issues };
}

/** Index of the first point dated on or after `date` (binary search; points are sorted). */
export function lowerBound(points: readonly { readonly date: IsoDate }[], date: IsoDate): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as { date: IsoDate }).date < date) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Index of the first point dated after `date`. */
export function upperBound(points: readonly { readonly date: IsoDate }[], date: IsoDate): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as { date: IsoDate }).date <= date) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

export function toScoreAt(point: { readonly date: IsoDate; readonly total: number }): ScoreAt {
  return { date: point.date, total: point.total };
}

/** Baseline of a trial: an elevated score from −30 to +14 days of the start, the one closest to the start. */
export function findBaseline(points: readonly Phq9Point[], start: IsoDate, t: ThresholdValues): ScoreAt | undefined {
  const from = addDays(start, -t.baselineWindowBeforeStartDays);
  const to = addDays(start, t.baselineWindowAfterStartDays);
  let best: Phq9Point | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let i = lowerBound(points, from); i < points.length; i += 1) {
    const point = points[i] as Phq9Point;
    if (point.date > to) {
      break;
    }
    if (point.total < t.elevatedScore) {
      continue;
    }
    const distance = Math.abs(daysBetween(start, point.date));
    if (distance < bestDistance) {
      best = point;
      bestDistance = distance;
    }
  }
  return best ? toScoreAt(best) : undefined;
}

export function isResponseScore(total: number, baseline: number, t: ThresholdValues): boolean {
  return total <= t.responseRatio * baseline || total < t.remissionBelow;
}

/** Loss of response: ≥ nadir + MCID and no longer a response (> 50 % of baseline) or elevated again. */
export function isLossScore(total: number, nadir: number, baseline: number, t: ThresholdValues): boolean {
  return total >= nadir + t.mcid && (total > t.responseRatio * baseline || total >= t.elevatedScore);
}

export interface TrialScores {
  readonly baseline?: ScoreAt;
  readonly nadir?: ScoreAt;
  readonly responseAt?: ScoreAt;
  readonly remissionAt?: ScoreAt;
  /** The first response score of a run that ended before it was sustained, when no response was ever sustained. */
  readonly unsustainedResponseAt?: ScoreAt;
  /** A run of response scores still open at the end of the trial, not yet sustained. */
  readonly pendingResponseAt?: ScoreAt;
  /** The first loss score confirmed by a second one at least `confirmationMinDays` later. */
  readonly lossAt?: ScoreAt;
  /** A loss score with no score yet the confirmation interval after it. */
  readonly unconfirmedLossAt?: ScoreAt;
  /** Lowest score at least `responseMinWeeks` after the start. */
  readonly bestLate?: ScoreAt;
  /**
   * A partial improvement (≤ 75 % of baseline) held on two consecutive late scores, or on the last one: a single dip
   * between higher scores is not a partial response.
   */
  readonly partialHeld?: boolean;
  /** Last score in the trial at least `responseMinWeeks` after the start. */
  readonly lastLate?: ScoreAt;
}

/**
 * Baseline, nadir, response, remission and first loss of response for one trial, in one pass over its scores.
 * A response counts only when sustained (Frank 1991; ACNP task force, Rush 2006): the first qualifying score of a run
 * of qualifying scores that reaches a second one at least `confirmationMinDays` later. Remission likewise needs a
 * sustained response and a score below 5 inside it. A loss is looked for only after the response is sustained, and
 * counts once a second loss score at least the confirmation interval later confirms it.
 */
export function analyzeTrialScores(
  points: readonly Phq9Point[],
  start: IsoDate,
  endOrAsOf: IsoDate,
  t: ThresholdValues
): TrialScores {
  const baseline = findBaseline(points, start, t);
  if (!baseline) {
    return {};
  }
  const judgeFrom = addDays(start, weeksToDays(t.responseMinWeeks));
  let nadir: ScoreAt | undefined;
  let responseAt: ScoreAt | undefined;
  let remissionAt: ScoreAt | undefined;
  let lossAt: ScoreAt | undefined;
  let lossCandidate: { readonly score: ScoreAt; readonly nadir: number } | undefined;
  let bestLate: ScoreAt | undefined;
  let lastLate: ScoreAt | undefined;
  let unsustained: ScoreAt | undefined;
  let previousPartial = false;
  let partialHeld = false;
  // The current run of qualifying scores before a response is sustained, and its first score below 5.
  let runStart: ScoreAt | undefined;
  let runRemission: ScoreAt | undefined;
  let runMin = Number.POSITIVE_INFINITY;
  let runningMin = Number.POSITIVE_INFINITY;
  for (let i = upperBound(points, baseline.date); i < points.length; i += 1) {
    const point = points[i] as Phq9Point;
    if (point.date > endOrAsOf) {
      break;
    }
    if (!nadir || point.total < nadir.total) {
      nadir = toScoreAt(point);
    }
    if (point.date < judgeFrom) {
      continue;
    }
    const partial = point.total <= t.partialResponseRatio * baseline.total;
    if (partial && previousPartial) {
      partialHeld = true;
    }
    previousPartial = partial;
    lastLate = toScoreAt(point);
    if (!bestLate || point.total < bestLate.total) {
      bestLate = lastLate;
    }
    if (responseAt) {
      if (!lossAt && lossCandidate && daysBetween(lossCandidate.score.date, point.date) >= t.confirmationMinDays) {
        // The first score at least the confirmation interval later confirms the loss or shows it resolved.
        if (isLossScore(point.total, lossCandidate.nadir, baseline.total, t)) {
          lossAt = lossCandidate.score;
        } else {
          lossCandidate = undefined;
        }
      } else if (!lossAt && !lossCandidate && isLossScore(point.total, runningMin, baseline.total, t)) {
        lossCandidate = { score: toScoreAt(point), nadir: runningMin };
      }
      if (!remissionAt && point.total < t.remissionBelow) {
        remissionAt = toScoreAt(point);
      }
      runningMin = Math.min(runningMin, point.total);
      continue;
    }
    if (!isResponseScore(point.total, baseline.total, t)) {
      unsustained = unsustained ?? runStart;
      runStart = undefined;
      runRemission = undefined;
      runMin = Number.POSITIVE_INFINITY;
      continue;
    }
    runStart = runStart ?? toScoreAt(point);
    if (!runRemission && point.total < t.remissionBelow) {
      runRemission = toScoreAt(point);
    }
    runMin = Math.min(runMin, point.total);
    if (daysBetween(runStart.date, point.date) >= t.confirmationMinDays) {
      responseAt = runStart;
      remissionAt = runRemission;
      runningMin = runMin;
    }
  }
  const pending = responseAt ? undefined : runStart;
  return {
    baseline,
    nadir,
    responseAt,
    remissionAt,
    ...(!responseAt && unsustained ? { unsustainedResponseAt: unsustained } : {}),
    ...(pending ? { pendingResponseAt: pending } : {}),
    lossAt,
    ...(!lossAt && lossCandidate ? { unconfirmedLossAt: lossCandidate.score } : {}),
    bestLate,
    lastLate,
    partialHeld: partialHeld || previousPartial,
  };
}

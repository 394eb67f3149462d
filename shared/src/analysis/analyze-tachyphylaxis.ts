import type {
  Confounder,
  Phq9Point,
  PriorLossOfResponse,
  ScoreAt,
  TachyphylaxisFinding,
  TachyphylaxisStatus,
  Trial,
} from '../domain/assessment';
import { addDays, daysBetween } from '../domain/dates';
import type { PatientRecord } from '../domain/record';
import type { CitationId } from '../knowledge/citation-ids';
import { getSegmentOn, type TrialCore } from './build-trials';
import { analyzeConfounders } from './confounders';
import { weeksToDays, DAYS_PER_WEEK, type AnalysisContext } from './context';
import { formatDose, formatScore, formatWeeks } from './format';
import type { MedicationIntervals } from './medication-intervals';
import { isLossScore, lowerBound, toScoreAt, upperBound } from './phq9-series';

export const TACHYPHYLAXIS_CITATIONS: readonly CitationId[] = [
  'targum-2014',
  'solomon-2005',
  'kinrys-2019',
  'lowe-2004',
  'rush-2006-acnp',
  'tachywatch-design',
];

export interface TachyphylaxisInput {
  readonly record: PatientRecord;
  readonly trials: readonly Trial[];
  readonly cores: readonly TrialCore[];
  readonly points: readonly Phq9Point[];
  readonly intervals: MedicationIntervals;
}

interface WorseningSearch {
  readonly worsening?: ScoreAt;
  readonly nadir?: ScoreAt;
  readonly confirmation?: ScoreAt;
  /** A worsening whose next score ≥ the confirmation interval later no longer met the loss criteria. */
  readonly resolved?: { readonly worsening: ScoreAt; readonly by: ScoreAt };
  readonly lastAfterResponse?: ScoreAt;
}

const STATUS_RANK: Readonly<Record<TachyphylaxisStatus, number>> = { none: 0, suppressed: 1, emerging: 2, possible: 3 };

/**
 * Walks the scores after the response: the running nadir, the first score meeting the loss criteria ≥ 8 weeks after
 * the response, and the first score at least 14 days after it (which confirms the loss or shows it resolved, in which
 * case the search goes on for a later worsening).
 */
export function findWorsening(
  points: readonly Phq9Point[],
  response: ScoreAt,
  baseline: ScoreAt,
  endOrAsOf: string,
  ctx: AnalysisContext
): WorseningSearch {
  const t = ctx.t;
  const maintenanceFrom = addDays(response.date, weeksToDays(t.maintenanceMinWeeks));
  const end = upperBound(points, endOrAsOf);
  let nadir: ScoreAt = response;
  let resolved: WorseningSearch['resolved'];
  let lastAfterResponse: ScoreAt | undefined;
  let i = upperBound(points, response.date);
  while (i < end) {
    const point = points[i] as Phq9Point;
    lastAfterResponse = toScoreAt(point);
    if (point.date < maintenanceFrom || !isLossScore(point.total, nadir.total, baseline.total, t)) {
      if (point.total < nadir.total) {
        nadir = toScoreAt(point);
      }
      i += 1;
      continue;
    }
    const worsening = toScoreAt(point);
    const j = lowerBound(points, addDays(point.date, t.confirmationMinDays));
    if (j >= end) {
      const last = points[end - 1];
      return { worsening, nadir, ...(last ? { lastAfterResponse: toScoreAt(last) } : {}) };
    }
    const next = points[j] as Phq9Point;
    if (isLossScore(next.total, nadir.total, baseline.total, t)) {
      return {
        worsening,
        nadir,
        confirmation: toScoreAt(next),
        lastAfterResponse: toScoreAt(points[end - 1] as Phq9Point),
      };
    }
    resolved = { worsening, by: toScoreAt(next) };
    for (let k = i + 1; k <= j; k += 1) {
      const between = points[k] as Phq9Point;
      if (between.total < nadir.total) {
        nadir = toScoreAt(between);
      }
    }
    i = j + 1;
    lastAfterResponse = toScoreAt(next);
  }
  return { ...(resolved ? { resolved } : {}), ...(lastAfterResponse ? { lastAfterResponse } : {}) };
}

function none(reason: string, trial?: Trial): TachyphylaxisFinding {
  return {
    status: 'none',
    ...(trial ? { trialId: trial.id, agentId: trial.agentId, drugName: trial.name, drugClass: trial.drugClass } : {}),
    confounders: [],
    priorLossesOfResponse: [],
    evidence: [],
    reason,
    citationIds: TACHYPHYLAXIS_CITATIONS,
  };
}

function getPriorLosses(trials: readonly Trial[], current: Trial): PriorLossOfResponse[] {
  const losses: PriorLossOfResponse[] = [];
  for (const trial of trials) {
    if (
      trial.id !== current.id &&
      trial.start < current.start &&
      trial.outcome === 'loss-of-response' &&
      trial.lossAt
    ) {
      losses.push({
        trialId: trial.id,
        agentId: trial.agentId,
        name: trial.name,
        drugClass: trial.drugClass,
        lossAt: trial.lossAt,
      });
    }
  }
  return losses;
}

function describeNoWorsening(search: WorseningSearch, trial: Trial, response: ScoreAt): string {
  if (search.resolved) {
    return `A worsening on ${search.resolved.worsening.date} was not sustained: PHQ-9 ${formatScore(search.resolved.by)}.`;
  }
  if (!search.lastAfterResponse) {
    return `No PHQ-9 after the response to ${trial.name} on ${response.date}.`;
  }
  return `Response to ${trial.name} sustained: latest PHQ-9 ${formatScore(search.lastAfterResponse)}.`;
}

/** Evaluates one antidepressant trial; the caller picks the most significant finding among current trials. */
export function analyzeTrialTachyphylaxis(
  trial: Trial,
  core: TrialCore,
  input: TachyphylaxisInput,
  ctx: AnalysisContext
): TachyphylaxisFinding {
  const t = ctx.t;
  if (!trial.baseline) {
    return none(
      `No baseline PHQ-9 of ${t.elevatedScore} or more from ${t.baselineWindowBeforeStartDays} days before to ${t.baselineWindowAfterStartDays} days after starting ${trial.name}.`,
      trial
    );
  }
  if (!trial.responseAt) {
    const why =
      trial.outcome === 'too-early'
        ? `Too early to judge a response to ${trial.name}.`
        : `${trial.name} never produced a response (baseline PHQ-9 ${formatScore(trial.baseline)}).`;
    return none(why, trial);
  }
  const endOrAsOf = trial.end ?? ctx.asOf;
  const search = findWorsening(input.points, trial.responseAt, trial.baseline, endOrAsOf, ctx);
  const base = { trialId: trial.id, agentId: trial.agentId, drugName: trial.name, drugClass: trial.drugClass };
  if (!search.worsening || !search.nadir) {
    return {
      ...none(describeNoWorsening(search, trial, trial.responseAt)),
      ...base,
      baseline: trial.baseline,
      response: trial.responseAt,
    };
  }
  const worsening = search.worsening;
  const nadir = search.nadir;
  const confounders = analyzeConfounders(
    { record: input.record, trial: core, nadir, worsening, intervals: input.intervals },
    ctx
  );
  const segmentAtWorsening = getSegmentOn(trial.doseSegments, worsening.date);
  const dose = segmentAtWorsening?.dailyDoseMg;
  const doseAtNadir = getSegmentOn(trial.doseSegments, nadir.date)?.dailyDoseMg;
  const evidence: string[] = [
    `Baseline PHQ-9 ${formatScore(trial.baseline)}; ${trial.name} started ${trial.start}.`,
    `PHQ-9 fell from ${formatScore(trial.baseline)} to ${formatScore(nadir)} on ${trial.name} ${formatDose(doseAtNadir)}.`,
    `PHQ-9 rose to ${formatScore(worsening)}, ${formatWeeks(daysBetween(trial.responseAt.date, worsening.date), DAYS_PER_WEEK)} after the response, on ${formatDose(dose)}${
      segmentAtWorsening && dose !== undefined ? ` (unchanged since ${segmentAtWorsening.start})` : ''
    }.`,
  ];
  if (search.confirmation) {
    evidence.push(
      `Confirmed by PHQ-9 ${formatScore(search.confirmation)}, ${daysBetween(worsening.date, search.confirmation.date)} days later.`
    );
  } else {
    evidence.push(`Not yet confirmed: repeat the PHQ-9 on or after ${addDays(worsening.date, t.confirmationMinDays)}.`);
  }
  const increase = trial.doseSegments.find(
    (s) => s.start > worsening.date && s.dailyDoseMg !== undefined && dose !== undefined && s.dailyDoseMg > dose
  );
  if (increase) {
    evidence.push(
      `Dose increased to ${formatDose(increase.dailyDoseMg)} on ${increase.start} after the worsening: already being optimised.`
    );
  }
  const latestItem9 = input.points.length > 0 ? input.points[input.points.length - 1]?.item9 : undefined;
  if (latestItem9 !== undefined && latestItem9 >= t.item9Positive) {
    evidence.push(
      'PHQ-9 item 9 is positive on the latest score: assess suicide risk today, do not wait for a confirming score.'
    );
  }
  const priorLossesOfResponse = getPriorLosses(input.trials, trial);
  for (const loss of priorLossesOfResponse) {
    const relation =
      loss.agentId === trial.agentId
        ? 'same drug'
        : loss.drugClass === trial.drugClass
          ? `same class (${loss.drugClass})`
          : loss.drugClass;
    evidence.push(`Earlier loss of response on ${loss.name} (${loss.lossAt.date}), ${relation}.`);
  }
  const timing =
    trial.remissionAt && daysBetween(trial.remissionAt.date, worsening.date) >= t.recoveryMonthsDays
      ? 'recurrence-type'
      : 'relapse-type';
  const status = getStatus(confounders, search.confirmation !== undefined);
  return {
    status,
    ...base,
    ...(dose === undefined ? {} : { dailyDoseMg: dose }),
    baseline: trial.baseline,
    response: trial.responseAt,
    nadir,
    worsening,
    ...(search.confirmation ? { confirmation: search.confirmation } : {}),
    ...(segmentAtWorsening ? { daysOnStableDose: daysBetween(segmentAtWorsening.start, worsening.date) } : {}),
    timing,
    confounders,
    priorLossesOfResponse,
    evidence,
    ...(status === 'suppressed'
      ? {
          reason:
            'A bipolar or psychotic disorder is recorded: reconsider the diagnosis before calling this tachyphylaxis.',
        }
      : {}),
    episodeKey: `${trial.id}:${worsening.date}`,
    citationIds: TACHYPHYLAXIS_CITATIONS,
  };
}

function getStatus(confounders: readonly Confounder[], confirmed: boolean): TachyphylaxisStatus {
  const suppress = confounders.some((c) => (c.id === 'bipolar' || c.id === 'psychotic') && c.state === 'present');
  if (suppress) {
    return 'suppressed';
  }
  return confirmed ? 'possible' : 'emerging';
}

/**
 * Possible tachyphylaxis on the current antidepressant trial (clinical.md §1.7): baseline ≥ 10 → response → a
 * worsening ≥ nadir + MCID that is no longer a response, ≥ 8 weeks after the response, confirmed ≥ 14 days later.
 */
export function analyzeTachyphylaxis(input: TachyphylaxisInput, ctx: AnalysisContext): TachyphylaxisFinding {
  const recentFrom = addDays(ctx.asOf, -ctx.t.mergeGapDays);
  const byId = new Map(input.cores.map((core) => [core.id, core]));
  let best: TachyphylaxisFinding | undefined;
  let bestStart = '';
  for (const trial of input.trials) {
    const core = byId.get(trial.id);
    if (
      !core ||
      trial.role !== 'antidepressant' ||
      !(trial.ongoing || (trial.end !== undefined && trial.end >= recentFrom))
    ) {
      continue;
    }
    const finding = analyzeTrialTachyphylaxis(trial, core, input, ctx);
    const better =
      !best ||
      STATUS_RANK[finding.status] > STATUS_RANK[best.status] ||
      (STATUS_RANK[finding.status] === STATUS_RANK[best.status] && trial.start >= bestStart);
    if (better) {
      best = finding;
      bestStart = trial.start;
    }
  }
  return best ?? none('No current antidepressant trial in the record.');
}

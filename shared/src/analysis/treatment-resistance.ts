import type { Phq9Point, TreatmentResistance, Trial, TrialOutcome } from '../domain/assessment';
import { addDays, daysBetween, type IsoDate } from '../domain/dates';
import type { PatientRecord } from '../domain/record';
import type { CitationId } from '../knowledge/citation-ids';
import { findBand, MAUDSLEY, MGH_S, THASE_RUSH } from '../knowledge/staging';
import { DAYS_PER_MONTH, type AnalysisContext } from './context';
import { lowerBound } from './phq9-series';

/**
 * Failed trials in the published definitions (Thase–Rush 1997, Fekadu 2009, Fava 2003, the TRD Delphi consensus):
 * non-response or partial response to an adequate trial. A loss of a sustained response is not one of them.
 */
const FAILED_OUTCOMES: readonly TrialOutcome[] = ['non-response', 'partial-response'];

export const TRD_CITATIONS: readonly CitationId[] = [
  'delphi-trd-2021',
  'thase-rush-1997',
  'fekadu-2009-msm',
  'fava-2003-mghs',
  'staging-panel-2020',
  'athf-sackeim',
];

/**
 * Start of the current episode: the latest elevated PHQ-9 that follows ≥ 60 days of scores below 5 (a run of
 * consecutive remission scores spanning the separation interval); without one, the first record.
 */
export function findEpisodeStart(
  points: readonly Phq9Point[],
  trials: readonly Trial[],
  ctx: AnalysisContext
): IsoDate | undefined {
  const t = ctx.t;
  let episodeStart: IsoDate | undefined;
  let runStart: IsoDate | undefined;
  let runEnd: IsoDate | undefined;
  for (const point of points) {
    if (point.total < t.remissionBelow) {
      runStart = runStart ?? point.date;
      runEnd = point.date;
      continue;
    }
    if (
      point.total >= t.elevatedScore &&
      runStart &&
      runEnd &&
      daysBetween(runStart, runEnd) >= t.episodeSeparationDays
    ) {
      episodeStart = point.date;
    }
    runStart = undefined;
    runEnd = undefined;
  }
  if (episodeStart) {
    return episodeStart;
  }
  const firstPoint = points[0]?.date;
  const firstTrial = trials[0]?.start;
  if (firstPoint && firstTrial) {
    return firstPoint < firstTrial ? firstPoint : firstTrial;
  }
  return firstPoint ?? firstTrial;
}

function isInEpisode(trial: Trial, episodeStart: IsoDate, asOf: IsoDate): boolean {
  return (trial.end ?? asOf) >= episodeStart;
}

export function isFailedAdequateTrial(trial: Trial, episodeStart: IsoDate, asOf: IsoDate): boolean {
  if (trial.role !== 'antidepressant' || trial.adequacy !== 'adequate' || !FAILED_OUTCOMES.includes(trial.outcome)) {
    return false;
  }
  return isInEpisode(trial, episodeStart, asOf);
}

/** An antidepressant trial whose sustained response was lost in the current episode. */
export function isLossOfResponseInEpisode(trial: Trial, episodeStart: IsoDate): boolean {
  return (
    trial.role === 'antidepressant' &&
    trial.outcome === 'loss-of-response' &&
    trial.lossAt !== undefined &&
    trial.lossAt.date >= episodeStart
  );
}

function describeLossCounting(losses: readonly Trial[]): string[] {
  if (losses.length === 0) {
    return [];
  }
  const names = losses.map((trial) => `${trial.name} (${trial.lossAt?.date ?? trial.start})`).join(', ');
  return [
    `${losses.length} loss${losses.length === 1 ? '' : 'es'} of response (${names}) listed apart and not counted as failed trials: the drug worked before it stopped working.`,
  ];
}

function hasDoseOptimisation(trial: Trial): boolean {
  const first = trial.doseSegments[0]?.dailyDoseMg;
  return first !== undefined && trial.maxDailyDoseMg !== undefined && trial.maxDailyDoseMg > first;
}

function getThaseRushStage(failed: readonly Trial[], ectCourse: boolean): 0 | 1 | 2 | 3 | 4 | 5 {
  const classes = new Set(failed.map((trial) => trial.drugClass));
  if (classes.size === 0) {
    return 0;
  }
  if (classes.size === 1) {
    return 1;
  }
  const others = [...classes].filter((c) => c !== THASE_RUSH.tcaClass && c !== THASE_RUSH.maoiClass);
  if (others.length < THASE_RUSH.classesBeforeSpecialStages || !classes.has(THASE_RUSH.tcaClass)) {
    return 2;
  }
  if (!classes.has(THASE_RUSH.maoiClass)) {
    return 3;
  }
  return ectCourse ? 5 : 4;
}

function getSeverityPoints(
  points: readonly Phq9Point[],
  episodeStart: IsoDate,
  psychotic: boolean,
  ctx: AnalysisContext,
  missing: string[]
): number {
  if (psychotic) {
    return MAUDSLEY.severeWithPsychosisPoints;
  }
  const baseline = points[lowerBound(points, addDays(episodeStart, -ctx.t.baselineWindowBeforeStartDays))];
  if (!baseline) {
    const assumed = MAUDSLEY.severityAssumedWhenUnknown;
    missing.push(`No PHQ-9 at the start of the episode: severity assumed ${assumed.label} (${assumed.points} points).`);
    return assumed.points;
  }
  let result: number = MAUDSLEY.severityPhq9[0].points;
  for (const band of MAUDSLEY.severityPhq9) {
    if (band.fromThreshold === undefined || baseline.total >= ctx.t[band.fromThreshold]) {
      result = band.points;
    }
  }
  return result;
}

/**
 * Treatment resistance in the current episode: adequate failed antidepressant trials (TRD = ≥ 2), Thase–Rush stage,
 * Maudsley Staging Method and MGH-S. Each staging lists what was missing and how it was counted.
 */
export function analyzeTreatmentResistance(
  record: PatientRecord,
  trials: readonly Trial[],
  points: readonly Phq9Point[],
  ctx: AnalysisContext
): TreatmentResistance {
  const episodeStart = findEpisodeStart(points, trials, ctx);
  const common: string[] = [
    'Only treatments recorded in this EHR are counted; earlier treatment elsewhere may be missing.',
  ];
  if (!episodeStart) {
    const missing = [...common, 'No PHQ-9 scores or antidepressant trials recorded.'];
    return {
      adequateFailedTrialIds: [],
      meetsTrdDefinition: false,
      thaseRush: { value: 0, missing },
      maudsley: { value: { score: 0, band: 'mild' }, missing },
      mghS: { value: 0, missing },
      citationIds: TRD_CITATIONS,
    };
  }
  const failed = trials.filter((trial) => isFailedAdequateTrial(trial, episodeStart, ctx.asOf));
  const losses = trials.filter((trial) => isLossOfResponseInEpisode(trial, episodeStart));
  const notes = describeLossCounting(losses);
  const inEpisode = trials.filter((trial) => isInEpisode(trial, episodeStart, ctx.asOf));
  const unjudged = inEpisode.filter(
    (trial) => trial.role === 'antidepressant' && (trial.adequacy === 'unknown' || trial.outcome === 'unknown')
  );
  if (unjudged.length > 0) {
    common.push(
      `${unjudged.length} antidepressant trial(s) in the episode could not be judged (unknown dose or no baseline PHQ-9) and were not counted.`
    );
  }
  const latestElevated = [...points].reverse().find((point) => point.total >= ctx.t.elevatedScore);
  const ect = record.procedures.filter((p) => p.kind === 'ect' && p.start >= episodeStart);
  const ectBeforeElevated = ect.some((p) => latestElevated !== undefined && p.start < latestElevated.date);
  const augmentations = inEpisode.filter((trial) => trial.role === 'augmentation');
  const psychotic = record.conditions.some((c) => c.psychoticFeatures === true);

  const thaseMissing = [...common];
  if (ect.length > 0 && !ectBeforeElevated) {
    thaseMissing.push('An ECT course is recorded but no elevated PHQ-9 after it: not counted as a failed ECT course.');
  }
  const thaseRush = getThaseRushStage(failed, ectBeforeElevated);

  const maudsleyMissing = [...common];
  const months = Math.floor(daysBetween(episodeStart, ctx.asOf) / DAYS_PER_MONTH);
  const durationPoints = findBand(MAUDSLEY.durationMonths, months)?.points ?? 0;
  const severityPoints = getSeverityPoints(points, episodeStart, psychotic, ctx, maudsleyMissing);
  const failurePoints = findBand(MAUDSLEY.failures, failed.length)?.points ?? 0;
  const augmentationPoints = augmentations.length > 0 ? MAUDSLEY.augmentationPoints : 0;
  const ectPoints = ect.length > 0 ? MAUDSLEY.ectPoints : 0;
  const score = durationPoints + severityPoints + failurePoints + augmentationPoints + ectPoints;
  const band = findBand(MAUDSLEY.bands, score)?.label ?? 'mild';

  const optimised = failed.filter(hasDoseOptimisation).length;
  const mghS =
    failed.length * MGH_S.perAdequateFailure +
    optimised * MGH_S.perDoseOptimisation +
    augmentations.length * MGH_S.perAugmentation +
    (ect.length > 0 ? MGH_S.ect : 0);

  return {
    episodeStart,
    adequateFailedTrialIds: failed.map((trial) => trial.id),
    lossOfResponseTrialIds: losses.map((trial) => trial.id),
    meetsTrdDefinition: failed.length >= ctx.t.trdMinFailedTrials,
    thaseRush: { value: thaseRush, missing: thaseMissing, notes },
    maudsley: { value: { score, band }, missing: maudsleyMissing, notes },
    mghS: { value: mghS, missing: [...common], notes },
    citationIds: TRD_CITATIONS,
  };
}

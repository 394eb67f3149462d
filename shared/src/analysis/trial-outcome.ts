import type { Phq9Point, Trial, TrialAdequacy, TrialOutcome } from '../domain/assessment';
import { daysBetween } from '../domain/dates';
import { analyzeAdherence } from './adherence';
import type { TrialCore } from './build-trials';
import type { ThresholdValues } from './config';
import { weeksToDays, type AnalysisContext } from './context';
import { analyzeTrialScores, type TrialScores } from './phq9-series';

/**
 * Adequate: at or above the minimum adequate dose for ≥ 6 weeks; 4–6 weeks is borderline. Unknown when the catalogue
 * has no minimum dose for the agent or when days of unknown dose could have made the trial adequate.
 */
export function judgeAdequacy(trial: TrialCore, t: ThresholdValues): TrialAdequacy {
  const minDose = trial.agent.dosesMg?.minAdequate;
  if (minDose === undefined) {
    return 'unknown';
  }
  if (trial.daysAtAdequateDose >= weeksToDays(t.adequateTrialWeeks)) {
    return 'adequate';
  }
  if (trial.daysAtAdequateDose >= weeksToDays(t.borderlineTrialWeeks)) {
    return 'borderline';
  }
  if (trial.doseSegments.some((segment) => segment.dailyDoseMg === undefined)) {
    return 'unknown';
  }
  if (trial.maxDailyDoseMg === undefined || trial.maxDailyDoseMg < minDose) {
    return 'inadequate-dose';
  }
  return 'inadequate-duration';
}

/**
 * Outcome from the PHQ-9 series: loss of response beats remission beats response (each needing a sustained
 * response); without one, the best late score decides partial or non-response once the trial has run long enough
 * (a single dip between higher scores is not a partial response either); no baseline → unknown.
 */
export function judgeOutcome(scores: TrialScores, trial: TrialCore, asOf: string, t: ThresholdValues): TrialOutcome {
  if (!scores.baseline) {
    return 'unknown';
  }
  if (scores.lossAt) {
    return 'loss-of-response';
  }
  if (scores.unconfirmedLossAt) {
    return 'worsening-unconfirmed';
  }
  if (scores.remissionAt) {
    return 'remission';
  }
  if (scores.responseAt) {
    return 'response';
  }
  if (scores.pendingResponseAt) {
    // Responding, but not for long enough to call it sustained: too early while running, not judgeable once ended.
    return trial.ongoing ? 'too-early' : 'unknown';
  }
  if (!scores.bestLate || !scores.lastLate) {
    return 'too-early';
  }
  const judgedAfterDays = daysBetween(trial.start, scores.lastLate.date);
  const stillRunningEarly = trial.ongoing && daysBetween(trial.start, asOf) < weeksToDays(t.adequateTrialWeeks);
  if (stillRunningEarly && judgedAfterDays < weeksToDays(t.adequateTrialWeeks)) {
    return 'too-early';
  }
  return scores.partialHeld === true ? 'partial-response' : 'non-response';
}

export function toTrial(core: TrialCore, points: readonly Phq9Point[], ctx: AnalysisContext): Trial {
  const endOrAsOf = core.end ?? ctx.asOf;
  const scores = analyzeTrialScores(points, core.start, endOrAsOf, ctx.t);
  const doses = core.agent.dosesMg;
  return {
    id: core.id,
    agentId: core.agent.id,
    name: core.agent.name,
    drugClass: core.agent.drugClass,
    role: core.role,
    ...(core.primarySince === undefined ? {} : { primarySince: core.primarySince }),
    start: core.start,
    ...(core.end === undefined ? {} : { end: core.end }),
    ongoing: core.ongoing,
    doseSegments: core.doseSegments,
    ...(core.maxDailyDoseMg === undefined ? {} : { maxDailyDoseMg: core.maxDailyDoseMg }),
    ...(doses?.minAdequate === undefined ? {} : { minAdequateDoseMg: doses.minAdequate }),
    ...(doses?.max === undefined ? {} : { maxLabelDoseMg: doses.max }),
    durationDays: core.durationDays,
    daysAtAdequateDose: core.daysAtAdequateDose,
    adherence: analyzeAdherence(core.intervals, core.start, endOrAsOf),
    adequacy: judgeAdequacy(core, ctx.t),
    outcome: judgeOutcome(scores, core, ctx.asOf, ctx.t),
    ...(scores.baseline ? { baseline: scores.baseline } : {}),
    ...(scores.nadir ? { nadir: scores.nadir } : {}),
    ...(scores.responseAt ? { responseAt: scores.responseAt } : {}),
    ...(scores.remissionAt ? { remissionAt: scores.remissionAt } : {}),
    ...(scores.unsustainedResponseAt ? { unsustainedResponseAt: scores.unsustainedResponseAt } : {}),
    ...(scores.lossAt ? { lossAt: scores.lossAt } : {}),
    ...(scores.unconfirmedLossAt ? { unconfirmedLossAt: scores.unconfirmedLossAt } : {}),
    refs: core.refs,
  };
}

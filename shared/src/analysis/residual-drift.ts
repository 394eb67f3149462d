import type { Phq9Point, ResidualDrift, TachyphylaxisFinding, Trial } from '../domain/assessment';
import { isValidIsoDate, type IsoDate } from '../domain/dates';
import type { Phq9Score } from '../domain/record';
import { RESIDUAL_DRIFT_CITATIONS, RESIDUAL_SYMPTOM_ITEMS } from '../knowledge/residual-symptoms';
import type { AnalysisContext } from './context';
import { isLossScore } from './phq9-series';

interface ItemScore {
  readonly date: IsoDate;
  readonly total: number;
  readonly answers: readonly number[];
}

function getResidualAnswers(score: Phq9Score, ctx: AnalysisContext): number[] | undefined {
  const answers: number[] = [];
  for (const { item } of RESIDUAL_SYMPTOM_ITEMS) {
    const value = score.items?.[item - 1];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > ctx.t.phq9ItemMax) {
      return undefined;
    }
    answers.push(value);
  }
  return answers;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * Residual-symptom drift on the trial the tachyphylaxis finding is about, from its sustained response to today (or to
 * the worsening, when there is one): the first and latest PHQ-9s that answer items 1, 3, 4 and 7 are compared, and a
 * rise of at least `residualDriftMinRise` on that subscore with every total below the loss criteria is drift.
 */
export function analyzeResidualDrift(
  scores: readonly Phq9Score[],
  trials: readonly Trial[],
  finding: TachyphylaxisFinding,
  points: readonly Phq9Point[],
  ctx: AnalysisContext
): ResidualDrift | undefined {
  const trial = trials.find((candidate) => candidate.id === finding.trialId);
  if (!trial?.responseAt || !trial.baseline) {
    return undefined;
  }
  const from = trial.responseAt.date;
  const until = finding.worsening?.date ?? trial.end ?? ctx.asOf;
  const base = { trialId: trial.id, drugName: trial.name, citationIds: RESIDUAL_DRIFT_CITATIONS };
  const itemScores: ItemScore[] = [];
  for (const score of scores) {
    if (typeof score.date !== 'string' || !isValidIsoDate(score.date) || score.date < from || score.date > until) {
      continue;
    }
    const answers = getResidualAnswers(score, ctx);
    if (answers && typeof score.total === 'number') {
      itemScores.push({ date: score.date, total: score.total, answers });
    }
  }
  itemScores.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = itemScores[0];
  const last = itemScores[itemScores.length - 1];
  if (!first || !last || itemScores.length < ctx.t.residualDriftMinScores) {
    return {
      ...base,
      status: 'insufficient-data',
      risingItems: [],
      statement: `Fewer than ${ctx.t.residualDriftMinScores} PHQ-9s with item answers since the response to ${trial.name}: residual symptoms cannot be followed.`,
    };
  }
  const nadir = Math.min(...points.filter((p) => p.date >= from && p.date <= until).map((p) => p.total));
  const belowLoss = itemScores.every((s) => !isLossScore(s.total, nadir, trial.baseline?.total ?? 0, ctx.t));
  const rise = sum(last.answers) - sum(first.answers);
  const risingItems = RESIDUAL_SYMPTOM_ITEMS.flatMap(({ item, label }, i) => {
    const before = first.answers[i] ?? 0;
    const after = last.answers[i] ?? 0;
    return after > before ? [{ item, label, from: before, to: after }] : [];
  });
  const drift = belowLoss && rise >= ctx.t.residualDriftMinRise;
  const names = risingItems.map((item) => `${item.label} ${item.from} → ${item.to}`).join(', ');
  return {
    ...base,
    status: drift ? 'drift' : 'stable',
    from: { date: first.date, subscore: sum(first.answers) },
    to: { date: last.date, subscore: sum(last.answers) },
    risingItems,
    statement: drift
      ? `On ${trial.name}, interest, sleep, energy and concentration items rose from ${sum(first.answers)} to ${sum(last.answers)} of 12 (${first.date} to ${last.date}: ${names}) while the PHQ-9 total stayed below the loss criteria.`
      : `No residual-symptom drift on ${trial.name} (items 1, 3, 4, 7: ${sum(first.answers)} → ${sum(last.answers)} of 12).`,
  };
}

import type {
  Confounder,
  ConfounderId,
  InterventionCourse,
  Phq9Point,
  PriorLossOfResponse,
  RegimenChange,
  ResponseAttribution,
  ScoreAt,
  TachyphylaxisFinding,
  TachyphylaxisStatus,
  Trial,
  WorseningExplanation,
} from '../domain/assessment';
import { addDays, daysBetween } from '../domain/dates';
import type { PatientRecord } from '../domain/record';
import type { CitationId } from '../knowledge/citation-ids';
import { getSegmentOn, type TrialCore } from './build-trials';
import { analyzeConfounders, getAdherenceBeforeWorsening } from './confounders';
import { weeksToDays, DAYS_PER_WEEK, type AnalysisContext } from './context';
import { formatDose, formatScore, formatWeeks } from './format';
import type { MedicationIntervals } from './medication-intervals';
import { collectItem9Answers } from './analyze-safety';
import { isLossScore, isResponseScore, lowerBound, toScoreAt, upperBound } from './phq9-series';

export const TACHYPHYLAXIS_CITATIONS: readonly CitationId[] = [
  'targum-2014',
  'solomon-2005',
  'kinrys-2019',
  'lowe-2004',
  'rush-2006-acnp',
  'frank-1991',
  'tachywatch-design',
];

export interface TachyphylaxisInput {
  readonly record: PatientRecord;
  readonly trials: readonly Trial[];
  readonly cores: readonly TrialCore[];
  readonly points: readonly Phq9Point[];
  readonly intervals: MedicationIntervals;
  /** TMS, ECT and esketamine courses (from `buildInterventions`). */
  readonly interventions?: readonly InterventionCourse[];
}

interface WorseningSearch {
  readonly worsening?: ScoreAt;
  readonly nadir?: ScoreAt;
  readonly confirmation?: ScoreAt;
  /** A worsening whose next score ≥ the confirmation interval later no longer met the loss criteria. */
  readonly resolved?: { readonly worsening: ScoreAt; readonly by: ScoreAt };
  readonly lastAfterResponse?: ScoreAt;
}

const STATUS_RANK: Readonly<Record<TachyphylaxisStatus, number>> = {
  none: 0,
  managed: 1,
  suppressed: 2,
  emerging: 3,
  explained: 4,
  possible: 5,
};

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
      // Confirmed. A later score back at response resolves it and the search goes on for a new worsening.
      const recovery = findRecovery(points, j + 1, end, nadir, baseline, t);
      if (recovery === undefined) {
        return {
          worsening,
          nadir,
          confirmation: toScoreAt(next),
          lastAfterResponse: toScoreAt(points[end - 1] as Phq9Point),
        };
      }
      resolved = { worsening, by: toScoreAt(points[recovery] as Phq9Point) };
      i = recovery + 1;
      lastAfterResponse = resolved.by;
      continue;
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

/** Index of the first score from `from` that meets response again and is not a loss, if any. */
function findRecovery(
  points: readonly Phq9Point[],
  from: number,
  end: number,
  nadir: ScoreAt,
  baseline: ScoreAt,
  t: AnalysisContext['t']
): number | undefined {
  for (let k = from; k < end; k += 1) {
    const point = points[k] as Phq9Point;
    if (isResponseScore(point.total, baseline.total, t) && !isLossScore(point.total, nadir.total, baseline.total, t)) {
      return k;
    }
  }
  return undefined;
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

function describeNoWorsening(
  search: WorseningSearch,
  trial: Trial,
  response: ScoreAt,
  baseline: ScoreAt,
  managedSince: RegimenChange | undefined,
  ctx: AnalysisContext
): string {
  const last = search.lastAfterResponse;
  if (!last) {
    return `No PHQ-9 after the response to ${trial.name} on ${response.date}.`;
  }
  if (isResponseScore(last.total, baseline.total, ctx.t)) {
    if (search.resolved) {
      const change = managedSince ? ` (${managedSince.description} on ${managedSince.date})` : '';
      return `PHQ-9 rose to ${formatScore(search.resolved.worsening)} on ${trial.name}, but the latest PHQ-9 ${formatScore(last)} meets response again${change}.`;
    }
    return `Response to ${trial.name} sustained: latest PHQ-9 ${formatScore(last)}.`;
  }
  return `Latest PHQ-9 ${formatScore(last)} no longer meets response on ${trial.name} but does not meet the loss-of-response criteria (${ctx.t.mcid} points above the nadir, at least ${ctx.t.maintenanceMinWeeks} weeks after the response): re-check.`;
}

/** The latest PHQ-9 up to `asOf`. */
function getLatest(points: readonly Phq9Point[]): ScoreAt | undefined {
  const last = points[points.length - 1];
  return last ? toScoreAt(last) : undefined;
}

/**
 * The first change of treatment after the worsening: a dose increase of the drug, another antidepressant or an
 * add-on started (a switch when the drug stops within the merge gap), or a TMS, ECT or esketamine course.
 */
export function findRegimenChange(
  trial: Trial,
  worsening: ScoreAt,
  input: TachyphylaxisInput,
  ctx: AnalysisContext
): RegimenChange | undefined {
  const changes: RegimenChange[] = [];
  const dose = getSegmentOn(trial.doseSegments, worsening.date)?.dailyDoseMg;
  const increase = trial.doseSegments.find(
    (s) => s.start > worsening.date && s.dailyDoseMg !== undefined && dose !== undefined && s.dailyDoseMg > dose
  );
  if (increase) {
    changes.push({
      kind: 'dose-increase',
      date: increase.start,
      description: `${trial.name} raised to ${formatDose(increase.dailyDoseMg)}`,
      refs: increase.refs,
    });
  }
  for (const other of input.trials) {
    if (other.id === trial.id || other.agentId === trial.agentId || other.start <= worsening.date) {
      continue;
    }
    const switched =
      other.role === 'antidepressant' &&
      trial.end !== undefined &&
      trial.end <= addDays(other.start, ctx.t.mergeGapDays);
    changes.push({
      kind: switched ? 'switch' : 'add-on',
      date: other.start,
      description: switched ? `switched to ${other.name}` : `${other.name} added`,
      refs: other.refs,
    });
  }
  for (const course of input.interventions ?? []) {
    if (course.start > worsening.date) {
      changes.push({
        kind: course.kind === 'esketamine' ? 'esketamine' : 'brain-stimulation',
        date: course.start,
        description: `${course.kind === 'tms' ? 'TMS' : course.kind === 'ect' ? 'ECT' : 'esketamine'} course started`,
        refs: course.refs,
      });
    }
  }
  changes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return changes[0];
}

const CO_TREATMENT_NAMES: Readonly<Record<InterventionCourse['kind'], string>> = {
  tms: 'TMS',
  ect: 'ECT',
  esketamine: 'esketamine',
};

/**
 * Whose response was lost: add-ons running at the response, and TMS, ECT or esketamine courses from shortly before
 * the drug's baseline (the merge gap) up to the response, make it the regimen's (ECT: a relapse after ECT).
 */
export function attributeResponse(
  trial: Trial,
  response: ScoreAt,
  input: TachyphylaxisInput,
  ctx: AnalysisContext
): ResponseAttribution {
  const coTreatments: ResponseAttribution['coTreatments'][number][] = [];
  for (const other of input.trials) {
    if (
      other.id !== trial.id &&
      other.role === 'augmentation' &&
      other.start <= response.date &&
      (other.end === undefined || other.end >= response.date)
    ) {
      coTreatments.push({ kind: 'augmentation', name: other.name, start: other.start });
    }
  }
  const from = addDays(trial.baseline?.date ?? trial.start, -ctx.t.mergeGapDays);
  for (const course of input.interventions ?? []) {
    if (course.start <= response.date && course.end >= from) {
      coTreatments.push({ kind: course.kind, name: CO_TREATMENT_NAMES[course.kind], start: course.start });
    }
  }
  const ect = coTreatments.find((item) => item.kind === 'ect');
  if (ect) {
    return {
      kind: 'ect',
      coTreatments,
      statement: `The response followed an ECT course (from ${ect.start}): a worsening now is a relapse after ECT, not a loss of response to ${trial.name} alone; continuation or maintenance ECT is an option.`,
    };
  }
  if (coTreatments.length > 0) {
    const names = coTreatments.map((item) => `${item.name} (from ${item.start})`).join(', ');
    return {
      kind: 'regimen',
      coTreatments,
      statement: `The response came on ${trial.name} with ${names}: a loss would be of the regimen, not of ${trial.name} alone.`,
    };
  }
  return { kind: 'drug', coTreatments, statement: `The response came on ${trial.name} alone.` };
}

/** The first positive item 9 on or after `from` (scored administrations and unscorable ones alike). */
function findPositiveItem9Since(
  record: TachyphylaxisInput['record'],
  from: string,
  ctx: AnalysisContext
): string | undefined {
  let first: string | undefined;
  for (const answer of collectItem9Answers(record, ctx)) {
    if (
      answer.date >= from &&
      answer.value !== undefined &&
      answer.value >= ctx.t.item9Positive &&
      (first === undefined || answer.date < first)
    ) {
      first = answer.date;
    }
  }
  return first;
}

/** Why a trial with a single, unsustained response score has nothing to lose (called only when it has one). */
function describeUnsustained(trial: Trial, lucky: ScoreAt, ctx: AnalysisContext): string {
  const outcome = trial.outcome === 'partial-response' ? 'partial response' : 'non-response';
  return `PHQ-9 ${formatScore(lucky)} on ${trial.name} met response once but was not sustained (no second qualifying score at least ${ctx.t.confirmationMinDays} days later): ${outcome}, not a loss of response.`;
}

/** A trial with a response and a baseline: the only kind that can lose a response. */
type RespondedTrial = Trial & { readonly baseline: ScoreAt; readonly responseAt: ScoreAt };

function hasResponded(trial: Trial): trial is RespondedTrial {
  return trial.baseline !== undefined && trial.responseAt !== undefined;
}

/** Why a trial without a baseline or a response cannot have lost one: no baseline, too early, never responded. */
function describeNoResponse(trial: Trial, ctx: AnalysisContext): string {
  const t = ctx.t;
  if (!trial.baseline) {
    return `No baseline PHQ-9 of ${t.elevatedScore} or more from ${t.baselineWindowBeforeStartDays} days before to ${t.baselineWindowAfterStartDays} days after starting ${trial.name}.`;
  }
  if (trial.outcome === 'too-early') {
    return `Too early to judge a response to ${trial.name}.`;
  }
  return trial.unsustainedResponseAt
    ? describeUnsustained(trial, trial.unsustainedResponseAt, ctx)
    : `${trial.name} never produced a response (baseline PHQ-9 ${formatScore(trial.baseline)}).`;
}

/** The fields every finding about `trial` shares. */
function describeTrial(
  trial: Trial,
  latest: ScoreAt | undefined
): Pick<TachyphylaxisFinding, 'trialId' | 'agentId' | 'drugName' | 'drugClass' | 'latest'> {
  return {
    trialId: trial.id,
    agentId: trial.agentId,
    drugName: trial.name,
    drugClass: trial.drugClass,
    ...(latest ? { latest } : {}),
  };
}

/** No standing worsening after the response: sustained, resolved (perhaps after a change of treatment), or unclear. */
function findingWithoutWorsening(
  trial: RespondedTrial,
  search: WorseningSearch,
  latest: ScoreAt | undefined,
  input: TachyphylaxisInput,
  ctx: AnalysisContext
): TachyphylaxisFinding {
  const change = search.resolved ? findRegimenChange(trial, search.resolved.worsening, input, ctx) : undefined;
  return {
    ...none(describeNoWorsening(search, trial, trial.responseAt, trial.baseline, change, ctx)),
    ...(change ? { managedSince: change } : {}),
    ...describeTrial(trial, latest),
    baseline: trial.baseline,
    response: trial.responseAt,
  };
}

interface WorseningFacts {
  readonly trial: RespondedTrial;
  readonly search: WorseningSearch;
  readonly worsening: ScoreAt;
  readonly nadir: ScoreAt;
  readonly latest: ScoreAt | undefined;
  readonly explanations: readonly WorseningExplanation[];
  readonly attribution: ResponseAttribution;
  readonly managedSince: RegimenChange | undefined;
  readonly item9Since: string | undefined;
  readonly priorLossesOfResponse: readonly PriorLossOfResponse[];
}

/** The course up to the worsening: baseline, the fall to the nadir, the rise on the dose it happened on. */
function describeCourse(trial: RespondedTrial, nadir: ScoreAt, worsening: ScoreAt): string[] {
  const segmentAtWorsening = getSegmentOn(trial.doseSegments, worsening.date);
  const dose = segmentAtWorsening?.dailyDoseMg;
  const doseAtNadir = getSegmentOn(trial.doseSegments, nadir.date)?.dailyDoseMg;
  return [
    `Baseline PHQ-9 ${formatScore(trial.baseline)}; ${trial.name} started ${trial.start}.`,
    `PHQ-9 fell from ${formatScore(trial.baseline)} to ${formatScore(nadir)} on ${trial.name} ${formatDose(doseAtNadir)}.`,
    `PHQ-9 rose to ${formatScore(worsening)}, ${formatWeeks(daysBetween(trial.responseAt.date, worsening.date), DAYS_PER_WEEK)} after the response, on ${formatDose(dose)}${
      segmentAtWorsening && dose !== undefined ? ` (unchanged since ${segmentAtWorsening.start})` : ''
    }.`,
  ];
}

/** Confirmed, confirmation skipped for a positive item 9, or what would confirm it. */
function describeConfirmation(facts: WorseningFacts, ctx: AnalysisContext): string {
  const { search, worsening, item9Since } = facts;
  if (search.confirmation) {
    return `Confirmed by PHQ-9 ${formatScore(search.confirmation)}, ${daysBetween(worsening.date, search.confirmation.date)} days later.`;
  }
  if (item9Since) {
    return `Not waiting for a confirming score: PHQ-9 item 9 was positive on ${item9Since}, so the ${ctx.t.confirmationMinDays}-day confirmation is skipped.`;
  }
  return `Not yet confirmed: repeat the PHQ-9 on or after ${addDays(worsening.date, ctx.t.confirmationMinDays)}.`;
}

function describePriorLoss(loss: PriorLossOfResponse, trial: Trial): string {
  const relation =
    loss.agentId === trial.agentId
      ? 'same drug'
      : loss.drugClass === trial.drugClass
        ? `same class (${loss.drugClass})`
        : loss.drugClass;
  return `Earlier loss of response on ${loss.name} (${loss.lossAt.date}), ${relation}.`;
}

/** One line each, in reading order: the course, confirmation, attribution, explanations, management, item 9. */
function describeWorsening(facts: WorseningFacts, ctx: AnalysisContext): string[] {
  const { trial, search, worsening, nadir, latest, explanations, attribution, managedSince, item9Since } = facts;
  const evidence = [...describeCourse(trial, nadir, worsening), describeConfirmation(facts, ctx)];
  if (attribution.kind !== 'drug') {
    evidence.push(attribution.statement);
  }
  for (const explanation of explanations) {
    evidence.push(`Before the worsening: ${explanation.checkFirst}.`);
  }
  if (managedSince) {
    evidence.push(`Being managed since ${managedSince.date}: ${managedSince.description}.`);
  }
  if (latest && latest.date > worsening.date && latest.date !== search.confirmation?.date) {
    evidence.push(`Latest PHQ-9 ${formatScore(latest)}.`);
  }
  if (item9Since) {
    evidence.push(
      'PHQ-9 item 9 is positive since the worsening: assess suicide risk today, do not wait for a confirming score.'
    );
  }
  evidence.push(...facts.priorLossesOfResponse.map((loss) => describePriorLoss(loss, trial)));
  return evidence;
}

/** Recurrence-type when the worsening comes after a recovery (remission held for the recovery period). */
function getTiming(trial: Trial, worsening: ScoreAt, ctx: AnalysisContext): 'relapse-type' | 'recurrence-type' {
  return trial.remissionAt && daysBetween(trial.remissionAt.date, worsening.date) >= ctx.t.recoveryMonthsDays
    ? 'recurrence-type'
    : 'relapse-type';
}

/** The latest score after the worsening meets response again and is not itself a loss. */
function hasRecovered(facts: WorseningFacts, ctx: AnalysisContext): boolean {
  const { latest, worsening, trial, nadir } = facts;
  return (
    latest !== undefined &&
    latest.date > worsening.date &&
    isResponseScore(latest.total, trial.baseline.total, ctx.t) &&
    !isLossScore(latest.total, nadir.total, trial.baseline.total, ctx.t)
  );
}

/** A worsening after the response: explained, managed, resolved, suppressed, or possible/emerging. */
function findingWithWorsening(
  trial: RespondedTrial,
  core: TrialCore,
  search: WorseningSearch & { readonly worsening: ScoreAt; readonly nadir: ScoreAt },
  latest: ScoreAt | undefined,
  input: TachyphylaxisInput,
  ctx: AnalysisContext
): TachyphylaxisFinding {
  const { worsening, nadir } = search;
  const { confounders, explanations } = analyzeConfounders(
    { record: input.record, trial: core, nadir, worsening, intervals: input.intervals },
    ctx
  );
  const facts: WorseningFacts = {
    trial,
    search,
    worsening,
    nadir,
    latest,
    explanations,
    attribution: attributeResponse(trial, trial.responseAt, input, ctx),
    managedSince: findRegimenChange(trial, worsening, input, ctx),
    item9Since: findPositiveItem9Since(input.record, worsening.date, ctx),
    priorLossesOfResponse: getPriorLosses(input.trials, trial),
  };
  const { attribution, managedSince, priorLossesOfResponse } = facts;
  const segmentAtWorsening = getSegmentOn(trial.doseSegments, worsening.date);
  const dose = segmentAtWorsening?.dailyDoseMg;
  const status = getStatus({
    confounders,
    explained: explanations.length > 0,
    managed: managedSince !== undefined,
    recovered: hasRecovered(facts, ctx),
    confirmed: search.confirmation !== undefined || facts.item9Since !== undefined,
  });
  return {
    status,
    ...describeTrial(trial, latest),
    ...(dose === undefined ? {} : { dailyDoseMg: dose }),
    baseline: trial.baseline,
    response: trial.responseAt,
    nadir,
    worsening,
    ...(search.confirmation ? { confirmation: search.confirmation } : {}),
    ...(segmentAtWorsening ? { daysOnStableDose: daysBetween(segmentAtWorsening.start, worsening.date) } : {}),
    timing: getTiming(trial, worsening, ctx),
    confounders,
    ...(explanations.length > 0 ? { explanations } : {}),
    adherenceBeforeWorsening: getAdherenceBeforeWorsening(core, worsening, ctx),
    ...(managedSince ? { managedSince } : {}),
    attribution,
    priorLossesOfResponse,
    evidence: describeWorsening(facts, ctx),
    ...getReason(status, { explanations, managedSince, latest, worsening, trial }),
    episodeKey: `${trial.id}:${worsening.date}`,
    citationIds: TACHYPHYLAXIS_CITATIONS,
  };
}

/** Evaluates one antidepressant trial; the caller picks the most significant finding among current trials. */
export function analyzeTrialTachyphylaxis(
  trial: Trial,
  core: TrialCore,
  input: TachyphylaxisInput,
  ctx: AnalysisContext
): TachyphylaxisFinding {
  if (!hasResponded(trial)) {
    return none(describeNoResponse(trial, ctx), trial);
  }
  const search = findWorsening(input.points, trial.responseAt, trial.baseline, trial.end ?? ctx.asOf, ctx);
  const latest = getLatest(input.points);
  const { worsening, nadir } = search;
  if (!worsening || !nadir) {
    return findingWithoutWorsening(trial, search, latest, input, ctx);
  }
  return findingWithWorsening(trial, core, { ...search, worsening, nadir }, latest, input, ctx);
}

function getReason(
  status: TachyphylaxisStatus,
  facts: {
    readonly explanations: readonly WorseningExplanation[];
    readonly managedSince: RegimenChange | undefined;
    readonly latest: ScoreAt | undefined;
    readonly worsening: ScoreAt;
    readonly trial: Trial;
  }
): { reason?: string } {
  const { explanations, managedSince, latest, worsening, trial } = facts;
  switch (status) {
    case 'suppressed':
      return {
        reason:
          'A bipolar or psychotic disorder is recorded: reconsider the diagnosis before calling this tachyphylaxis.',
      };
    case 'explained':
      return {
        reason: `The worsening on ${trial.name} has an explanation to check first: ${explanations.map((e) => e.checkFirst).join('; ')}.`,
      };
    case 'managed':
      return {
        reason: `Being managed since ${managedSince?.date ?? worsening.date}: ${managedSince?.description ?? 'regimen changed'}${latest ? `; latest PHQ-9 ${formatScore(latest)}` : ''}.`,
      };
    case 'none':
      return {
        reason: `PHQ-9 rose to ${formatScore(worsening)} on ${trial.name}, but the latest PHQ-9 ${latest ? formatScore(latest) : ''} meets response again${managedSince ? ` (${managedSince.description} on ${managedSince.date})` : ''}.`,
      };
    case 'possible':
    case 'emerging':
      return {};
  }
}

/** Confounders whose presence suppresses the finding: reconsider the diagnosis before calling it tachyphylaxis. */
export const SUPPRESSING_CONFOUNDERS: readonly ConfounderId[] = ['bipolar', 'psychotic'];

interface StatusFacts {
  readonly confounders: readonly Confounder[];
  readonly explained: boolean;
  readonly managed: boolean;
  readonly recovered: boolean;
  readonly confirmed: boolean;
}

/**
 * Diagnosis first (bipolar, psychotic: suppressed), then the present: back at response (none), treatment already
 * changed (managed), then an explanation that precedes the worsening (explained), then confirmed or not.
 */
function getStatus(facts: StatusFacts): TachyphylaxisStatus {
  const suppress = facts.confounders.some((c) => SUPPRESSING_CONFOUNDERS.includes(c.id) && c.state === 'present');
  if (suppress) {
    return 'suppressed';
  }
  if (facts.recovered) {
    return 'none';
  }
  if (facts.managed) {
    return 'managed';
  }
  if (facts.explained) {
    return 'explained';
  }
  return facts.confirmed ? 'possible' : 'emerging';
}

/**
 * Possible tachyphylaxis on the current antidepressant trial: baseline ≥ 10 → response → a
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

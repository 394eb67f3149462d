import type { DoseSegment, TrialRole } from '../domain/assessment';
import { addDays, daysBetween, type IsoDate } from '../domain/dates';
import type { AgentInfo } from '../knowledge/types';
import type { AnalysisContext } from './context';
import type { MedicationInterval, MedicationIntervals } from './medication-intervals';

/** A trial as built from the medication records, before PHQ-9 outcome and adequacy are judged. */
export interface TrialCore {
  readonly id: string;
  readonly agent: AgentInfo;
  readonly role: TrialRole;
  /** See `Trial.primarySince`. */
  readonly primarySince?: IsoDate;
  readonly start: IsoDate;
  readonly end?: IsoDate;
  readonly ongoing: boolean;
  readonly intervals: readonly MedicationInterval[];
  readonly doseSegments: readonly DoseSegment[];
  readonly maxDailyDoseMg?: number;
  readonly durationDays: number;
  readonly daysAtAdequateDose: number;
  readonly refs: readonly string[];
}

export function isTrialAgent(agent: AgentInfo): boolean {
  return agent.roles.includes('antidepressant') || agent.roles.includes('augmentation');
}

function isDualRole(agent: AgentInfo): boolean {
  return agent.roles.includes('antidepressant') && agent.roles.includes('augmentation');
}

function toValidDose(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

interface Group {
  start: IsoDate;
  end?: IsoDate;
  intervals: MedicationInterval[];
}

/** Records of one agent that overlap or are at most `mergeGapDays` apart form one trial. */
export function groupIntervals(sorted: readonly MedicationInterval[], mergeGapDays: number): Group[] {
  const groups: Group[] = [];
  let current: Group | undefined;
  for (const interval of sorted) {
    if (current && (current.end === undefined || daysBetween(current.end, interval.start) - 1 <= mergeGapDays)) {
      current.intervals.push(interval);
      if (current.end !== undefined) {
        current.end = interval.end === undefined ? undefined : interval.end > current.end ? interval.end : current.end;
      }
      continue;
    }
    current = { start: interval.start, end: interval.end, intervals: [interval] };
    groups.push(current);
  }
  return groups;
}

interface SegmentDraft {
  start: IsoDate;
  end?: IsoDate;
  dailyDoseMg?: number;
  refs: string[];
  /** Last day covered by the records of this segment; undefined while running. */
  coverEnd?: IsoDate;
}

function coverStillRunning(coverEnd: IsoDate | undefined, date: IsoDate): boolean {
  return coverEnd === undefined || coverEnd >= date;
}

/**
 * Consecutive periods on one daily dose. A record with another dose starts a new segment; a record of unknown dose
 * inside a known-dose period continues it, and otherwise starts a segment without a dose. Dispenses set the dose only
 * when no statement or request of the trial states one (their strength-only dose would otherwise look like changes).
 */
export function buildDoseSegments(
  intervals: readonly MedicationInterval[],
  trialStart: IsoDate,
  trialEnd: IsoDate | undefined
): DoseSegment[] {
  const prescribed = intervals.filter((interval) => interval.source !== 'MedicationDispense');
  const prescribedKnown = prescribed.some((interval) => toValidDose(interval.dose.dailyDoseMg) !== undefined);
  const doseIntervals = prescribedKnown ? prescribed : intervals;
  const segments: SegmentDraft[] = [];
  for (const interval of doseIntervals) {
    const dose = toValidDose(interval.dose.dailyDoseMg);
    const current = segments[segments.length - 1];
    const absorb =
      current !== undefined &&
      (dose === current.dailyDoseMg ||
        (dose === undefined &&
          current.dailyDoseMg !== undefined &&
          coverStillRunning(current.coverEnd, interval.start)));
    if (current && (absorb || interval.start === current.start)) {
      if (!absorb) {
        current.dailyDoseMg = dose;
      }
      current.refs.push(interval.event.ref);
      current.coverEnd =
        current.coverEnd === undefined || interval.end === undefined
          ? undefined
          : interval.end > current.coverEnd
            ? interval.end
            : current.coverEnd;
      continue;
    }
    if (current) {
      current.end = addDays(interval.start, -1);
    }
    segments.push({ start: interval.start, dailyDoseMg: dose, refs: [interval.event.ref], coverEnd: interval.end });
  }
  const first = segments[0];
  if (first) {
    first.start = trialStart;
  }
  const last = segments[segments.length - 1];
  if (last) {
    last.end = trialEnd;
  }
  return segments.map(({ start, end, dailyDoseMg, refs }) => ({
    start,
    ...(end === undefined ? {} : { end }),
    ...(dailyDoseMg === undefined ? {} : { dailyDoseMg }),
    refs: [...new Set(refs)],
  }));
}

function sumDaysAtDose(segments: readonly DoseSegment[], minDose: number | undefined, asOf: IsoDate): number {
  if (minDose === undefined) {
    return 0;
  }
  let days = 0;
  for (const segment of segments) {
    if (segment.dailyDoseMg !== undefined && segment.dailyDoseMg >= minDose) {
      days += daysBetween(segment.start, segment.end ?? asOf) + 1;
    }
  }
  return days;
}

function getMaxDose(segments: readonly DoseSegment[]): number | undefined {
  let max: number | undefined;
  for (const segment of segments) {
    if (segment.dailyDoseMg !== undefined && (max === undefined || segment.dailyDoseMg > max)) {
      max = segment.dailyDoseMg;
    }
  }
  return max;
}

function toTrialCore(agent: AgentInfo, group: Group, asOf: IsoDate): Omit<TrialCore, 'role'> {
  const doseSegments = buildDoseSegments(group.intervals, group.start, group.end);
  const maxDailyDoseMg = getMaxDose(doseSegments);
  return {
    id: `${agent.id}:${group.start}`,
    agent,
    start: group.start,
    ...(group.end === undefined ? {} : { end: group.end }),
    ongoing: group.end === undefined,
    intervals: group.intervals,
    doseSegments,
    ...(maxDailyDoseMg === undefined ? {} : { maxDailyDoseMg }),
    durationDays: daysBetween(group.start, group.end ?? asOf) + 1,
    daysAtAdequateDose: sumDaysAtDose(doseSegments, agent.dosesMg?.minAdequate, asOf),
    refs: [...new Set(group.intervals.map((interval) => interval.event.ref))],
  };
}

function isRunningOn(trial: Pick<TrialCore, 'start' | 'end'>, date: IsoDate): boolean {
  return trial.start <= date && (trial.end === undefined || trial.end >= date);
}

/**
 * Antidepressant and augmentation trials, oldest first. An agent that is both (bupropion, mirtazapine) is an
 * augmentation when it starts while another antidepressant trial is running and goes on for more than the merge gap
 * (a shorter overlap is a cross-taper switch), else an antidepressant.
 */
export function buildTrials(intervals: MedicationIntervals, ctx: AnalysisContext): TrialCore[] {
  const cores: Omit<TrialCore, 'role'>[] = [];
  for (const list of intervals.byAgent.values()) {
    const agent = list[0]?.agent;
    if (!agent || !isTrialAgent(agent)) {
      continue;
    }
    for (const group of groupIntervals(list, ctx.t.mergeGapDays)) {
      cores.push(toTrialCore(agent, group, ctx.asOf));
    }
  }
  cores.sort((a, b) => {
    if (a.start !== b.start) {
      return a.start < b.start ? -1 : 1;
    }
    const dual = Number(isDualRole(a.agent)) - Number(isDualRole(b.agent));
    return dual !== 0 ? dual : a.agent.id < b.agent.id ? -1 : a.agent.id > b.agent.id ? 1 : 0;
  });
  const trials: TrialCore[] = [];
  for (const core of cores) {
    if (isHypnoticUse(core, ctx)) {
      continue;
    }
    trials.push({ ...core, role: getTrialRole(core, trials, ctx.t.mergeGapDays) });
  }
  return promoteOrphanedAddOns(trials, ctx.t.mergeGapDays);
}

/** Low-dose trazodone at night is a hypnotic: every known dose at or below the threshold, and at least one known. */
function isHypnoticUse(core: Omit<TrialCore, 'role'>, ctx: AnalysisContext): boolean {
  if (core.agent.id !== 'trazodone' || core.maxDailyDoseMg === undefined) {
    return false;
  }
  return core.maxDailyDoseMg <= ctx.t.trazodoneHypnoticMaxMg;
}

/**
 * An add-on that is itself an antidepressant (bupropion, mirtazapine) becomes the primary antidepressant when every
 * antidepressant it was added to has stopped while it goes on past the merge gap: surveillance follows it.
 */
function promoteOrphanedAddOns(trials: readonly TrialCore[], mergeGapDays: number): TrialCore[] {
  return trials.map((trial) => {
    if (trial.role !== 'augmentation' || !trial.agent.roles.includes('antidepressant')) {
      return trial;
    }
    const partners = trials.filter(
      (other) => other.role === 'antidepressant' && other.agent.id !== trial.agent.id && isRunningOn(other, trial.start)
    );
    if (partners.length === 0 || partners.some((other) => other.end === undefined)) {
      return trial;
    }
    const lastPartnerDay = partners.reduce<IsoDate>(
      (max, other) => ((other.end as IsoDate) > max ? (other.end as IsoDate) : max),
      trial.start
    );
    const continuesAlone = trial.end === undefined || daysBetween(lastPartnerDay, trial.end) > mergeGapDays;
    const replaced = trials.some(
      (other) =>
        other.role === 'antidepressant' &&
        other.agent.id !== trial.agent.id &&
        other.start > lastPartnerDay &&
        isRunningOn(trial, other.start)
    );
    if (!continuesAlone || replaced) {
      return trial;
    }
    return { ...trial, role: 'antidepressant', primarySince: addDays(lastPartnerDay, 1) };
  });
}

function getTrialRole(core: Omit<TrialCore, 'role'>, earlier: readonly TrialCore[], mergeGapDays: number): TrialRole {
  const { roles } = core.agent;
  if (!roles.includes('antidepressant')) {
    return 'augmentation';
  }
  if (!roles.includes('augmentation')) {
    return 'antidepressant';
  }
  // A short overlap is a cross-taper (a switch); the other antidepressant must go on past the merge gap.
  const continuesUntil = addDays(core.start, mergeGapDays);
  const alongside = earlier.some(
    (other) =>
      other.role === 'antidepressant' &&
      other.agent.id !== core.agent.id &&
      isRunningOn(other, core.start) &&
      isRunningOn(other, continuesUntil)
  );
  return alongside ? 'augmentation' : 'antidepressant';
}

/** The dose segment covering `date`, if any. */
export function getSegmentOn(segments: readonly DoseSegment[], date: IsoDate): DoseSegment | undefined {
  for (const segment of segments) {
    if (segment.start <= date && (segment.end === undefined || segment.end >= date)) {
      return segment;
    }
  }
  return undefined;
}

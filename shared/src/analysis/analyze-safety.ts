import type { SafetyFlag, Trial } from '../domain/assessment';
import { addDays, daysBetween, isValidIsoDate, type IsoDate } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import type { PatientRecord } from '../domain/record';
import { QT_DOSE_CAPS } from '../knowledge/safety-rules';
import type { AgentInfo } from '../knowledge/types';
import { isConfirmedCondition } from './confounders';
import type { AnalysisContext } from './context';
import { formatDose } from './format';
import type { MedicationInterval, MedicationIntervals } from './medication-intervals';
import {
  carriesSerotonergicRisk,
  describeWashout,
  getDoseCap,
  getMaoiWashoutDays,
  getPoorMetaboliserGenes,
  isForbiddenMaoiPair,
} from './option-safety';
import { getItem9 } from './phq9-series';

export interface SafetyInput {
  readonly record: PatientRecord;
  readonly trials: readonly Trial[];
  readonly intervals: MedicationIntervals;
  readonly ageYears?: number;
}

export interface Item9Answer {
  readonly date: IsoDate;
  readonly value: number | undefined;
  readonly refs: readonly string[];
}

/** Every dated PHQ-9 administration (scored or not) with its item 9 answer when recorded, up to `asOf`. */
export function collectItem9Answers(record: PatientRecord, ctx: AnalysisContext): Item9Answer[] {
  const answers: Item9Answer[] = [];
  const add = (date: unknown, value: number | undefined, refs: readonly string[] | undefined): void => {
    if (typeof date === 'string' && isValidIsoDate(date) && date <= ctx.asOf) {
      answers.push({ date, value, refs: refs ?? [] });
    }
  };
  for (const score of record.phq9) {
    add(score.date, getItem9(score), score.refs);
  }
  for (const answer of record.unscoredItem9 ?? []) {
    add(answer.date, Number.isFinite(answer.value) ? answer.value : undefined, answer.refs);
  }
  return answers;
}

/**
 * The critical item-9 flag. Raised when item 9 is positive on the latest PHQ-9, or on any PHQ-9 in the last
 * `item9RecentWindowDays` whatever follows it (a later PHQ-9 without item 9, or with item 9 = 0, does not clear a
 * recorded risk: a design choice). Scores that could not be scored count too, so neither a bad total nor missing items
 * can hide a positive answer. The detail says when item 9 was not recorded on the latest PHQ-9.
 */
export function analyzeItem9(record: PatientRecord, ctx: AnalysisContext): SafetyFlag | undefined {
  const answers = collectItem9Answers(record, ctx);
  let latestDate: IsoDate | undefined;
  for (const answer of answers) {
    if (latestDate === undefined || answer.date > latestDate) {
      latestDate = answer.date;
    }
  }
  if (latestDate === undefined) {
    return undefined;
  }
  const windowFrom = addDays(ctx.asOf, -ctx.t.item9RecentWindowDays);
  let positive: Item9Answer | undefined;
  let latestRecorded = false;
  for (const answer of answers) {
    const isPositive = answer.value !== undefined && answer.value >= ctx.t.item9Positive;
    if (answer.date === latestDate && answer.value !== undefined) {
      latestRecorded = true;
    }
    const counts = answer.date >= windowFrom || answer.date === latestDate;
    if (
      isPositive &&
      counts &&
      (positive === undefined ||
        answer.date > positive.date ||
        (answer.date === positive.date && (answer.value ?? 0) > (positive.value ?? 0)))
    ) {
      positive = answer;
    }
  }
  if (!positive || positive.value === undefined) {
    return undefined;
  }
  const refs = answers.filter((answer) => answer.date === positive.date).flatMap((answer) => answer.refs);
  const notes: string[] = [];
  if (!latestRecorded) {
    notes.push(`Item 9 not recorded on the latest PHQ-9 (${latestDate}).`);
  } else if (positive.date < latestDate) {
    notes.push(
      `A later PHQ-9 (${latestDate}) recorded item 9 below ${ctx.t.item9Positive}; a positive answer in the last ${ctx.t.item9RecentWindowDays} days still calls for an assessment.`
    );
  }
  const which = positive.date === latestDate ? 'the latest PHQ-9' : `the PHQ-9 of ${positive.date}`;
  return {
    id: 'phq9-item9-positive',
    severity: 'critical',
    message: `PHQ-9 item 9 (thoughts of self-harm) was positive on ${positive.date}: assess suicide risk today.`,
    detail: [
      `Item 9 was answered ${positive.value} on ${which}.`,
      ...notes,
      'A positive answer calls for a same-day suicide risk assessment (e.g. C-SSRS), whatever else is shown here.',
    ].join(' '),
    date: positive.date,
    refs: [...new Set(refs)],
    citationIds: ['simon-2013-item9', 'loinc-phq9', 'tachywatch-design'],
  };
}

/**
 * A data issue when the latest PHQ-9 did not record item 9 (a total-only score): the safety screen it carries is
 * missing, whatever the total says.
 */
export function checkLatestItem9Recorded(record: PatientRecord, ctx: AnalysisContext): DataIssue | undefined {
  const answers = collectItem9Answers(record, ctx);
  let latest: IsoDate | undefined;
  for (const answer of answers) {
    if (latest === undefined || answer.date > latest) {
      latest = answer.date;
    }
  }
  if (latest === undefined || answers.some((answer) => answer.date === latest && answer.value !== undefined)) {
    return undefined;
  }
  const ref = answers.find((answer) => answer.date === latest)?.refs[0];
  return {
    code: 'phq9.item9-not-recorded',
    severity: 'info',
    message: `Item 9 not recorded on the latest PHQ-9 (${latest}): ask about thoughts of self-harm.`,
    ...(ref ? { resourceRef: ref } : {}),
  };
}

interface CurrentAgent {
  readonly agent: AgentInfo;
  readonly refs: string[];
  /** Highest current daily dose, when known. */
  dailyDoseMg?: number;
}

function getCurrentAgents(intervals: MedicationIntervals): Map<string, CurrentAgent> {
  const current = new Map<string, CurrentAgent>();
  for (const [agentId, list] of intervals.byAgent) {
    for (const interval of list) {
      if (interval.end === undefined) {
        const entry = current.get(agentId) ?? { agent: interval.agent, refs: [] };
        entry.refs.push(interval.event.ref);
        const dose = interval.dose.dailyDoseMg;
        if (dose !== undefined && (entry.dailyDoseMg === undefined || dose > entry.dailyDoseMg)) {
          entry.dailyDoseMg = dose;
        }
        current.set(agentId, entry);
      }
    }
  }
  return current;
}

function getLastEnd(list: readonly MedicationInterval[]): IsoDate | undefined {
  let last: IsoDate | undefined;
  for (const interval of list) {
    if (interval.end === undefined) {
      return undefined;
    }
    if (last === undefined || interval.end > last) {
      last = interval.end;
    }
  }
  return last;
}

function getCurrentStart(list: readonly MedicationInterval[]): IsoDate | undefined {
  return list.find((interval) => interval.end === undefined)?.start;
}

/** Washout days after stopping `agent` before an MAOI may start. */
export function getWashoutBeforeMaoi(agent: AgentInfo, ctx: AnalysisContext): number {
  return agent.washoutBeforeMaoiDays ?? ctx.t.maoiWashoutDays;
}

function analyzeSerotonergic(intervals: MedicationIntervals, ctx: AnalysisContext): SafetyFlag[] {
  const flags: SafetyFlag[] = [];
  const current = [...getCurrentAgents(intervals).values()];
  const risky = current.filter((entry) => carriesSerotonergicRisk(entry.agent, ctx, entry.dailyDoseMg));
  const maoiPair = current.some((a) => current.some((b) => isForbiddenMaoiPair(a.agent, b.agent)));
  if (risky.length >= 2 || maoiPair) {
    const involved = current.filter(
      (entry) => entry.agent.serotonergic || current.some((other) => isForbiddenMaoiPair(entry.agent, other.agent))
    );
    const names = involved.map((entry) => entry.agent.name).join(' + ');
    flags.push({
      id: 'serotonergic-combination',
      severity: maoiPair ? 'critical' : 'warning',
      message: maoiPair
        ? `MAOI combination currently recorded: ${names}.`
        : `Serotonergic combination currently recorded: ${names}.`,
      detail: maoiPair
        ? 'An MAOI with another antidepressant, a stimulant or another serotonergic drug can cause serotonin syndrome or a hypertensive crisis: review urgently.'
        : 'Two or more serotonergic drugs together raise the risk of serotonin syndrome (confusion, agitation, tremor, myoclonus, hyperthermia).',
      refs: involved.flatMap((entry) => entry.refs),
      citationIds: ['drug-labels', 'maoi-washout-labels'],
    });
  }
  flags.push(...analyzeWashouts(intervals, ctx));
  return flags;
}

/** A drug started inside the washout after stopping another (either direction around an MAOI). */
function analyzeWashouts(intervals: MedicationIntervals, ctx: AnalysisContext): SafetyFlag[] {
  const flags: SafetyFlag[] = [];
  for (const [toId, toList] of intervals.byAgent) {
    const to = toList[0]?.agent;
    const start = getCurrentStart(toList);
    if (!to || start === undefined) {
      continue;
    }
    for (const [fromId, fromList] of intervals.byAgent) {
      const from = fromList[0]?.agent;
      const end = getLastEnd(fromList);
      if (!from || fromId === toId || end === undefined || end >= start) {
        continue;
      }
      const washout = getMaoiWashoutDays(from, to, ctx);
      const gap = daysBetween(end, start);
      if (washout !== undefined && gap < washout) {
        flags.push({
          id: 'maoi-washout',
          severity: 'critical',
          message: `${to.name} started ${gap} days after stopping ${from.name}; the washout is ${washout} days.`,
          detail: `${describeWashout(from, to, washout)}: serotonin syndrome or hypertensive crisis risk.`,
          refs: [...fromList.map((i) => i.event.ref), ...toList.map((i) => i.event.ref)],
          citationIds: ['maoi-washout-labels'],
        });
      }
    }
  }
  return flags;
}

function analyzeQtDose(
  trials: readonly Trial[],
  record: PatientRecord,
  ageYears: number | undefined,
  ctx: AnalysisContext
): SafetyFlag[] {
  const flags: SafetyFlag[] = [];
  const poorMetaboliserGenes = getPoorMetaboliserGenes(record);
  for (const cap of QT_DOSE_CAPS) {
    for (const trial of trials) {
      const segment = trial.doseSegments[trial.doseSegments.length - 1];
      const dose = segment?.dailyDoseMg;
      const agent = ctx.getAgent(trial.agentId);
      if (trial.agentId !== cap.agentId || !trial.ongoing || dose === undefined || !agent) {
        continue;
      }
      const limit = getDoseCap(agent, { ...(ageYears === undefined ? {} : { ageYears }), poorMetaboliserGenes });
      if (limit && dose > limit.maxDailyDoseMg) {
        flags.push({
          id: 'citalopram-qt-dose',
          severity: 'warning',
          message: `${trial.name} ${formatDose(dose)} is above the QT-related maximum of ${formatDose(limit.maxDailyDoseMg)}${limit.lowered ? ` ${limit.lowered}` : ''}.`,
          detail: 'Dose-dependent QT prolongation: the label caps the daily dose.',
          refs: segment?.refs ?? [],
          citationIds: cap.citationIds,
        });
      }
    }
  }
  return flags;
}

/** Safety flags, always evaluated whatever the tachyphylaxis result (rules: `knowledge/safety-rules.ts`). */
export function analyzeSafety(input: SafetyInput, ctx: AnalysisContext): SafetyFlag[] {
  const flags: SafetyFlag[] = [];
  const item9 = analyzeItem9(input.record, ctx);
  if (item9) {
    flags.push(item9);
  }
  const currentAntidepressants = input.trials.filter((trial) => trial.ongoing && trial.role === 'antidepressant');
  const onAntidepressant = currentAntidepressants.length > 0;
  if (input.ageYears !== undefined && input.ageYears <= ctx.t.boxedWarningMaxAge) {
    flags.push({
      id: 'boxed-warning-young-adult',
      severity: onAntidepressant ? 'warning' : 'info',
      message: `Age ${input.ageYears}: antidepressants carry a boxed warning for suicidal thoughts and behaviour up to age ${ctx.t.boxedWarningMaxAge}.`,
      detail:
        'Monitor closely for worsening and suicidality, especially in the first months and after any dose change or switch.',
      refs: currentAntidepressants.flatMap((trial) => trial.refs),
      citationIds: ['fda-boxed-warning'],
    });
  }
  const bipolar = input.record.conditions.filter((condition) => condition.category === 'bipolar');
  const confirmedBipolar = bipolar.filter(isConfirmedCondition);
  if (bipolar.length > 0 && onAntidepressant) {
    // A differential or provisional bipolar diagnosis is a caution to confirm, not a recorded diagnosis.
    const confirmed = confirmedBipolar.length > 0;
    flags.push({
      id: 'bipolar-antidepressant-caution',
      severity: confirmed ? 'warning' : 'info',
      message: confirmed
        ? 'A bipolar disorder diagnosis is recorded while an antidepressant is taken.'
        : 'A bipolar disorder is being considered (not confirmed) while an antidepressant is taken.',
      detail: confirmed
        ? 'Antidepressant monotherapy in bipolar disorder risks switching to mania or rapid cycling; reconsider the diagnosis and the regimen.'
        : 'Bipolar disorder is recorded as a differential or provisional diagnosis: confirm or exclude it (e.g. MDQ, history of hypomania) before relying on an antidepressant alone.',
      refs: (confirmed ? confirmedBipolar : bipolar).map((condition) => condition.ref),
      citationIds: ['canmat-2023', 'drug-labels'],
    });
  }
  flags.push(
    ...analyzeSerotonergic(input.intervals, ctx),
    ...analyzeQtDose(input.trials, input.record, input.ageYears, ctx)
  );
  return flags;
}

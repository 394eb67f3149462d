import type {
  CandidateAgent,
  OptionKind,
  Phq9Point,
  SafetyFlag,
  TachyphylaxisFinding,
  TreatmentOption,
  TreatmentResistance,
  Trial,
} from '../domain/assessment';
import type { PatientRecord } from '../domain/record';
import {
  AUGMENTATION_CANDIDATES,
  COMBINATION_CANDIDATES,
  DUAL_ACTION_CLASSES,
  ESKETAMINE_REMS_NOTE,
  LATER_LINE_CLASSES,
  MAX_SWITCH_CANDIDATES,
  OPTION_ORDER,
  OPTIONS,
  SSRI_LIKE_CLASSES,
  SWITCH_EXCLUDED,
  type CandidateInfo,
} from '../knowledge/options';
import type { AgentInfo } from '../knowledge/types';
import type { AnalysisContext } from './context';
import { formatDose } from './format';
import { getWashoutBeforeMaoi } from './analyze-safety';
import { evaluateTmsEligibility } from './tms-eligibility';

export interface OptionsInput {
  readonly record: PatientRecord;
  readonly trials: readonly Trial[];
  readonly points: readonly Phq9Point[];
  readonly tachyphylaxis: TachyphylaxisFinding;
  readonly treatmentResistance: TreatmentResistance;
  readonly safety: readonly SafetyFlag[];
  readonly ageYears?: number;
}

interface Situation {
  readonly current?: Trial;
  readonly currentAgent?: AgentInfo;
  readonly afterLoss: boolean;
  readonly bipolar: boolean;
  readonly psychotic: boolean;
  readonly item9: boolean;
  readonly severe: boolean;
  readonly failedCount: number;
  readonly triedAgents: ReadonlySet<string>;
  readonly triedMechanisms: ReadonlySet<string>;
  readonly commonNotes: readonly string[];
}

const FAILED_OUTCOMES: ReadonlySet<string> = new Set(['non-response', 'partial-response', 'loss-of-response']);

function getCurrentTrial(input: OptionsInput): Trial | undefined {
  const byFinding = input.trials.find((trial) => trial.id === input.tachyphylaxis.trialId);
  if (byFinding?.role === 'antidepressant') {
    return byFinding;
  }
  const ongoing = input.trials.filter((trial) => trial.ongoing && trial.role === 'antidepressant');
  return ongoing[ongoing.length - 1];
}

function buildSituation(input: OptionsInput, ctx: AnalysisContext): Situation {
  const current = getCurrentTrial(input);
  const latest = input.points[input.points.length - 1];
  const bipolar = input.record.conditions.some((c) => c.category === 'bipolar');
  const psychotic = input.record.conditions.some((c) => c.category === 'psychotic' || c.psychoticFeatures === true);
  const item9 = input.safety.some((flag) => flag.id === 'phq9-item9-positive');
  const commonNotes: string[] = [];
  if (item9) {
    commonNotes.push('PHQ-9 item 9 is positive: assess suicide risk before any change.');
  }
  return {
    current,
    currentAgent: current ? ctx.getAgent(current.agentId) : undefined,
    afterLoss: ['possible', 'emerging'].includes(input.tachyphylaxis.status),
    bipolar,
    psychotic,
    item9,
    severe: latest !== undefined && latest.total >= ctx.t.ectSevereScore,
    failedCount: input.treatmentResistance.adequateFailedTrialIds.length,
    triedAgents: new Set(input.trials.map((trial) => trial.agentId)),
    triedMechanisms: new Set(
      input.trials
        .filter((trial) => trial.role === 'antidepressant')
        .map((trial) => ctx.getAgent(trial.agentId)?.mechanism)
        .filter((m): m is string => m !== undefined)
    ),
    commonNotes,
  };
}

function antidepressantNotes(situation: Situation, input: OptionsInput, ctx: AnalysisContext): string[] {
  const notes = [...situation.commonNotes];
  if (input.ageYears !== undefined && input.ageYears <= ctx.t.boxedWarningMaxAge) {
    notes.push(
      `Age ${input.ageYears}: boxed warning for suicidality up to age ${ctx.t.boxedWarningMaxAge}; monitor closely after any change.`
    );
  }
  if (situation.bipolar) {
    notes.push(
      'Bipolar disorder is recorded: antidepressant changes risk a switch to mania; reconsider the diagnosis first.'
    );
  }
  return notes;
}

function toCandidate(agent: AgentInfo, note: string): CandidateAgent {
  return { agentId: agent.id, name: agent.name, note };
}

function buildDoseOptimisation(
  s: Situation,
  input: OptionsInput,
  ctx: AnalysisContext
): Omit<TreatmentOption, 'rank'> | undefined {
  const trial = s.current;
  const max = s.currentAgent?.dosesMg?.max;
  const dose = trial?.doseSegments[trial.doseSegments.length - 1]?.dailyDoseMg;
  if (!trial || !s.currentAgent || max === undefined || dose === undefined || dose >= max) {
    return undefined;
  }
  const info = OPTIONS['dose-optimisation'];
  return {
    kind: info.kind,
    title: info.title,
    rationale: s.afterLoss ? info.rationaleAfterLoss : info.rationale,
    candidates: [toCandidate(s.currentAgent, `Current ${formatDose(dose)}; usual maximum ${formatDose(max)}.`)],
    safetyNotes: antidepressantNotes(s, input, ctx),
    citationIds: info.citationIds,
  };
}

function buildSwitch(
  s: Situation,
  input: OptionsInput,
  ctx: AnalysisContext
): Omit<TreatmentOption, 'rank'> | undefined {
  const preferDual = s.afterLoss && s.current !== undefined && SSRI_LIKE_CLASSES.includes(s.current.drugClass);
  const candidates = ctx.agents
    .filter(
      (agent) =>
        agent.roles.includes('antidepressant') &&
        agent.dosesMg?.minAdequate !== undefined &&
        SWITCH_EXCLUDED[agent.id] === undefined &&
        !s.triedAgents.has(agent.id) &&
        !s.triedMechanisms.has(agent.mechanism)
    )
    .map((agent, index) => ({
      agent,
      laterLine: LATER_LINE_CLASSES.includes(agent.drugClass),
      lessPreferred: preferDual && !DUAL_ACTION_CLASSES.includes(agent.drugClass),
      index,
    }))
    .sort(
      (a, b) =>
        Number(a.laterLine) - Number(b.laterLine) ||
        Number(a.lessPreferred) - Number(b.lessPreferred) ||
        a.index - b.index
    );
  const seenMechanisms = new Set<string>();
  const picked: AgentInfo[] = [];
  for (const { agent } of candidates) {
    if (picked.length >= MAX_SWITCH_CANDIDATES) {
      break;
    }
    if (!seenMechanisms.has(agent.mechanism)) {
      seenMechanisms.add(agent.mechanism);
      picked.push(agent);
    }
  }
  if (picked.length === 0) {
    return undefined;
  }
  const notes = antidepressantNotes(s, input, ctx);
  const from = s.currentAgent;
  for (const agent of picked) {
    if (agent.maoi && from) {
      notes.push(
        `${agent.name} is an MAOI: stop ${from.name} at least ${getWashoutBeforeMaoi(from, ctx)} days before starting it.`
      );
    }
  }
  if (from?.maoi) {
    notes.push(
      `After stopping ${from.name}, wait at least ${ctx.t.maoiWashoutDays} days before another serotonergic drug.`
    );
  }
  const info = OPTIONS.switch;
  return {
    kind: info.kind,
    title: info.title,
    rationale: s.afterLoss ? info.rationaleAfterLoss : info.rationale,
    candidates: picked.map((agent) =>
      toCandidate(
        agent,
        `${agent.drugClass}; mechanism not yet tried${preferDual && DUAL_ACTION_CLASSES.includes(agent.drugClass) ? ' (dual action)' : ''}.`
      )
    ),
    safetyNotes: notes,
    citationIds: info.citationIds,
  };
}

function buildAddOn(
  kind: 'augmentation' | 'combination',
  list: readonly CandidateInfo[],
  s: Situation,
  input: OptionsInput,
  ctx: AnalysisContext
): Omit<TreatmentOption, 'rank'> | undefined {
  if (!s.current || !s.currentAgent) {
    return undefined;
  }
  const current = s.currentAgent;
  const candidates: CandidateAgent[] = [];
  const notes = kind === 'combination' ? antidepressantNotes(s, input, ctx) : [...s.commonNotes];
  for (const item of list) {
    const agent = ctx.getAgent(item.agentId);
    if (!agent || s.triedAgents.has(agent.id) || (s.bipolar && item.antidepressant)) {
      continue;
    }
    candidates.push(toCandidate(agent, item.note));
    if (agent.serotonergic && current.serotonergic) {
      notes.push(`${agent.name} with ${current.name}: serotonergic combination; monitor for serotonin syndrome.`);
    }
  }
  if (candidates.length === 0) {
    return undefined;
  }
  if (s.bipolar && kind === 'augmentation') {
    notes.push(
      'Bipolar disorder is recorded: prefer mood-stabilising or antipsychotic agents; review the antidepressant itself.'
    );
  }
  const info = OPTIONS[kind];
  return {
    kind,
    title: info.title,
    rationale: s.afterLoss ? info.rationaleAfterLoss : info.rationale,
    candidates,
    safetyNotes: notes,
    citationIds: info.citationIds,
  };
}

function buildSimple(
  kind: 'psychotherapy' | 'ect' | 'esketamine',
  s: Situation,
  input: OptionsInput,
  ctx: AnalysisContext
): Omit<TreatmentOption, 'rank'> {
  const info = OPTIONS[kind];
  const notes =
    kind === 'esketamine' ? [...antidepressantNotes(s, input, ctx), ESKETAMINE_REMS_NOTE] : [...s.commonNotes];
  return {
    kind,
    title: info.title,
    rationale: s.afterLoss ? info.rationaleAfterLoss : info.rationale,
    candidates: [],
    safetyNotes: notes,
    citationIds: info.citationIds,
  };
}

function buildTms(s: Situation, input: OptionsInput, ctx: AnalysisContext): Omit<TreatmentOption, 'rank'> {
  const info = OPTIONS.tms;
  const failedIds = new Set(input.treatmentResistance.adequateFailedTrialIds);
  const latest = input.points[input.points.length - 1];
  const notes = [...s.commonNotes];
  if (input.record.conditions.some((c) => c.category === 'seizure')) {
    notes.push('A seizure disorder is recorded: TMS policies exclude or require review of seizure risk.');
  }
  return {
    kind: 'tms',
    title: info.title,
    rationale: s.afterLoss ? info.rationaleAfterLoss : info.rationale,
    candidates: [],
    safetyNotes: notes,
    citationIds: info.citationIds,
    tmsEligibility: evaluateTmsEligibility(
      {
        record: input.record,
        trials: input.trials,
        failedTrials: input.trials.filter((trial) => failedIds.has(trial.id)),
        ...(input.treatmentResistance.episodeStart ? { episodeStart: input.treatmentResistance.episodeStart } : {}),
        ...(input.ageYears === undefined ? {} : { ageYears: input.ageYears }),
        ...(latest ? { latestPhq9: { date: latest.date, total: latest.total } } : {}),
      },
      ctx
    ),
  };
}

function needsChange(s: Situation, input: OptionsInput, ctx: AnalysisContext): boolean {
  const latest = input.points[input.points.length - 1];
  const symptomatic = latest !== undefined && latest.total >= ctx.t.elevatedScore;
  const currentFailed = s.current !== undefined && FAILED_OUTCOMES.has(s.current.outcome);
  return s.afterLoss || symptomatic || currentFailed || s.item9;
}

/**
 * Ranked next steps to consider. Which options apply depends on the finding (loss of response, non-response,
 * treatment resistance, urgency); their order comes from the knowledge pack. Psychotherapy always applies.
 */
export function buildOptions(input: OptionsInput, ctx: AnalysisContext): TreatmentOption[] {
  const s = buildSituation(input, ctx);
  const built = new Map<OptionKind, Omit<TreatmentOption, 'rank'>>();
  built.set('psychotherapy', buildSimple('psychotherapy', s, input, ctx));
  if (needsChange(s, input, ctx) && input.trials.some((trial) => trial.role === 'antidepressant')) {
    const dose = buildDoseOptimisation(s, input, ctx);
    const change = buildSwitch(s, input, ctx);
    const augmentation = buildAddOn('augmentation', AUGMENTATION_CANDIDATES, s, input, ctx);
    const combination = buildAddOn('combination', COMBINATION_CANDIDATES, s, input, ctx);
    for (const option of [dose, change, augmentation, combination]) {
      if (option) {
        built.set(option.kind, option);
      }
    }
    if (s.failedCount > 0 || s.afterLoss) {
      built.set('tms', buildTms(s, input, ctx));
    }
    if (s.failedCount >= ctx.t.trdMinFailedTrials) {
      built.set('esketamine', buildSimple('esketamine', s, input, ctx));
    }
    if (s.severe || s.item9 || s.psychotic || s.failedCount >= ctx.t.trdMinFailedTrials) {
      built.set('ect', buildSimple('ect', s, input, ctx));
    }
  }
  const order =
    s.psychotic || (s.item9 && s.severe)
      ? OPTION_ORDER.urgent
      : s.afterLoss
        ? OPTION_ORDER['loss-of-response']
        : input.treatmentResistance.meetsTrdDefinition
          ? OPTION_ORDER['treatment-resistant']
          : OPTION_ORDER['non-response'];
  const options: TreatmentOption[] = [];
  for (const kind of order) {
    const option = built.get(kind);
    if (option) {
      options.push({ ...option, rank: options.length + 1 });
    }
  }
  return options;
}

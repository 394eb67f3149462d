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
import { CONFOUNDERS } from '../knowledge/confounders';
import {
  ATTRIBUTED_OPTIONS,
  AUGMENTATION_CANDIDATES,
  COMBINATION_CANDIDATES,
  DUAL_ACTION_CLASSES,
  ESKETAMINE_REMS_NOTE,
  EXPLANATION_ACTIONS,
  LATER_LINE_CLASSES,
  MAX_SWITCH_CANDIDATES,
  OPTION_ORDER,
  OPTIONS,
  SSRI_LIKE_CLASSES,
  SWITCH_EXCLUDED,
  type CandidateInfo,
} from '../knowledge/options';
import { PAEDIATRIC_RULE } from '../knowledge/safety-rules';
import type { AgentInfo } from '../knowledge/types';
import type { AnalysisContext } from './context';
import { formatDose } from './format';
import {
  buildSafetyProfile,
  carriesSerotonergicRisk,
  describeDoseCap,
  describeWashout,
  getDoseOptionCap,
  getMaoiWashoutDays,
  getPaediatricRule,
  getPatientNotes,
  judgeNewAgent,
  type SafetyProfile,
} from './option-safety';
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
  /** The worsening has explanations to address first (status `explained`). */
  readonly explained: boolean;
  /** The response being lost followed an ECT course (a relapse after ECT) and the worsening has not resolved. */
  readonly ectRelapse: boolean;
  /** The response being lost came with a TMS course (a regimen response) and the worsening has not resolved. */
  readonly tmsRegimen: boolean;
  /** The response being lost came with esketamine and the worsening has not resolved. */
  readonly esketamineRegimen: boolean;
  readonly bipolar: boolean;
  readonly psychotic: boolean;
  readonly item9: boolean;
  readonly severe: boolean;
  readonly failedCount: number;
  readonly triedAgents: ReadonlySet<string>;
  readonly triedMechanisms: ReadonlySet<string>;
  readonly commonNotes: readonly string[];
  readonly profile: SafetyProfile;
}

const FAILED_OUTCOMES: ReadonlySet<string> = new Set(['non-response', 'partial-response', 'loss-of-response']);

/** Findings whose worsening still stands (not resolved, not set aside for a bipolar or psychotic diagnosis). */
const UNRESOLVED_WORSENING: ReadonlySet<string> = new Set(['possible', 'emerging', 'explained', 'managed']);

function getCurrentTrial(input: OptionsInput): Trial | undefined {
  const byFinding = input.trials.find((trial) => trial.id === input.tachyphylaxis.trialId);
  if (byFinding?.role === 'antidepressant') {
    return byFinding;
  }
  const ongoing = input.trials.filter((trial) => trial.ongoing && trial.role === 'antidepressant');
  return ongoing[ongoing.length - 1];
}

function hasCoTreatment(finding: TachyphylaxisFinding, kind: 'tms' | 'esketamine'): boolean {
  return finding.attribution?.kind === 'regimen' && finding.attribution.coTreatments.some((item) => item.kind === kind);
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
  const finding = input.tachyphylaxis;
  const unresolved = UNRESOLVED_WORSENING.has(finding.status);
  return {
    current,
    currentAgent: current ? ctx.getAgent(current.agentId) : undefined,
    afterLoss: ['possible', 'emerging'].includes(finding.status),
    explained: finding.status === 'explained' && (finding.explanations ?? []).length > 0,
    ectRelapse: unresolved && finding.attribution?.kind === 'ect',
    tmsRegimen: unresolved && hasCoTreatment(finding, 'tms'),
    esketamineRegimen: unresolved && hasCoTreatment(finding, 'esketamine'),
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
    profile: buildSafetyProfile(input, ctx),
  };
}

function antidepressantNotes(
  situation: Situation,
  input: OptionsInput,
  ctx: AnalysisContext,
  candidates: readonly AgentInfo[] = []
): string[] {
  const notes = [...situation.commonNotes, ...getPatientNotes(situation.profile, candidates)];
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
  const agent = s.currentAgent;
  const cap = agent ? getDoseOptionCap(agent, s.profile) : undefined;
  const dose = trial?.doseSegments[trial.doseSegments.length - 1]?.dailyDoseMg;
  if (!trial || !agent || cap === undefined || dose === undefined || dose >= cap.maxDailyDoseMg) {
    return undefined;
  }
  // Under 18 only the rule table's agents are named, even to raise a dose already prescribed.
  if (s.profile.paediatric && !getPaediatricRule(agent, s.profile)) {
    return undefined;
  }
  const limit = describeDoseCap(cap);
  const info = OPTIONS['dose-optimisation'];
  return {
    kind: info.kind,
    title: info.title,
    rationale: s.afterLoss ? info.rationaleAfterLoss : info.rationale,
    candidates: [toCandidate(agent, `Current ${formatDose(dose)}; ${limit}.`)],
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
        // Under 18 the table holds only SSRIs: a second SSRI is the usual next step (TORDIA; AACAP 2023).
        (s.profile.paediatric || !s.triedMechanisms.has(agent.mechanism))
    )
    .map((agent, index) => ({
      agent,
      verdict: judgeNewAgent(agent, s.profile, false),
      laterLine: LATER_LINE_CLASSES.includes(agent.drugClass),
      lessPreferred: preferDual && !DUAL_ACTION_CLASSES.includes(agent.drugClass),
      index,
    }))
    .filter((item) => item.verdict.offered)
    .sort(
      (a, b) =>
        a.verdict.priority - b.verdict.priority ||
        Number(a.laterLine) - Number(b.laterLine) ||
        Number(a.lessPreferred) - Number(b.lessPreferred) ||
        a.index - b.index
    );
  const seenMechanisms = new Set<string>();
  const picked: { agent: AgentInfo; notes: readonly string[] }[] = [];
  for (const { agent, verdict } of candidates) {
    if (picked.length >= MAX_SWITCH_CANDIDATES) {
      break;
    }
    if (s.profile.paediatric || !seenMechanisms.has(agent.mechanism)) {
      seenMechanisms.add(agent.mechanism);
      picked.push({ agent, notes: verdict.notes });
    }
  }
  if (picked.length === 0) {
    return undefined;
  }
  const notes = antidepressantNotes(
    s,
    input,
    ctx,
    picked.map((item) => item.agent)
  );
  for (const from of s.profile.currentAgents) {
    const washouts = picked.flatMap(({ agent }) => {
      const days = getMaoiWashoutDays(from, agent, ctx);
      return days === undefined ? [] : [{ agent, days }];
    });
    const longest = Math.max(0, ...washouts.map((w) => w.days));
    if (from.maoi && washouts.length > 0) {
      notes.push(
        `After stopping ${from.name} (an MAOI), wait at least ${longest} days before starting ${washouts.map((w) => w.agent.name).join(', ')}.`
      );
    } else {
      for (const { agent, days } of washouts) {
        notes.push(`${agent.name} is an MAOI: ${describeWashout(from, agent, days)}.`);
      }
    }
  }
  const info = OPTIONS.switch;
  return {
    kind: info.kind,
    title: info.title,
    rationale: s.afterLoss ? info.rationaleAfterLoss : info.rationale,
    candidates: picked.map(({ agent, notes: agentNotes }) =>
      toCandidate(
        agent,
        [
          s.triedMechanisms.has(agent.mechanism)
            ? `${agent.drugClass}; not yet tried.`
            : `${agent.drugClass}; mechanism not yet tried${preferDual && DUAL_ACTION_CLASSES.includes(agent.drugClass) ? ' (dual action)' : ''}.`,
          ...agentNotes,
        ].join(' ')
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
  const info = OPTIONS[kind];
  if (s.profile.paediatric) {
    return {
      kind,
      title: info.title,
      rationale: s.afterLoss ? info.rationaleAfterLoss : info.rationale,
      candidates: [],
      safetyNotes: [...s.commonNotes, PAEDIATRIC_RULE.addOnNote],
      citationIds: [...info.citationIds, 'aacap-2023'],
    };
  }
  const candidates: CandidateAgent[] = [];
  const agents: AgentInfo[] = [];
  const notes: string[] = [];
  let droppedForMaoi = false;
  // An add-on already in the regimen is not joined by a second of its class (no second antipsychotic).
  const currentAddOnClasses = new Set(
    s.profile.currentAgents.filter((agent) => !agent.roles.includes('antidepressant')).map((agent) => agent.drugClass)
  );
  for (const item of list) {
    const agent = ctx.getAgent(item.agentId);
    if (
      !agent ||
      s.triedAgents.has(agent.id) ||
      (s.bipolar && item.antidepressant) ||
      (kind === 'augmentation' && currentAddOnClasses.has(agent.drugClass))
    ) {
      continue;
    }
    const verdict = judgeNewAgent(agent, s.profile, true);
    if (!verdict.offered) {
      droppedForMaoi ||= verdict.excludedBy === 'maoi-combination';
      continue;
    }
    candidates.push(toCandidate(agent, [item.note, ...verdict.notes].join(' ')));
    agents.push(agent);
    const partners = s.profile.currentAgents.filter(
      (current) => current.id !== agent.id && carriesSerotonergicRisk(current, ctx)
    );
    if (carriesSerotonergicRisk(agent, ctx) && partners.length > 0) {
      notes.push(
        `${agent.name} with ${partners.map((p) => p.name).join(', ')}: serotonergic combination; monitor for serotonin syndrome.`
      );
    }
  }
  const maoi = s.profile.currentAgents.find((agent) => agent.maoi);
  if (maoi && (droppedForMaoi || kind === 'augmentation')) {
    notes.unshift(
      `${maoi.name} is an MAOI: no other antidepressant (bupropion and mirtazapine included), buspirone or stimulant may be added to it.`
    );
  }
  if (candidates.length === 0) {
    return undefined;
  }
  notes.unshift(...(kind === 'combination' ? antidepressantNotes(s, input, ctx, agents) : [...s.commonNotes]));
  if (s.bipolar && kind === 'augmentation') {
    notes.push(
      'Bipolar disorder is recorded: prefer mood-stabilising or antipsychotic agents; review the antidepressant itself.'
    );
  }
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
  if (kind === 'ect' && s.profile.paediatric) {
    notes.push(PAEDIATRIC_RULE.ectNote);
  }
  const attributed =
    kind === 'ect' && s.ectRelapse
      ? ATTRIBUTED_OPTIONS.ectRelapse
      : kind === 'esketamine' && s.esketamineRegimen
        ? ATTRIBUTED_OPTIONS.esketamineContinuation
        : undefined;
  if (attributed) {
    return {
      kind,
      title: attributed.title,
      rationale: attributed.rationale,
      candidates: [],
      safetyNotes: notes,
      citationIds: [...new Set([...attributed.citationIds, ...info.citationIds])],
    };
  }
  return {
    kind,
    title: info.title,
    rationale: s.afterLoss ? info.rationaleAfterLoss : info.rationale,
    candidates: [],
    safetyNotes: notes,
    citationIds: info.citationIds,
  };
}

/**
 * Addressing what explains the worsening (adherence, a dose cut, a stopped drug, an inducer, smoking), first whenever
 * the finding is `explained`: one sentence per explanation, most actionable first.
 */
function buildAddressExplanation(s: Situation, input: OptionsInput): Omit<TreatmentOption, 'rank'> | undefined {
  const explanations = input.tachyphylaxis.explanations ?? [];
  const first = explanations[0];
  if (!s.explained || !first) {
    return undefined;
  }
  const info = OPTIONS['address-explanation'];
  const steps = explanations.map((explanation) => {
    const confounder = CONFOUNDERS.find((c) => c.id === explanation.confounderId);
    const action = EXPLANATION_ACTIONS[explanation.confounderId]?.action ?? confounder?.whatToCheck ?? '';
    return `Before the worsening: ${explanation.checkFirst}. ${action}`.trim();
  });
  const confounderCitations = explanations.flatMap(
    (explanation) => CONFOUNDERS.find((c) => c.id === explanation.confounderId)?.citationIds ?? []
  );
  return {
    kind: info.kind,
    title: EXPLANATION_ACTIONS[first.confounderId]?.title ?? info.title,
    rationale: [...steps, info.rationale].join(' '),
    candidates: [],
    safetyNotes: [...s.commonNotes],
    citationIds: [...new Set([...info.citationIds, ...confounderCitations])],
  };
}

function buildTms(s: Situation, input: OptionsInput, ctx: AnalysisContext): Omit<TreatmentOption, 'rank'> {
  const info = OPTIONS.tms;
  const failedIds = new Set(input.treatmentResistance.adequateFailedTrialIds);
  const latest = input.points[input.points.length - 1];
  const notes = [...s.commonNotes];
  if (s.profile.paediatric) {
    notes.push(PAEDIATRIC_RULE.tmsNote);
  }
  if (input.record.conditions.some((c) => c.category === 'seizure')) {
    notes.push('A seizure disorder is recorded: TMS policies exclude or require review of seizure risk.');
  }
  const retreatment = s.tmsRegimen ? ATTRIBUTED_OPTIONS.tmsRetreatment : undefined;
  return {
    kind: 'tms',
    title: retreatment?.title ?? info.title,
    rationale: retreatment?.rationale ?? (s.afterLoss ? info.rationaleAfterLoss : info.rationale),
    candidates: [],
    safetyNotes: notes,
    citationIds: retreatment ? [...new Set([...retreatment.citationIds, ...info.citationIds])] : info.citationIds,
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

/**
 * Which option order applies: urgency first, then a relapse after ECT, a loss of a response that came with TMS or
 * esketamine, an explained worsening, a loss of response.
 */
function getOrderKey(s: Situation, input: OptionsInput): keyof typeof OPTION_ORDER {
  if (s.psychotic || (s.item9 && s.severe)) {
    return 'urgent';
  }
  if (s.ectRelapse) {
    return 'relapse-after-ect';
  }
  if (s.tmsRegimen) {
    return 'relapse-after-tms';
  }
  if (s.esketamineRegimen) {
    return 'relapse-after-esketamine';
  }
  if (s.explained) {
    return 'explained-worsening';
  }
  if (s.afterLoss) {
    return 'loss-of-response';
  }
  return input.treatmentResistance.meetsTrdDefinition ? 'treatment-resistant' : 'non-response';
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
  const address = buildAddressExplanation(s, input);
  if (address) {
    built.set(address.kind, address);
  }
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
    const tmsAgeAllowed = !s.profile.paediatric || (input.ageYears ?? 0) >= PAEDIATRIC_RULE.tmsMinAgeYears;
    if ((s.failedCount > 0 || s.afterLoss || s.tmsRegimen) && tmsAgeAllowed) {
      built.set('tms', buildTms(s, input, ctx));
    }
    if ((s.failedCount >= ctx.t.trdMinFailedTrials || s.esketamineRegimen) && !s.profile.paediatric) {
      built.set('esketamine', buildSimple('esketamine', s, input, ctx));
    }
    if (s.severe || s.item9 || s.psychotic || s.ectRelapse || s.failedCount >= ctx.t.trdMinFailedTrials) {
      built.set('ect', buildSimple('ect', s, input, ctx));
    }
  }
  const order = OPTION_ORDER[getOrderKey(s, input)];
  const options: TreatmentOption[] = [];
  for (const kind of order) {
    const option = built.get(kind);
    if (option) {
      options.push({ ...option, rank: options.length + 1 });
    }
  }
  return options;
}

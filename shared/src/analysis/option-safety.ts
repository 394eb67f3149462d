import type { SafetyFlag, Trial } from '../domain/assessment';
import { addDays, type IsoDate } from '../domain/dates';
import type { PatientRecord, PgxGene } from '../domain/record';
import type { CitationId } from '../knowledge/citation-ids';
import {
  CYP_INDUCER_SCOPE,
  MAOI_COMBINATION_RULE,
  OLDER_ADULT_RULE,
  PAEDIATRIC_AGENTS,
  PAEDIATRIC_DOSE_CEILINGS,
  PAEDIATRIC_RULE,
  PERINATAL_RULE,
  QT_DOSE_CAPS,
  SEROTONERGIC_WARNING_RULE,
  SUICIDE_RISK_RULE,
  type PaediatricAgentRule,
} from '../knowledge/safety-rules';
import type { AgentInfo } from '../knowledge/types';
import type { AnalysisContext } from './context';
import { formatDose } from './format';
import { INACTIVE_CONDITION_STATUSES } from './medication-status';

/**
 * The one place the option safety rules (`knowledge/safety-rules.ts`) are applied: MAOI combinations and washouts,
 * age (under 18, 60 and over), pregnancy and postpartum, suicide risk, dose caps (label, paediatric, QT) and serotonergic
 * load. Options,
 * order checks and safety flags all ask here; none re-implements a rule.
 */

export interface PerinatalStatus {
  readonly kind: 'pregnancy' | 'postpartum';
  /** The record that shows it (condition onset or observation date). */
  readonly date: IsoDate;
  readonly refs: readonly string[];
}

export interface SafetyProfile {
  readonly ageYears?: number;
  readonly paediatric: boolean;
  readonly olderAdult: boolean;
  readonly perinatal?: PerinatalStatus;
  readonly suicideRisk: boolean;
  /** Agents of the ongoing trials (the current regimen). */
  readonly currentAgents: readonly AgentInfo[];
  readonly poorMetaboliserGenes: ReadonlySet<PgxGene>;
}

export interface SafetyProfileInput {
  readonly record: PatientRecord;
  readonly trials: readonly Trial[];
  readonly safety: readonly SafetyFlag[];
  readonly ageYears?: number;
}

// ---------------------------------------------------------------- MAOI combinations and washouts

/** True when `agent` must never be added to or combined with an MAOI (and needs a washout either side). */
export function isContraindicatedWithMaoi(agent: AgentInfo): boolean {
  return (
    MAOI_COMBINATION_RULE.contraindicatedClasses.includes(agent.drugClass) ||
    MAOI_COMBINATION_RULE.contraindicatedAgentIds.includes(agent.id)
  );
}

/** True when one of the two is an MAOI and the other may not be given with it. */
export function isForbiddenMaoiPair(a: AgentInfo, b: AgentInfo): boolean {
  if (a.id === b.id) {
    return false;
  }
  return (a.maoi && (b.maoi || isContraindicatedWithMaoi(b))) || (b.maoi && isContraindicatedWithMaoi(a));
}

/**
 * Days to wait after stopping `from` before starting `to`: 14 days off an MAOI before a drug it contraindicates;
 * the stopped drug's washout (5 weeks after fluoxetine) before an MAOI; `undefined` when no washout applies.
 */
export function getMaoiWashoutDays(from: AgentInfo, to: AgentInfo, ctx: AnalysisContext): number | undefined {
  if (from.id === to.id || !isForbiddenMaoiPair(from, to)) {
    return undefined;
  }
  const toMaoi = to.maoi ? (from.washoutBeforeMaoiDays ?? ctx.t.maoiWashoutDays) : 0;
  const fromMaoi = from.maoi ? ctx.t.maoiWashoutDays : 0;
  return Math.max(toMaoi, fromMaoi);
}

/** "wait 25 more days (35-day washout after fluoxetine)" — what remains and the total, never only the total. */
export function describeWashout(from: AgentInfo, to: AgentInfo, totalDays: number, daysSinceStop?: number): string {
  if (daysSinceStop === undefined) {
    return `stop ${from.name} at least ${totalDays} days before starting ${to.name}`;
  }
  const total = `${totalDays}-day washout after ${from.name}${from.maoi ? ' (MAOI)' : ''} before ${to.name}`;
  const remaining = Math.max(0, totalDays - daysSinceStop);
  return `${from.name} stopped ${daysSinceStop} days ago: wait ${remaining} more day${remaining === 1 ? '' : 's'} (${total})`;
}

// ---------------------------------------------------------------- the patient's profile

function isActiveOn(clinicalStatus: string | undefined, abatement: IsoDate | undefined, date: IsoDate): boolean {
  if (clinicalStatus !== undefined && INACTIVE_CONDITION_STATUSES.has(clinicalStatus)) {
    return false;
  }
  return abatement === undefined || abatement >= date;
}

/**
 * Pregnant now (a pregnancy diagnosis or a positive pregnancy status within the usual length of a pregnancy, not
 * contradicted by a later "not pregnant"), or postpartum (a delivery/puerperium record within the first year).
 */
export function getPerinatalStatus(record: PatientRecord, asOf: IsoDate): PerinatalStatus | undefined {
  const pregnancySince = addDays(asOf, -PERINATAL_RULE.pregnancyDays);
  const postpartumSince = addDays(asOf, -PERINATAL_RULE.postpartumDays);
  const statuses = (record.pregnancyStatus ?? []).filter((s) => s.date <= asOf);
  const latestStatus = statuses.reduce<(typeof statuses)[number] | undefined>(
    (latest, s) => (latest === undefined || s.date >= latest.date ? s : latest),
    undefined
  );
  const found: { kind: PerinatalStatus['kind']; date: IsoDate; ref: string }[] = [];
  for (const condition of record.conditions) {
    const date = condition.onset ?? condition.recorded;
    if (date === undefined || date > asOf || !isActiveOn(condition.clinicalStatus, condition.abatement, asOf)) {
      continue;
    }
    if (condition.category === 'pregnancy' && date >= pregnancySince) {
      found.push({ kind: 'pregnancy', date, ref: condition.ref });
    } else if (condition.category === 'postpartum' && date >= postpartumSince) {
      found.push({ kind: 'postpartum', date, ref: condition.ref });
    }
  }
  if (latestStatus?.pregnant && latestStatus.date >= pregnancySince) {
    found.push({ kind: 'pregnancy', date: latestStatus.date, ref: latestStatus.ref });
  }
  const notPregnantAfter = (date: IsoDate): boolean => latestStatus?.pregnant === false && latestStatus.date > date;
  const current = found.filter((item) => item.kind === 'postpartum' || !notPregnantAfter(item.date));
  if (current.length === 0) {
    return undefined;
  }
  const latest = current.reduce((a, b) => (b.date > a.date ? b : a));
  const kind = latest.kind;
  return {
    kind,
    date: latest.date,
    refs: current.filter((item) => item.kind === kind).map((item) => item.ref),
  };
}

/** Genes with a recorded poor-metaboliser phenotype (the latest result per gene). */
export function getPoorMetaboliserGenes(record: PatientRecord): ReadonlySet<PgxGene> {
  const latest = new Map<PgxGene, { date: string; poor: boolean }>();
  for (const p of record.pharmacogenomics) {
    const seen = latest.get(p.gene);
    if (!seen || (p.date ?? '') >= seen.date) {
      latest.set(p.gene, { date: p.date ?? '', poor: p.phenotype === 'poor' });
    }
  }
  return new Set([...latest].filter(([, value]) => value.poor).map(([gene]) => gene));
}

export function buildSafetyProfile(input: SafetyProfileInput, ctx: AnalysisContext): SafetyProfile {
  const age = input.ageYears;
  const perinatal = getPerinatalStatus(input.record, ctx.asOf);
  const suicideRisk =
    input.safety.some((flag) => flag.id === 'phq9-item9-positive') ||
    input.record.conditions.some(
      (c) => c.category === 'suicide-risk' && (c.onset ?? c.recorded ?? ctx.asOf) <= ctx.asOf
    );
  const currentAgents: AgentInfo[] = [];
  for (const trial of input.trials) {
    const agent = trial.ongoing ? ctx.getAgent(trial.agentId) : undefined;
    if (agent && !currentAgents.some((seen) => seen.id === agent.id)) {
      currentAgents.push(agent);
    }
  }
  const poorMetaboliserGenes = getPoorMetaboliserGenes(input.record);
  return {
    ...(age === undefined ? {} : { ageYears: age }),
    paediatric: isUnder18(age),
    olderAdult: age !== undefined && age >= OLDER_ADULT_RULE.minAgeYears,
    ...(perinatal ? { perinatal } : {}),
    suicideRisk,
    currentAgents,
    poorMetaboliserGenes,
  };
}

// ---------------------------------------------------------------- per-agent rules

export interface DoseCap {
  readonly maxDailyDoseMg: number;
  /** When a rule lowers the usual maximum: for whom, e.g. "over age 60", "under 18". */
  readonly lowered?: string;
  /** The rule that lowered it. */
  readonly rule?: 'qt' | 'paediatric';
  /** Why, shown after the cap: "QT prolongation", "paediatric MDD dosing in the label". */
  readonly reason?: string;
  readonly citationIds?: readonly CitationId[];
}

/** "maximum 20 mg/day over age 60 (QT prolongation)" or "usual maximum 200 mg/day". */
export function describeDoseCap(cap: DoseCap): string {
  return cap.lowered === undefined
    ? `usual maximum ${formatDose(cap.maxDailyDoseMg)}`
    : `maximum ${formatDose(cap.maxDailyDoseMg)} ${cap.lowered} (${cap.reason ?? 'label'})`;
}

function isUnder18(ageYears: number | undefined): boolean {
  return ageYears !== undefined && ageYears < PAEDIATRIC_RULE.adultAgeYears;
}

/**
 * The highest daily dose that may be named for this patient: the label maximum, lowered under 18 to the labelled
 * paediatric MDD dose (`PAEDIATRIC_DOSE_CEILINGS`) and by QT caps (age over 60, CYP2C19 poor metaboliser).
 */
export function getDoseCap(
  agent: AgentInfo,
  profile: Pick<SafetyProfile, 'ageYears' | 'poorMetaboliserGenes'>
): DoseCap | undefined {
  const usual = agent.dosesMg?.max;
  const age = profile.ageYears;
  const ceiling = isUnder18(age)
    ? PAEDIATRIC_DOSE_CEILINGS.find((c) => c.agentId === agent.id && age !== undefined && age >= c.minAgeYears)
    : undefined;
  if (ceiling) {
    return {
      maxDailyDoseMg: Math.min(usual ?? ceiling.maxDailyDoseMg, ceiling.maxDailyDoseMg),
      lowered: `under ${PAEDIATRIC_RULE.adultAgeYears}`,
      rule: 'paediatric',
      reason: ceiling.basis,
      citationIds: ceiling.citationIds,
    };
  }
  const cap = QT_DOSE_CAPS.find((c) => c.agentId === agent.id);
  if (!cap) {
    return usual === undefined ? undefined : { maxDailyDoseMg: usual };
  }
  const older = age !== undefined && age > cap.olderAdultAge;
  const poorMetaboliser = cap.poorMetaboliserGenes.some((gene) => profile.poorMetaboliserGenes.has(gene));
  if (older || poorMetaboliser) {
    return {
      maxDailyDoseMg: cap.olderAdultMaxDailyDoseMg,
      lowered: older ? `over age ${cap.olderAdultAge}` : `for a ${cap.poorMetaboliserGenes.join('/')} poor metaboliser`,
      rule: 'qt',
      reason: 'QT prolongation',
      citationIds: cap.citationIds,
    };
  }
  return { maxDailyDoseMg: Math.min(usual ?? cap.maxDailyDoseMg, cap.maxDailyDoseMg) };
}

/**
 * The cap a dose-increase option may name: `getDoseCap`, except that under 18 only an agent with a labelled paediatric
 * ceiling has one (no adult maximum is ever offered to a child).
 */
export function getDoseOptionCap(
  agent: AgentInfo,
  profile: Pick<SafetyProfile, 'ageYears' | 'poorMetaboliserGenes'>
): DoseCap | undefined {
  const cap = getDoseCap(agent, profile);
  return isUnder18(profile.ageYears) && cap?.rule !== 'paediatric' ? undefined : cap;
}

/** The paediatric rule-table entry that allows `agent` at this age; `undefined` when it may not be offered. */
export function getPaediatricRule(agent: AgentInfo, profile: SafetyProfile): PaediatricAgentRule | undefined {
  const age = profile.ageYears;
  return PAEDIATRIC_AGENTS.find((rule) => rule.agentId === agent.id && age !== undefined && age >= rule.minAgeYears);
}

export interface AgentVerdict {
  readonly offered: boolean;
  /** Which rule left the agent out. */
  readonly excludedBy?: 'maoi-combination' | 'paediatric' | 'perinatal';
  /** Sort key: lower first (FDA-approved paediatric agents; high-lethality agents last with suicide risk). */
  readonly priority: number;
  /** Candidate-specific notes (dose cap, paediatric status, perinatal caution). */
  readonly notes: readonly string[];
}

/**
 * Whether an agent may be named as a new start (switch, add-on, combination) for this patient, and with which notes.
 * `addOn` agents are checked against every current agent for forbidden MAOI pairs.
 */
export function judgeNewAgent(agent: AgentInfo, profile: SafetyProfile, addOn: boolean): AgentVerdict {
  const notes: string[] = [];
  let priority = 0;
  if (addOn && profile.currentAgents.some((current) => isForbiddenMaoiPair(current, agent))) {
    return { offered: false, excludedBy: 'maoi-combination', priority, notes };
  }
  if (profile.paediatric) {
    const rule = getPaediatricRule(agent, profile);
    if (!rule) {
      return { offered: false, excludedBy: 'paediatric', priority, notes };
    }
    notes.push(rule.note);
    priority += rule.status === 'fda-approved' ? 0 : 1;
  }
  const perinatal = profile.perinatal ? PERINATAL_RULE.agents.find((c) => c.agentId === agent.id) : undefined;
  if (perinatal?.notForNewStart) {
    return { offered: false, excludedBy: 'perinatal', priority, notes };
  }
  if (perinatal) {
    notes.push(perinatal.caution);
  }
  if (profile.suicideRisk && SUICIDE_RISK_RULE.highLethalityClasses.includes(agent.drugClass)) {
    priority += 10;
    notes.push('Dangerous in overdose.');
  }
  const cap = getDoseCap(agent, profile);
  if (cap?.lowered !== undefined) {
    notes.push(`Dose: ${describeDoseCap(cap)}.`);
  }
  return { offered: true, priority, notes };
}

/** Patient-level notes for any option that starts, changes or continues an antidepressant. */
export function getPatientNotes(profile: SafetyProfile, candidates: readonly AgentInfo[]): string[] {
  const notes: string[] = [];
  const agents = [...profile.currentAgents, ...candidates];
  if (profile.olderAdult) {
    if (agents.some((agent) => OLDER_ADULT_RULE.hyponatraemiaClasses.includes(agent.drugClass))) {
      notes.push(OLDER_ADULT_RULE.hyponatraemiaNote);
    }
    notes.push(OLDER_ADULT_RULE.fallsNote);
  }
  if (profile.perinatal) {
    notes.push(PERINATAL_RULE.generalNote);
    for (const caution of PERINATAL_RULE.agents) {
      if (profile.currentAgents.some((agent) => agent.id === caution.agentId)) {
        notes.push(caution.caution);
      }
    }
  }
  if (profile.suicideRisk) {
    if (agents.some((agent) => SUICIDE_RISK_RULE.highLethalityClasses.includes(agent.drugClass))) {
      notes.push(SUICIDE_RISK_RULE.overdoseNote);
    }
    notes.push(SUICIDE_RISK_RULE.quantityNote);
  }
  return notes;
}

// ---------------------------------------------------------------- serotonergic load and CYP inducers

/** An agent at this daily dose that raises serotonergic risk enough to count towards a combination warning. */
export function carriesSerotonergicRisk(agent: AgentInfo, ctx: AnalysisContext, dailyDoseMg?: number): boolean {
  if (!agent.serotonergic || SEROTONERGIC_WARNING_RULE.weakContributorIds.includes(agent.id)) {
    return false;
  }
  if (agent.id === 'trazodone' && dailyDoseMg !== undefined) {
    return dailyDoseMg > ctx.t.trazodoneHypnoticMaxMg;
  }
  return true;
}

/** True when a started CYP inducer can lower the level of `substrate` (broad inducers affect every agent). */
export function inducerAffects(inducer: AgentInfo, substrate: AgentInfo): boolean {
  const scope = CYP_INDUCER_SCOPE.find((entry) => entry.inducerId === inducer.id);
  return scope === undefined || scope.affects === 'all' || scope.affects.includes(substrate.id);
}

import type {
  Adherence,
  Confounder,
  ConfounderId,
  ConfounderState,
  ScoreAt,
  WorseningExplanation,
} from '../domain/assessment';
import { addDays, daysBetween, type IsoDate } from '../domain/dates';
import type {
  ConditionCategory,
  ConditionFact,
  LabResult,
  MedicationEvent,
  PatientRecord,
  PgxPhenotype,
} from '../domain/record';
import { CONFOUNDERS, PGX_ACTIONABLE_PHENOTYPES, PGX_EXPECTED_PHENOTYPES } from '../knowledge/confounders';
import type { AgentRole } from '../knowledge/types';
import { analyzeAdherence } from './adherence';
import type { TrialCore } from './build-trials';
import { weeksToDays, type AnalysisContext } from './context';
import { formatDose, formatNumber, formatPercent } from './format';
import { coversDate, type MedicationIntervals } from './medication-intervals';
import { INACTIVE_CONDITION_STATUSES } from './medication-status';
import { getPerinatalStatus, inducerAffects } from './option-safety';

export interface ConfounderInput {
  readonly record: PatientRecord;
  readonly trial: TrialCore;
  readonly nadir: ScoreAt;
  readonly worsening: ScoreAt;
  readonly intervals: MedicationIntervals;
}

interface RuleResult {
  readonly state: ConfounderState;
  readonly evidence: string;
  readonly refs?: readonly string[];
  /**
   * For a present confounder that can explain the worsening: the short "check first" phrase for the card summary.
   * A present confounder without it annotates the finding but does not explain it (e.g. a long-standing smoker).
   */
  readonly checkFirst?: string;
}

type Rule = (input: ConfounderInput, ctx: AnalysisContext) => RuleResult;

function getLookbackStart(input: ConfounderInput, ctx: AnalysisContext): IsoDate {
  const lookback = addDays(input.worsening.date, -weeksToDays(ctx.t.doseChangeLookbackWeeks));
  return input.nadir.date < lookback ? input.nadir.date : lookback;
}

/**
 * Adherence over the `adherenceWindowDays` before the worsening (clipped to the trial start), from this trial's
 * records: the figure every view shows next to the worsening.
 */
export function getAdherenceBeforeWorsening(trial: TrialCore, worsening: ScoreAt, ctx: AnalysisContext): Adherence {
  const windowStart = addDays(worsening.date, -ctx.t.adherenceWindowDays);
  const start = windowStart < trial.start ? trial.start : windowStart;
  const end = addDays(worsening.date, -1);
  return analyzeAdherence(trial.intervals, start, end < start ? start : end);
}

/**
 * Non-adherence before the worsening. Only fills measure adherence: prescriptions written (orders, their refills)
 * are not evidence that the drug was taken, so with orders only the state is `unknown`, never `absent`.
 */
const analyzeAdherenceGap: Rule = ({ trial, worsening }, ctx) => {
  const adherence = getAdherenceBeforeWorsening(trial, worsening, ctx);
  if (adherence.pdc === undefined || adherence.basis !== 'dispenses') {
    const what =
      adherence.basis === 'request-supply'
        ? `Only prescriptions for ${trial.agent.name} are recorded before the worsening, no pharmacy fills: orders are not adherence, so it is unknown.`
        : `No pharmacy fills for ${trial.agent.name} before the worsening; adherence cannot be measured.`;
    return { state: 'unknown', evidence: what };
  }
  const days = daysBetween(adherence.windowStart, adherence.windowEnd) + 1;
  const summary = `PDC ${formatPercent(adherence.pdc)} in the ${days} days before the worsening (${adherence.windowStart} to ${adherence.windowEnd}, pharmacy fills); longest gap ${adherence.longestGapDays} ${adherence.longestGapDays === 1 ? 'day' : 'days'}.`;
  const lowPdc = adherence.pdc < ctx.t.adherencePdcMin;
  if (!lowPdc && adherence.longestGapDays <= ctx.t.adherenceGapDays) {
    return { state: 'absent', evidence: summary };
  }
  return {
    state: 'present',
    evidence: summary,
    checkFirst: lowPdc
      ? `check adherence first (PDC ${formatPercent(adherence.pdc)} in the ${days} days before)`
      : `check adherence first (a ${adherence.longestGapDays}-day gap in fills before it)`,
  };
};

/** Statement statuses that say the drug was not being taken (FHIR R4 MedicationStatement.status). */
const NOT_TAKING_STATUSES: ReadonlySet<string> = new Set(['on-hold', 'not-taken', 'stopped']);

function getStatementDate(event: MedicationEvent): IsoDate | undefined {
  return event.status === 'stopped' && event.end !== undefined ? event.end : event.start;
}

/**
 * A MedicationStatement of the trial's drug that says it was on hold, not taken or stopped, dated in the lookback
 * before the worsening, and not followed by a record of the drug being taken again (a fill, an active statement or
 * order) before the worsening.
 */
const analyzeNotTaking: Rule = (input, ctx) => {
  const from = getLookbackStart(input, ctx);
  const to = input.worsening.date;
  const agentId = input.trial.agent.id;
  const ofAgent = input.record.medications.filter((event) => event.agents.some((dose) => dose.agentId === agentId));
  for (const event of ofAgent) {
    const date = getStatementDate(event);
    if (
      event.source !== 'MedicationStatement' ||
      !NOT_TAKING_STATUSES.has(event.status) ||
      date === undefined ||
      date < from ||
      date > to
    ) {
      continue;
    }
    const resumed = ofAgent.some(
      (other) =>
        other !== event &&
        other.start !== undefined &&
        other.start > date &&
        other.start <= to &&
        (other.source === 'MedicationDispense' || other.status === 'active')
    );
    if (resumed) {
      continue;
    }
    const wording = event.status === 'not-taken' ? 'not taken' : event.status === 'on-hold' ? 'on hold' : 'stopped';
    return {
      state: 'present',
      evidence: `A medication statement records ${input.trial.agent.name} as ${wording} on ${date}, before the worsening on ${to}.`,
      refs: [event.ref],
      checkFirst: `${input.trial.agent.name} recorded as ${wording} on ${date}: check it is being taken first`,
    };
  }
  return {
    state: 'not-recorded',
    evidence: `No statement records ${input.trial.agent.name} as on hold, not taken or stopped from ${from} to ${to}.`,
  };
};

const analyzeDoseReduction: Rule = (input, ctx) => {
  const from = getLookbackStart(input, ctx);
  const to = input.worsening.date;
  const inWindow = input.trial.doseSegments.filter((s) => s.start <= to && (s.end === undefined || s.end >= from));
  if (inWindow.some((segment) => segment.dailyDoseMg === undefined)) {
    return {
      state: 'unknown',
      evidence: `The dose of ${input.trial.agent.name} is unknown for part of the time from ${from} to ${to}.`,
    };
  }
  for (let i = 1; i < inWindow.length; i += 1) {
    const before = inWindow[i - 1]?.dailyDoseMg;
    const after = inWindow[i];
    if (before !== undefined && after?.dailyDoseMg !== undefined && after.dailyDoseMg < before) {
      return {
        state: 'present',
        evidence: `Dose lowered from ${formatDose(before)} to ${formatDose(after.dailyDoseMg)} on ${after.start}, before the worsening on ${to}.`,
        refs: after.refs,
        checkFirst: `dose lowered to ${formatDose(after.dailyDoseMg)} on ${after.start}: review the dose first`,
      };
    }
  }
  const dose = inWindow[inWindow.length - 1]?.dailyDoseMg;
  return {
    state: 'absent',
    evidence: `No dose reduction from ${from} to ${to} (${formatDose(dose)} at the worsening).`,
  };
};

const analyzeFormulationChange: Rule = (input, ctx) => {
  const from = addDays(input.worsening.date, -weeksToDays(ctx.t.doseChangeLookbackWeeks));
  let previous: string | undefined;
  let known = false;
  for (const interval of input.trial.intervals) {
    const formulation = interval.dose.formulation;
    if (interval.start > input.worsening.date || formulation === undefined) {
      continue;
    }
    known = true;
    if (previous !== undefined && formulation !== previous && interval.start >= from) {
      return {
        state: 'present',
        evidence: `Formulation changed from ${previous} to ${formulation} on ${interval.start}.`,
        refs: [interval.event.ref],
        checkFirst: `changed from ${previous} to ${formulation} on ${interval.start}: check the formulation first`,
      };
    }
    previous = formulation;
  }
  return {
    state: known ? 'absent' : 'not-recorded',
    evidence: `No formulation change recorded from ${from} to ${input.worsening.date}.`,
  };
};

function findStartedAgents(
  input: ConfounderInput,
  ctx: AnalysisContext,
  role: AgentRole,
  explains: boolean
): RuleResult {
  const from = getLookbackStart(input, ctx);
  const date = input.worsening.date;
  const found: { name: string; start: IsoDate; ref: string }[] = [];
  for (const list of input.intervals.byAgent.values()) {
    for (const interval of list) {
      if (
        interval.agent.roles.includes(role) &&
        interval.agent.id !== input.trial.agent.id &&
        (role !== 'cyp-inducer' || inducerAffects(interval.agent, input.trial.agent)) &&
        interval.start >= from &&
        coversDate(interval, date)
      ) {
        found.push({ name: interval.agent.name, start: interval.start, ref: interval.event.ref });
      }
    }
  }
  if (found.length === 0) {
    return {
      state: 'not-recorded',
      evidence: `None recorded as started between ${from} and the worsening on ${date}.`,
    };
  }
  const names = [...new Set(found.map((item) => `${item.name} (from ${item.start})`))].join(', ');
  const first = found[0] as { name: string; start: IsoDate };
  return {
    state: 'present',
    evidence: `Started before the worsening and still taken: ${names}.`,
    refs: found.map((item) => item.ref),
    ...(explains ? { checkFirst: `${first.name} (inducer) started ${first.start}: check the interaction first` } : {}),
  };
}

const analyzeCypInducer: Rule = (input, ctx) => findStartedAgents(input, ctx, 'cyp-inducer', true);
const analyzeDepressogenic: Rule = (input, ctx) => findStartedAgents(input, ctx, 'depressogenic', false);

const analyzeSmoking: Rule = ({ record, trial, worsening }) => {
  if (!trial.agent.cyp1a2Substrate) {
    return { state: 'absent', evidence: `${trial.agent.name} is not a CYP1A2 substrate.` };
  }
  const statuses = record.tobacco
    .filter((status) => typeof status.date === 'string' && status.date <= worsening.date)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const nicotine = getConditions(record, ['nicotine'], worsening.date, true);
  const latest = statuses[statuses.length - 1];
  if (latest?.status === 'current' || nicotine.length > 0) {
    const earlier = statuses.find((status) => status.status === 'never' || status.status === 'former');
    const since = earlier ? ` (previously ${earlier.status} on ${earlier.date})` : '';
    const refs = [...(latest ? [latest.ref] : []), ...nicotine.map((c) => c.ref)];
    // Smoking lowers CYP1A2 substrate levels when it starts; a lifelong smoker was smoking during the response too.
    return {
      state: 'present',
      evidence: `Current smoker recorded before the worsening${since}.`,
      refs,
      ...(earlier
        ? {
            checkFirst: `smoking resumed after ${earlier.date} (CYP1A2 induction): check ${trial.agent.name} exposure first`,
          }
        : {}),
    };
  }
  if (!latest || latest.status === 'unknown') {
    return { state: 'unknown', evidence: 'No tobacco use status recorded before the worsening.' };
  }
  return { state: 'absent', evidence: `Tobacco use: ${latest.status} (${latest.date}).`, refs: [latest.ref] };
};

/**
 * Active at or after the worsening: a condition diagnosed after the first elevated score (hypothyroidism found while
 * working up the worsening) still explains it; one that abated before it does not.
 */
function isActiveOn(condition: ConditionFact, date: IsoDate): boolean {
  if (condition.clinicalStatus !== undefined && INACTIVE_CONDITION_STATUSES.has(condition.clinicalStatus)) {
    return false;
  }
  return condition.abatement === undefined || condition.abatement >= date;
}

function getConditions(
  record: PatientRecord,
  categories: readonly ConditionCategory[],
  date: IsoDate,
  activeOnly: boolean
): ConditionFact[] {
  return record.conditions.filter(
    (condition) => categories.includes(condition.category) && (!activeOnly || isActiveOn(condition, date))
  );
}

function describeConditions(conditions: readonly ConditionFact[]): string {
  return [...new Set(conditions.map((c) => `${c.display || c.code}${c.onset ? ` (onset ${c.onset})` : ''}`))].join(
    '; '
  );
}

/** FHIR verificationStatus codes of a diagnosis still to be confirmed: a caution, not a recorded diagnosis. */
const UNCERTAIN_VERIFICATION: ReadonlySet<string> = new Set(['unconfirmed', 'provisional', 'differential']);

export function isConfirmedCondition(condition: ConditionFact): boolean {
  return condition.verificationStatus === undefined || !UNCERTAIN_VERIFICATION.has(condition.verificationStatus);
}

/** Recorded and confirmed → present; only provisional/differential → unknown (confirm or exclude); none → not recorded. */
function judgeConditions(found: readonly ConditionFact[], noun: string): RuleResult {
  const confirmed = found.filter(isConfirmedCondition);
  if (confirmed.length > 0) {
    return {
      state: 'present',
      evidence: `Recorded: ${describeConditions(confirmed)}.`,
      refs: confirmed.map((c) => c.ref),
    };
  }
  if (found.length > 0) {
    const status = [...new Set(found.map((c) => c.verificationStatus))].join('/');
    return {
      state: 'unknown',
      evidence: `Recorded as a ${status} diagnosis, not confirmed: ${describeConditions(found)}. Confirm or exclude it.`,
      refs: found.map((c) => c.ref),
    };
  }
  return { state: 'not-recorded', evidence: `No ${noun} recorded.` };
}

function conditionRule(categories: readonly ConditionCategory[], activeOnly: boolean, noun: string): Rule {
  return ({ record, worsening }) =>
    judgeConditions(getConditions(record, categories, worsening.date, activeOnly), noun);
}

const analyzePsychotic: Rule = ({ record }) =>
  judgeConditions(
    record.conditions.filter((c) => c.category === 'psychotic' || c.psychoticFeatures === true),
    'psychotic disorder or psychotic features'
  );

function isTshHigh(lab: LabResult, ctx: AnalysisContext): boolean {
  return lab.flag === 'high' || (lab.flag === undefined && lab.value > ctx.t.tshUpperLimit);
}

/**
 * Hypothyroidism: a confirmed diagnosis, or a TSH above the reference range (the latest from the lookback before the
 * worsening up to today) → present; a normal TSH → absent; on lithium with no TSH in that time → unknown (check TSH);
 * otherwise nothing recorded.
 */
const analyzeHypothyroidism: Rule = (input, ctx) => {
  const { record, worsening } = input;
  const diagnosis = judgeConditions(getConditions(record, ['hypothyroidism'], worsening.date, true), 'hypothyroidism');
  if (diagnosis.state === 'present') {
    return diagnosis;
  }
  const from = addDays(worsening.date, -ctx.t.thyroidTestLookbackDays);
  const tsh = (record.labs ?? []).filter((lab) => lab.kind === 'tsh' && lab.date >= from && lab.date <= ctx.asOf);
  const latest = tsh[tsh.length - 1];
  if (latest) {
    const value = `TSH ${formatNumber(latest.value)}${latest.unit ? ` ${latest.unit}` : ''} on ${latest.date}`;
    return isTshHigh(latest, ctx)
      ? { state: 'present', evidence: `${value}, above the reference range.`, refs: [latest.ref] }
      : { state: 'absent', evidence: `${value}, not above the reference range.`, refs: [latest.ref] };
  }
  if (diagnosis.state === 'unknown') {
    return diagnosis;
  }
  const lithium = input.intervals.byAgent.get('lithium')?.find((interval) => coversDate(interval, worsening.date));
  if (lithium) {
    return {
      state: 'unknown',
      evidence: `On lithium and no TSH in the ${ctx.t.thyroidTestLookbackDays} days before the worsening: check TSH.`,
      refs: [lithium.event.ref],
    };
  }
  return {
    state: 'not-recorded',
    evidence: `No hypothyroidism recorded and no TSH from ${from} on.`,
  };
};

function getLatestPhenotypes(phenotypes: readonly PgxPhenotype[], genes: readonly string[]): PgxPhenotype[] {
  const latest = new Map<string, PgxPhenotype>();
  for (const phenotype of phenotypes) {
    if (!genes.includes(phenotype.gene)) {
      continue;
    }
    const current = latest.get(phenotype.gene);
    if (!current || (phenotype.date ?? '') >= (current.date ?? '')) {
      latest.set(phenotype.gene, phenotype);
    }
  }
  return [...latest.values()];
}

const analyzePharmacogenomic: Rule = ({ record, trial }) => {
  const genes = trial.agent.pgxGenes;
  if (genes.length === 0) {
    return { state: 'absent', evidence: `No CPIC gene–drug guidance for ${trial.agent.name}.` };
  }
  const phenotypes = getLatestPhenotypes(record.pharmacogenomics, genes);
  const actionable = phenotypes.filter((p) => PGX_ACTIONABLE_PHENOTYPES.includes(p.phenotype));
  if (actionable.length > 0) {
    const text = actionable.map((p) => `${p.gene} ${p.phenotype} metaboliser`).join(', ');
    return {
      state: 'present',
      evidence: `${text}: exposure to ${trial.agent.name} may differ from usual; CPIC suggests adjusting the dose or considering an alternative not metabolised by this pathway.`,
      refs: actionable.map((p) => p.ref),
    };
  }
  const expected = phenotypes.filter((p) => PGX_EXPECTED_PHENOTYPES.includes(p.phenotype));
  if (expected.length > 0 && expected.length === phenotypes.length) {
    const text = expected.map((p) => `${p.gene} ${p.phenotype} metaboliser`).join(', ');
    return {
      state: 'absent',
      evidence: `${text}: no genotype-based explanation for lost response.`,
      refs: expected.map((p) => p.ref),
    };
  }
  return {
    state: 'unknown',
    evidence: `No usable ${genes.join('/')} phenotype recorded (relevant to ${trial.agent.name}).`,
  };
};

/** Pregnant or postpartum at the worsening: postpartum onset, or SSRI levels falling late in pregnancy (Sit 2008). */
const analyzePerinatal: Rule = ({ record, worsening }) => {
  const status = getPerinatalStatus(record, worsening.date);
  if (!status) {
    return { state: 'absent', evidence: 'No pregnancy or postpartum period recorded at the worsening.' };
  }
  if (status.kind === 'pregnancy') {
    return {
      state: 'present',
      evidence: `Pregnancy recorded (${status.date}): antidepressant levels can fall in the second half of pregnancy.`,
      checkFirst: `pregnancy recorded ${status.date}: consider falling levels late in pregnancy first`,
      refs: status.refs,
    };
  }
  return {
    state: 'present',
    evidence: `Postpartum period recorded (${status.date}): a worsening now may be a postpartum-onset episode.`,
    checkFirst: `postpartum since ${status.date}: consider a postpartum-onset episode first`,
    refs: status.refs,
  };
};

/**
 * Psychosocial stressors recorded (ICD-10-CM Z55–Z65, SNOMED CT social-risk findings) with an onset, or else a
 * recorded date, in the look-back window up to the worsening, and not resolved before the window: context to ask
 * about (Dold & Kasper's pseudo-resistance checklist), never a reason to hide the finding. A record without one
 * says nothing about the patient's life: the state is then `not-recorded`, never `absent`.
 */
const analyzeStressors: Rule = (input, ctx) => {
  const windowStart = getLookbackStart(input, ctx);
  const worseningDate = input.worsening.date;
  const found = input.record.conditions.filter((condition) => {
    if (condition.category !== 'psychosocial-stressor' || !isConfirmedCondition(condition)) return false;
    const date = condition.onset ?? condition.recorded;
    if (date === undefined || date < windowStart || date > worseningDate) return false;
    return condition.abatement === undefined || condition.abatement >= windowStart;
  });
  if (found.length === 0) {
    return {
      state: 'not-recorded',
      evidence: `No psychosocial stressor recorded between ${windowStart} and the worsening (${worseningDate}).`,
    };
  }
  return {
    state: 'present',
    evidence: `Recorded before the worsening: ${describeConditions(found)}.`,
    refs: found.map((c) => c.ref),
  };
};

const RULES: Readonly<Record<ConfounderId, Rule>> = {
  'adherence-gap': analyzeAdherenceGap,
  'not-taking': analyzeNotTaking,
  'dose-reduction': analyzeDoseReduction,
  'formulation-change': analyzeFormulationChange,
  'cyp-inducer': analyzeCypInducer,
  'smoking-cyp1a2': analyzeSmoking,
  bipolar: conditionRule(['bipolar'], false, 'bipolar disorder'),
  psychotic: analyzePsychotic,
  'substance-use': conditionRule(['substance-use'], true, 'active substance use disorder'),
  hypothyroidism: analyzeHypothyroidism,
  pharmacogenomic: analyzePharmacogenomic,
  'depressogenic-drug': analyzeDepressogenic,
  perinatal: analyzePerinatal,
  stressors: analyzeStressors,
};

export interface ConfounderAnalysis {
  /** Every confounder, in the catalogue's order. */
  readonly confounders: readonly Confounder[];
  /** Present confounders that precede the worsening and can explain it, in the catalogue's order. */
  readonly explanations: readonly WorseningExplanation[];
}

/** Every confounder for a worsening on a trial, with plain-language evidence, and those that explain it. */
export function analyzeConfounders(input: ConfounderInput, ctx: AnalysisContext): ConfounderAnalysis {
  const confounders: Confounder[] = [];
  const explanations: WorseningExplanation[] = [];
  for (const info of CONFOUNDERS) {
    const result = RULES[info.id](input, ctx);
    confounders.push({
      id: info.id,
      state: result.state,
      label: info.label,
      evidence: result.evidence,
      whatToCheck: info.whatToCheck,
      refs: [...new Set(result.refs ?? [])],
      citationIds: info.citationIds,
    });
    if (info.explainsWorsening && result.state === 'present' && result.checkFirst !== undefined) {
      explanations.push({ confounderId: info.id, checkFirst: result.checkFirst });
    }
  }
  return { confounders, explanations };
}

import type { Confounder, ConfounderId, ConfounderState, ScoreAt } from '../domain/assessment';
import { addDays, type IsoDate } from '../domain/dates';
import type { ConditionCategory, ConditionFact, PatientRecord, PgxPhenotype } from '../domain/record';
import { CONFOUNDERS, PGX_ACTIONABLE_PHENOTYPES, PGX_EXPECTED_PHENOTYPES } from '../knowledge/confounders';
import type { AgentRole } from '../knowledge/types';
import { analyzeAdherence } from './adherence';
import type { TrialCore } from './build-trials';
import { weeksToDays, type AnalysisContext } from './context';
import { formatDose, formatPercent } from './format';
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
}

type Rule = (input: ConfounderInput, ctx: AnalysisContext) => RuleResult;

function getLookbackStart(input: ConfounderInput, ctx: AnalysisContext): IsoDate {
  const lookback = addDays(input.worsening.date, -weeksToDays(ctx.t.doseChangeLookbackWeeks));
  return input.nadir.date < lookback ? input.nadir.date : lookback;
}

const analyzeAdherenceGap: Rule = ({ trial, worsening }, ctx) => {
  const windowStart = addDays(worsening.date, -ctx.t.adherenceWindowDays);
  const start = windowStart < trial.start ? trial.start : windowStart;
  const end = addDays(worsening.date, -1);
  const adherence = analyzeAdherence(trial.intervals, start, end < start ? start : end);
  if (adherence.pdc === undefined) {
    return {
      state: 'unknown',
      evidence: `No dispense or prescribed-supply data for ${trial.agent.name} before the worsening; adherence cannot be measured.`,
    };
  }
  const source = adherence.basis === 'dispenses' ? 'dispenses' : 'prescribed supply';
  const summary = `PDC ${formatPercent(adherence.pdc)} from ${adherence.windowStart} to ${adherence.windowEnd} (${source}); longest gap ${adherence.longestGapDays} days.`;
  const present = adherence.pdc < ctx.t.adherencePdcMin || adherence.longestGapDays > ctx.t.adherenceGapDays;
  return { state: present ? 'present' : 'absent', evidence: summary };
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
  for (const interval of input.trial.intervals) {
    const formulation = interval.dose.formulation;
    if (interval.start > input.worsening.date || formulation === undefined) {
      continue;
    }
    if (previous !== undefined && formulation !== previous && interval.start >= from) {
      return {
        state: 'present',
        evidence: `Formulation changed from ${previous} to ${formulation} on ${interval.start}.`,
        refs: [interval.event.ref],
      };
    }
    previous = formulation;
  }
  return { state: 'absent', evidence: `No formulation change recorded from ${from} to ${input.worsening.date}.` };
};

function findStartedAgents(input: ConfounderInput, ctx: AnalysisContext, role: AgentRole): RuleResult {
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
    return { state: 'absent', evidence: `None started between ${from} and the worsening on ${date}.` };
  }
  const names = [...new Set(found.map((item) => `${item.name} (from ${item.start})`))].join(', ');
  return {
    state: 'present',
    evidence: `Started before the worsening and still taken: ${names}.`,
    refs: found.map((item) => item.ref),
  };
}

const analyzeCypInducer: Rule = (input, ctx) => findStartedAgents(input, ctx, 'cyp-inducer');
const analyzeDepressogenic: Rule = (input, ctx) => findStartedAgents(input, ctx, 'depressogenic');

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
    return { state: 'present', evidence: `Current smoker recorded before the worsening${since}.`, refs };
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

function conditionRule(categories: readonly ConditionCategory[], activeOnly: boolean, noun: string): Rule {
  return ({ record, worsening }) => {
    const found = getConditions(record, categories, worsening.date, activeOnly);
    if (found.length === 0) {
      return { state: 'absent', evidence: `No ${noun} recorded.` };
    }
    return { state: 'present', evidence: `Recorded: ${describeConditions(found)}.`, refs: found.map((c) => c.ref) };
  };
}

const analyzePsychotic: Rule = ({ record }) => {
  const found = record.conditions.filter((c) => c.category === 'psychotic' || c.psychoticFeatures === true);
  if (found.length === 0) {
    return { state: 'absent', evidence: 'No psychotic disorder or psychotic features recorded.' };
  }
  return { state: 'present', evidence: `Recorded: ${describeConditions(found)}.`, refs: found.map((c) => c.ref) };
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
  const evidence =
    status.kind === 'pregnancy'
      ? `Pregnancy recorded (${status.date}): antidepressant levels can fall in the second half of pregnancy.`
      : `Postpartum period recorded (${status.date}): a worsening now may be a postpartum-onset episode.`;
  return { state: 'present', evidence, refs: status.refs };
};

const RULES: Readonly<Record<ConfounderId, Rule>> = {
  'adherence-gap': analyzeAdherenceGap,
  'dose-reduction': analyzeDoseReduction,
  'formulation-change': analyzeFormulationChange,
  'cyp-inducer': analyzeCypInducer,
  'smoking-cyp1a2': analyzeSmoking,
  bipolar: conditionRule(['bipolar'], false, 'bipolar disorder'),
  psychotic: analyzePsychotic,
  'substance-use': conditionRule(['substance-use'], true, 'active substance use disorder'),
  hypothyroidism: conditionRule(['hypothyroidism'], true, 'hypothyroidism'),
  pharmacogenomic: analyzePharmacogenomic,
  'depressogenic-drug': analyzeDepressogenic,
  perinatal: analyzePerinatal,
};

/** Every confounder of §7 for a worsening on a trial: present, absent or unknown, with plain-language evidence. */
export function analyzeConfounders(input: ConfounderInput, ctx: AnalysisContext): Confounder[] {
  return CONFOUNDERS.map((info) => {
    const result = RULES[info.id](input, ctx);
    return {
      id: info.id,
      state: result.state,
      label: info.label,
      evidence: result.evidence,
      whatToCheck: info.whatToCheck,
      refs: [...new Set(result.refs ?? [])],
      citationIds: info.citationIds,
    };
  });
}

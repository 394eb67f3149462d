import type { Assessment, OrderFinding, Trial } from '../domain/assessment';
import { daysBetween, type IsoDate } from '../domain/dates';
import type { MedicationEvent, PatientRecord } from '../domain/record';
import type { AgentInfo } from '../knowledge/types';
import { getAgeYears } from './assess-patient';
import { buildAnalysisContext, normaliseRecord, type AnalysisOptions } from './build-context';
import { CARD_SUMMARY_MAX_LENGTH, type AnalysisContext } from './context';
import { truncateText } from './format';
import { buildMedicationIntervals, type MedicationInterval } from './medication-intervals';
import { PAEDIATRIC_RULE, PERINATAL_RULE } from '../knowledge/safety-rules';
import {
  buildSafetyProfile,
  carriesSerotonergicRisk,
  describeDoseCap,
  describeWashout,
  getDoseCap,
  getMaoiWashoutDays,
  getPaediatricRule,
  isForbiddenMaoiPair,
  type SafetyProfile,
} from './option-safety';

const FAILED_WITHOUT_LOSS: ReadonlySet<string> = new Set(['non-response', 'partial-response']);

interface OrderContext {
  readonly ctx: AnalysisContext;
  readonly record: PatientRecord;
  readonly assessment: Assessment;
  readonly current: ReadonlyMap<string, AgentInfo>;
  /** Highest ongoing daily dose per current agent, when known (low-dose trazodone is not a serotonergic risk). */
  readonly currentDoses: ReadonlyMap<string, number>;
  /** Agents that are no longer taken, with the last day they were. */
  readonly stopped: ReadonlyMap<string, { agent: AgentInfo; end: IsoDate }>;
  readonly ageYears?: number;
  readonly bipolar: boolean;
  readonly profile: SafetyProfile;
}

function summarise(
  kind: OrderFinding['kind'],
  severity: OrderFinding['severity'],
  orderRef: string,
  agent: AgentInfo,
  summary: string,
  detail: string,
  citationIds: OrderFinding['citationIds']
): OrderFinding {
  return {
    kind,
    severity,
    orderRef,
    agentId: agent.id,
    drugName: agent.name,
    summary: truncateText(summary, CARD_SUMMARY_MAX_LENGTH),
    detail,
    citationIds,
  };
}

function summariseMedicationState(intervals: ReturnType<typeof buildMedicationIntervals>): {
  current: Map<string, AgentInfo>;
  currentDoses: Map<string, number>;
  stopped: Map<string, { agent: AgentInfo; end: IsoDate }>;
} {
  const current = new Map<string, AgentInfo>();
  const currentDoses = new Map<string, number>();
  const stopped = new Map<string, { agent: AgentInfo; end: IsoDate }>();
  for (const [agentId, list] of intervals.byAgent) {
    const agent = (list[0] as MedicationInterval).agent;
    const ongoing = list.filter((interval) => interval.end === undefined);
    if (ongoing.length > 0) {
      current.set(agentId, agent);
      const doses = ongoing.flatMap((interval) =>
        interval.dose.dailyDoseMg === undefined ? [] : [interval.dose.dailyDoseMg]
      );
      if (doses.length > 0) {
        currentDoses.set(agentId, Math.max(...doses));
      }
      continue;
    }
    const end = list.reduce<IsoDate>(
      (max, interval) => ((interval.end as IsoDate) > max ? (interval.end as IsoDate) : max),
      ''
    );
    stopped.set(agentId, { agent, end });
  }
  return { current, currentDoses, stopped };
}

function findHistory(agent: AgentInfo, ref: string, oc: OrderContext): OrderFinding[] {
  const findings: OrderFinding[] = [];
  const trials = oc.assessment.trials;
  // The ongoing trial is left out: re-ordering the current drug (a dose increase) is the usual first step.
  const sameLoss = trials.filter(
    (trial) => trial.agentId === agent.id && !trial.ongoing && trial.outcome === 'loss-of-response'
  );
  const lossDate = (trial: Trial): string => trial.lossAt?.date ?? trial.start;
  if (sameLoss.length > 0) {
    const last = sameLoss[sameLoss.length - 1] as Trial;
    findings.push(
      summarise(
        'prior-loss-same-drug',
        'warning',
        ref,
        agent,
        `${agent.name}: response to it was lost before (${lossDate(last)}).`,
        `A previous ${agent.name} trial from ${last.start} responded and then lost its effect. Restarting the same drug may not restore the response.`,
        ['targum-2014', 'kinrys-2019']
      )
    );
  }
  const classLoss = trials.filter(
    (trial) => trial.agentId !== agent.id && trial.drugClass === agent.drugClass && trial.outcome === 'loss-of-response'
  );
  if (classLoss.length > 0) {
    const names = [...new Set(classLoss.map((trial) => trial.name))].join(', ');
    findings.push(
      summarise(
        'prior-loss-same-class',
        classLoss.length > 1 ? 'warning' : 'info',
        ref,
        agent,
        `${agent.name}: response was lost before on another ${agent.drugClass} (${names}).`,
        `Earlier loss of response within the same class (${agent.drugClass}): ${names}. Dual-action agents showed less tachyphylaxis than SSRIs (Posternak 2005).`,
        ['posternak-2005', 'kinrys-2019']
      )
    );
  }
  const failed = trials.filter(
    (trial) =>
      trial.agentId === agent.id &&
      !trial.ongoing &&
      trial.adequacy === 'adequate' &&
      FAILED_WITHOUT_LOSS.has(trial.outcome)
  );
  if (failed.length > 0) {
    const last = failed[failed.length - 1] as Trial;
    findings.push(
      summarise(
        'prior-failure-same-drug',
        'warning',
        ref,
        agent,
        `${agent.name}: an adequate trial from ${last.start} did not work (${last.outcome}).`,
        `An adequate trial of ${agent.name} (${last.start}) ended in ${last.outcome}. Repeating it is unlikely to help without a new reason.`,
        ['atrq-chandler-2010', 'staging-panel-2020']
      )
    );
  }
  const tachy = oc.assessment.tachyphylaxis;
  if (
    (tachy.status === 'possible' || tachy.status === 'emerging') &&
    tachy.agentId !== agent.id &&
    tachy.drugClass === agent.drugClass
  ) {
    findings.push(
      summarise(
        'switch-matches-history',
        'info',
        ref,
        agent,
        `${agent.name} is another ${agent.drugClass} after a possible loss of response on ${tachy.drugName ?? 'the current drug'}.`,
        `Switching within the same class after a loss of response: consider an agent with a different mechanism (Posternak 2005: 3.7 % vs 14.1 % tachyphylaxis).`,
        ['posternak-2005', 'kinrys-2019']
      )
    );
  }
  return findings;
}

function findInteractions(
  agent: AgentInfo,
  dailyDoseMg: number | undefined,
  ref: string,
  oc: OrderContext,
  draftIds: ReadonlySet<string>
): OrderFinding[] {
  const findings: OrderFinding[] = [];
  const others = [...oc.current.values()].filter((other) => other.id !== agent.id);
  for (const id of draftIds) {
    const other = id === agent.id ? undefined : oc.ctx.getAgent(id);
    if (other && !others.some((o) => o.id === other.id)) {
      others.push(other);
    }
  }
  const maoiPartners = others.filter((other) => isForbiddenMaoiPair(agent, other));
  const serotonergicPartners = carriesSerotonergicRisk(agent, oc.ctx, dailyDoseMg)
    ? others.filter(
        (other) =>
          carriesSerotonergicRisk(other, oc.ctx, oc.currentDoses.get(other.id)) && !maoiPartners.includes(other)
      )
    : [];
  if (maoiPartners.length > 0) {
    const names = maoiPartners.map((other) => other.name).join(', ');
    findings.push(
      summarise(
        'serotonergic-combination',
        'critical',
        ref,
        agent,
        `${agent.name} with ${names}: contraindicated MAOI combination.`,
        'An MAOI with another antidepressant, a stimulant or another serotonergic drug can cause serotonin syndrome or a hypertensive crisis. If this is a switch, the washout applies.',
        ['maoi-washout-labels', 'drug-labels']
      )
    );
  } else if (serotonergicPartners.length > 0) {
    const names = serotonergicPartners.map((other) => other.name).join(', ');
    findings.push(
      summarise(
        'serotonergic-combination',
        'warning',
        ref,
        agent,
        `${agent.name} with ${names}: serotonergic combination.`,
        'Two serotonergic drugs together raise the risk of serotonin syndrome; if this is a switch, plan the cross-taper.',
        ['drug-labels']
      )
    );
  }
  for (const { agent: stopped, end } of oc.stopped.values()) {
    const since = daysBetween(end, oc.ctx.asOf);
    const washout = getMaoiWashoutDays(stopped, agent, oc.ctx);
    if (washout !== undefined && since < washout) {
      const remaining = washout - since;
      findings.push(
        summarise(
          'maoi-washout',
          'critical',
          ref,
          agent,
          `${agent.name}: ${remaining} more day${remaining === 1 ? '' : 's'} of the ${washout}-day washout after ${stopped.name} (stopped ${since} days ago).`,
          `${describeWashout(stopped, agent, washout, since)}. Starting earlier risks serotonin syndrome or a hypertensive crisis.`,
          ['maoi-washout-labels']
        )
      );
    }
  }
  return findings;
}

/** The option safety rules, applied to what is being ordered: age table, dose caps, perinatal cautions. */
function findRuleFindings(
  agent: AgentInfo,
  dailyDoseMg: number | undefined,
  ref: string,
  oc: OrderContext
): OrderFinding[] {
  const findings: OrderFinding[] = [];
  const { profile } = oc;
  const treatment = agent.roles.includes('antidepressant') || agent.roles.includes('augmentation');
  if (profile.paediatric && treatment && !getPaediatricRule(agent, profile)) {
    const reason = PAEDIATRIC_RULE.notOffered[agent.id] ?? PAEDIATRIC_RULE.notOffered[agent.drugClass];
    findings.push(
      summarise(
        'age-not-approved',
        'warning',
        ref,
        agent,
        `${agent.name} at age ${profile.ageYears ?? '?'}: not among the agents with paediatric evidence for depression.`,
        `${reason ? `${reason[0]?.toUpperCase() ?? ''}${reason.slice(1)}. ` : ''}Under 18, fluoxetine (from 8) and escitalopram (from 12) are FDA-approved for depression; ${PAEDIATRIC_RULE.addOnNote}`,
        PAEDIATRIC_RULE.citationIds
      )
    );
  }
  const cap = getDoseCap(agent, profile);
  if (cap?.lowered !== undefined && dailyDoseMg !== undefined && dailyDoseMg > cap.maxDailyDoseMg) {
    findings.push(
      summarise(
        'dose-above-cap',
        'warning',
        ref,
        agent,
        `${agent.name} ${dailyDoseMg} mg/day ordered: ${describeDoseCap(cap)}.`,
        cap.rule === 'paediatric'
          ? `Under ${PAEDIATRIC_RULE.adultAgeYears}, the ${cap.reason ?? 'label'} goes up to ${cap.maxDailyDoseMg} mg/day; a higher dose is a specialist decision.`
          : 'Dose-dependent QT prolongation: the label caps the daily dose for this patient.',
        cap.citationIds ?? ['fda-citalopram-qt']
      )
    );
  }
  const perinatal = profile.perinatal ? PERINATAL_RULE.agents.find((c) => c.agentId === agent.id) : undefined;
  if (perinatal) {
    findings.push(
      summarise(
        'perinatal-caution',
        'warning',
        ref,
        agent,
        `${agent.name}: ${profile.perinatal?.kind === 'pregnancy' ? 'pregnancy' : 'postpartum period'} recorded — see the caution.`,
        `${perinatal.caution} ${PERINATAL_RULE.generalNote}`,
        perinatal.citationIds
      )
    );
  }
  return findings;
}

function findPatientCautions(agent: AgentInfo, ref: string, oc: OrderContext): OrderFinding[] {
  const findings: OrderFinding[] = [];
  if (!agent.roles.includes('antidepressant')) {
    return findings;
  }
  if (oc.ageYears !== undefined && oc.ageYears <= oc.ctx.t.boxedWarningMaxAge) {
    findings.push(
      summarise(
        'boxed-warning-young-adult',
        'warning',
        ref,
        agent,
        `${agent.name}: boxed warning for suicidality at age ${oc.ageYears} (up to ${oc.ctx.t.boxedWarningMaxAge}).`,
        'Monitor closely for worsening and suicidal thoughts, especially in the first months and after dose changes.',
        ['fda-boxed-warning']
      )
    );
  }
  if (oc.bipolar) {
    findings.push(
      summarise(
        'bipolar-caution',
        'warning',
        ref,
        agent,
        `${agent.name}: bipolar disorder is recorded; antidepressants risk a switch to mania.`,
        'Antidepressant use in bipolar disorder needs a mood stabiliser and review of the diagnosis.',
        ['canmat-2023', 'drug-labels']
      )
    );
  }
  return findings;
}

/**
 * Findings about draft medication orders (order-select / order-sign): history of lost or failed response to the same
 * drug or class, serotonergic combinations, MAOI washouts, and patient cautions. Never throws.
 */
export function assessOrder(
  record: PatientRecord,
  assessment: Assessment,
  drafts: readonly MedicationEvent[],
  options: AnalysisOptions
): OrderFinding[] {
  try {
    const safeRecord = normaliseRecord(record);
    const { ctx } = buildAnalysisContext(safeRecord, options);
    const { current, currentDoses, stopped } = summariseMedicationState(buildMedicationIntervals(safeRecord, ctx));
    const ageYears = getAgeYears(safeRecord, ctx);
    const oc: OrderContext = {
      ctx,
      record: safeRecord,
      assessment,
      current,
      currentDoses,
      stopped,
      ...(ageYears === undefined ? {} : { ageYears }),
      bipolar: safeRecord.conditions.some((condition) => condition.category === 'bipolar'),
      profile: buildSafetyProfile(
        {
          record: safeRecord,
          trials: Array.isArray(assessment?.trials) ? assessment.trials : [],
          safety: Array.isArray(assessment?.safety) ? assessment.safety : [],
          ...(ageYears === undefined ? {} : { ageYears }),
        },
        ctx
      ),
    };
    const draftList: readonly MedicationEvent[] = Array.isArray(drafts)
      ? (drafts as readonly MedicationEvent[]).filter((d) => d && Array.isArray(d.agents))
      : [];
    const draftIds = new Set(draftList.flatMap((draft) => draft.agents.map((dose) => dose.agentId)));
    const findings: OrderFinding[] = [];
    for (const draft of draftList) {
      for (const dose of draft.agents) {
        const agent = ctx.getAgent(dose.agentId);
        if (!agent) {
          continue;
        }
        const treatment = agent.roles.includes('antidepressant') || agent.roles.includes('augmentation');
        findings.push(
          ...(treatment ? findHistory(agent, draft.ref, oc) : []),
          ...findInteractions(agent, dose.dailyDoseMg, draft.ref, oc, draftIds),
          ...findPatientCautions(agent, draft.ref, oc),
          ...findRuleFindings(agent, dose.dailyDoseMg, draft.ref, oc)
        );
      }
    }
    return findings;
  } catch {
    return [];
  }
}

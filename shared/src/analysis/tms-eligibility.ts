import type { CriterionStatus, EligibilityCriterion, ScoreAt, TmsPolicyEvaluation, Trial } from '../domain/assessment';
import { addDays } from '../domain/dates';
import type { PatientRecord } from '../domain/record';
import { TMS_POLICIES, type TmsCriterion, type TmsPolicy } from '../knowledge/tms-policies';
import type { AnalysisContext } from './context';
import { formatScore } from './format';

export interface EligibilityFacts {
  readonly record: PatientRecord;
  readonly trials: readonly Trial[];
  /** Adequate failed antidepressant trials in the current episode. */
  readonly failedTrials: readonly Trial[];
  readonly episodeStart?: string;
  readonly ageYears?: number;
  readonly latestPhq9?: ScoreAt;
}

function result(status: CriterionStatus, evidence: string): Pick<EligibilityCriterion, 'status' | 'evidence'> {
  return { status, evidence };
}

function evaluateCriterion(
  criterion: TmsCriterion,
  facts: EligibilityFacts,
  ctx: AnalysisContext
): Pick<EligibilityCriterion, 'status' | 'evidence'> {
  const rule = criterion.rule;
  switch (rule.kind) {
    case 'adult': {
      if (facts.ageYears === undefined) {
        return result('unknown', 'No birth date recorded.');
      }
      const min = ctx.t[rule.minAgeThreshold];
      return result(facts.ageYears >= min ? 'met' : 'not-met', `Age ${facts.ageYears}.`);
    }
    case 'severity': {
      const min = ctx.t[rule.minPhq9Threshold];
      if (!facts.latestPhq9) {
        return result('unknown', 'No PHQ-9 recorded.');
      }
      return result(
        facts.latestPhq9.total >= min ? 'met' : 'not-met',
        `Latest PHQ-9 ${formatScore(facts.latestPhq9)}; needs ${min} or more.`
      );
    }
    case 'failed-trials': {
      const failed = facts.failedTrials;
      const count = rule.differentClasses ? new Set(failed.map((trial) => trial.drugClass)).size : failed.length;
      const names = failed.map((trial) => `${trial.name} (${trial.drugClass})`).join(', ');
      if (count >= rule.minTrials) {
        return result('met', `Adequate failed trials in the current episode: ${names}.`);
      }
      const short = facts.trials.filter(
        (trial) =>
          trial.role === 'antidepressant' &&
          (trial.adequacy === 'inadequate-duration' || trial.adequacy === 'unknown') &&
          facts.episodeStart !== undefined &&
          (trial.end ?? ctx.asOf) >= facts.episodeStart
      );
      const unit = rule.differentClasses ? 'class(es)' : 'trial(s)';
      if (short.length > 0 && (rule.intoleranceCounts || short.some((trial) => trial.adequacy === 'unknown'))) {
        return result(
          'unknown',
          `${count} adequate failed ${unit} recorded (needs ${rule.minTrials}); ${short.length} short or unjudged trial(s) may reflect intolerance or missing dose data.`
        );
      }
      return result(
        'not-met',
        `${count} adequate failed ${unit} recorded in the current episode (needs ${rule.minTrials}).`
      );
    }
    case 'psychotherapy-trial': {
      const sessions = facts.record.procedures.filter((procedure) => procedure.kind === 'psychotherapy');
      if (sessions.length > 0) {
        return result(
          'met',
          `${sessions.length} psychotherapy session(s) recorded, latest ${sessions[sessions.length - 1]?.start ?? ''}.`
        );
      }
      return result('unknown', 'No psychotherapy recorded in this EHR; it may have taken place elsewhere.');
    }
    case 'no-diagnosis': {
      const found = facts.record.conditions.filter(
        (condition) =>
          rule.categories.includes(condition.category) ||
          (rule.psychoticFeatures && condition.psychoticFeatures === true)
      );
      if (found.length > 0) {
        return result('not-met', `Recorded: ${[...new Set(found.map((c) => c.display || c.code))].join('; ')}.`);
      }
      return result('met', 'None recorded.');
    }
    case 'no-concurrent-esketamine': {
      const recentFrom = addDays(ctx.asOf, -ctx.t.mergeGapDays);
      const recentSessions = facts.record.procedures.some(
        (p) => p.kind === 'esketamine' && (p.end ?? p.start) >= recentFrom
      );
      const ongoingTrial = facts.trials.some((trial) => trial.ongoing && rule.drugClasses.includes(trial.drugClass));
      if (recentSessions || ongoingTrial) {
        return result('not-met', 'Esketamine recorded in the last month.');
      }
      return result('met', 'No current esketamine recorded.');
    }
    case 'not-in-record':
      return result('unknown', rule.prompt);
  }
}

export function evaluateTmsPolicy(
  policy: TmsPolicy,
  facts: EligibilityFacts,
  ctx: AnalysisContext
): TmsPolicyEvaluation {
  const criteria = policy.criteria.map((criterion) => ({
    id: criterion.id,
    label: criterion.label,
    ...evaluateCriterion(criterion, facts, ctx),
  }));
  const overall = criteria.some((c) => c.status === 'not-met')
    ? 'criteria-not-met'
    : criteria.some((c) => c.status === 'unknown')
      ? 'insufficient-data'
      : 'criteria-met';
  return { policyId: policy.id, policyName: policy.name, criteria, overall, citationIds: policy.citationIds };
}

/** The TMS checklist for every policy profile. */
export function evaluateTmsEligibility(facts: EligibilityFacts, ctx: AnalysisContext): TmsPolicyEvaluation[] {
  return TMS_POLICIES.map((policy) => evaluateTmsPolicy(policy, facts, ctx));
}

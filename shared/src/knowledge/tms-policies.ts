import type { ConditionCategory } from '../domain/record';
import type { CitationId } from './citation-ids';
import type { ThresholdId } from './thresholds';
import type { DrugClass } from './types';

/**
 * TMS eligibility profiles: the FDA clearance, a CMS LCD and a commercial policy. Policies
 * change often ([V2] digests): each profile names its source so a site can check the current text.
 */
export type TmsCriterionRule =
  | { readonly kind: 'adult'; readonly minAgeThreshold: ThresholdId }
  | { readonly kind: 'severity'; readonly minPhq9Threshold: ThresholdId }
  | {
      readonly kind: 'failed-trials';
      readonly minTrials: number;
      readonly differentClasses: boolean;
      /** Documented intolerance also counts (cannot be read from the record: short trials make it unknown). */
      readonly intoleranceCounts: boolean;
    }
  | { readonly kind: 'psychotherapy-trial' }
  | {
      readonly kind: 'no-diagnosis';
      readonly categories: readonly ConditionCategory[];
      readonly psychoticFeatures: boolean;
    }
  | { readonly kind: 'no-concurrent-esketamine'; readonly drugClasses: readonly DrugClass[] }
  /** Facts the record does not hold (who ordered, implants): always `unknown` with a prompt. */
  | { readonly kind: 'not-in-record'; readonly prompt: string };

export interface TmsCriterion {
  readonly id: string;
  readonly label: string;
  readonly rule: TmsCriterionRule;
}

export interface TmsPolicy {
  readonly id: string;
  readonly name: string;
  readonly criteria: readonly TmsCriterion[];
  readonly citationIds: readonly CitationId[];
}

const ADULT: TmsCriterion = {
  id: 'adult',
  label: 'Adult (18 or older)',
  rule: { kind: 'adult', minAgeThreshold: 'tmsCommercialMinAge' },
};
const NO_IMPLANTS: TmsCriterion = {
  id: 'no-magnetic-implants',
  label: 'No magnetic-sensitive implant or metal near the coil',
  rule: {
    kind: 'not-in-record',
    prompt: 'Not recorded in structured data: ask about implants, clips, stimulators and metal fragments.',
  },
};

export const TMS_POLICIES: readonly TmsPolicy[] = [
  {
    id: 'fda-label',
    name: 'FDA clearance (NeuroStar 2008)',
    criteria: [
      ADULT,
      {
        id: 'failed-one-adequate-trial',
        label: 'No satisfactory improvement on one adequate antidepressant trial in the current episode',
        rule: { kind: 'failed-trials', minTrials: 1, differentClasses: false, intoleranceCounts: false },
      },
    ],
    citationIds: ['fda-neurostar-510k'],
  },
  {
    id: 'cms-lcd-l34998',
    name: 'CMS LCD L34998 (Medicare)',
    criteria: [
      ADULT,
      {
        id: 'severe-mdd',
        label: 'Severe major depression (PHQ-9 20 or more)',
        rule: { kind: 'severity', minPhq9Threshold: 'bandSevere' },
      },
      {
        id: 'failed-one-adequate-trial',
        label: 'At least one adequate antidepressant trial failed, or documented intolerance',
        rule: { kind: 'failed-trials', minTrials: 1, differentClasses: false, intoleranceCounts: true },
      },
      {
        id: 'psychiatrist-order',
        label: 'Examined and ordered by a psychiatrist',
        rule: { kind: 'not-in-record', prompt: 'Not recorded in structured data: confirm the ordering psychiatrist.' },
      },
      NO_IMPLANTS,
    ],
    citationIds: ['cms-lcd-l34998'],
  },
  {
    id: 'centene-cp-bh-200',
    name: 'Commercial example (Centene CP.BH.200)',
    criteria: [
      ADULT,
      {
        id: 'phq9-moderately-severe',
        label: 'PHQ-9 15 or more',
        rule: { kind: 'severity', minPhq9Threshold: 'tmsCommercialMinPhq9' },
      },
      {
        id: 'failed-two-classes',
        label: 'At least two adequate antidepressant trials from different classes failed',
        rule: { kind: 'failed-trials', minTrials: 2, differentClasses: true, intoleranceCounts: true },
      },
      { id: 'psychotherapy-trial', label: 'An adequate trial of psychotherapy', rule: { kind: 'psychotherapy-trial' } },
      {
        id: 'no-bipolar-psychosis',
        label: 'No bipolar disorder, schizophrenia or psychotic disorder',
        rule: { kind: 'no-diagnosis', categories: ['bipolar', 'psychotic'], psychoticFeatures: true },
      },
      {
        id: 'no-concurrent-esketamine',
        label: 'No concurrent ketamine or esketamine',
        rule: { kind: 'no-concurrent-esketamine', drugClasses: ['NMDA-antagonist'] },
      },
      NO_IMPLANTS,
    ],
    citationIds: ['centene-cp-bh-200'],
  },
];

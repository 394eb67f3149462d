import type { CitationId } from './citation-ids';

/**
 * Options that address a side effect of the current antidepressant rather than its lost efficacy. They are offered in
 * the clinician's review plan with their evidence, never ranked among the next steps for a loss of response.
 */
export interface SideEffectOptionInfo {
  readonly id: 'drug-holiday';
  readonly title: string;
  /** The side effect the evidence is about. */
  readonly indication: string;
  /** What the evidence shows, and what it does not. */
  readonly evidence: string;
  /** Catalogue agents the option is not for, with the reason in `cautions`. */
  readonly notForAgentIds: readonly string[];
  readonly cautions: readonly string[];
  readonly citationIds: readonly CitationId[];
}

export const SIDE_EFFECT_OPTIONS: Readonly<Record<SideEffectOptionInfo['id'], SideEffectOptionInfo>> = {
  'drug-holiday': {
    id: 'drug-holiday',
    title: 'Drug holiday (for sexual side effects only)',
    indication: 'Sexual dysfunction on an SSRI in a patient whose depression has recovered.',
    evidence:
      'In 30 recovered outpatients, weekend drug holidays (last dose Thursday morning, restarted Sunday noon, for four weekends) improved sexual function on sertraline and paroxetine but not on fluoxetine, without a significant rise in Hamilton depression scores; two patients rose from the 4–8 to the 10–14 range (Rothschild 1995). There is no evidence that a drug holiday restores a lost antidepressant response: it is not a treatment for tachyphylaxis.',
    notForAgentIds: ['fluoxetine'],
    cautions: [
      "Not with fluoxetine: its long half-life (and norfluoxetine's) keeps levels up over a weekend, and it did not help in the study.",
      'With short half-life agents (paroxetine, venlafaxine) missed doses can bring discontinuation symptoms within days; warn the patient.',
      'Watch for depressive symptoms returning; a positive PHQ-9 item 9 ends the holiday.',
    ],
    citationIds: ['rothschild-1995', 'drug-labels'],
  },
};

import type { ReviewConclusion } from '../review/types';
import type { CitationId } from './citation-ids';
import type { EvidenceTag } from './types';

/**
 * How a clinician's documented review changes the next assessment and card. Measurement-based care ties each
 * treatment decision to a measured score and a documented decision, revisited when new measurements arrive (Guo
 * 2015); the loss-of-response checklist puts non-adherence, dose changes, interacting drugs and stressors first
 * (Targum 2014, Dold & Kasper 2017). Which card follows from which conclusion is the product's design, tagged D:
 * a documented conclusion holds until there is new evidence after it, and never hides a positive PHQ-9 item 9
 * (`analysis/documented-review.ts` applies these rules; safety flags are computed apart and are never read there).
 *
 * New evidence after a review: a PHQ-9 after the review date that meets the loss-of-response criteria and is either
 * a fresh worsening (a score after the review did not meet them) or at least the minimal clinically important
 * difference (Löwe 2004) above the last score the review saw; or a positive item 9 after the review.
 */

export type ReviewEffectKind =
  /** No loss-of-response card until new evidence after the review. */
  | 'quiet'
  /** The card says the documented plan is in place since the review date: information, not a fresh alarm. */
  | 'plan-in-place'
  /** The card stays, noting that the clinician documented a likely loss of response without a plan. */
  | 'loss-documented'
  /** The finding is labelled a relapse or new episode, not tachyphylaxis. */
  | 'relapse';

export interface ReviewRule {
  readonly conclusion: ReviewConclusion;
  /** The effect while the review holds; `loss-of-response-likely` has `plan-in-place` only when a plan is recorded. */
  readonly effect: ReviewEffectKind;
  readonly effectWithoutPlan?: ReviewEffectKind;
  /** For `not-now`: the days after the review when the question is raised again (re-review due). */
  readonly recheckAfterDays?: number;
  readonly description: string;
  readonly tag: EvidenceTag;
  readonly citationIds: readonly CitationId[];
}

export const REVIEW_RULES: Readonly<Record<ReviewConclusion, ReviewRule>> = {
  explained: {
    conclusion: 'explained',
    effect: 'quiet',
    description:
      'Explained by another cause (non-adherence, a dose change, an interacting drug, stressors, substance use, a medical condition): the cause is addressed first and no loss-of-response card is raised until new evidence after the review.',
    tag: 'D',
    citationIds: ['targum-2014', 'dold-kasper-2017', 'guo-2015-mbc', 'tachywatch-design'],
  },
  'loss-of-response-likely': {
    conclusion: 'loss-of-response-likely',
    effect: 'plan-in-place',
    effectWithoutPlan: 'loss-documented',
    description:
      'Loss of response judged likely: with a plan recorded, the card says the plan is in place since the review (information, not a new alarm); without one, the card stays and notes the review.',
    tag: 'D',
    citationIds: ['guo-2015-mbc', 'kinrys-2019', 'tachywatch-design'],
  },
  'relapse-or-new-episode': {
    conclusion: 'relapse-or-new-episode',
    effect: 'relapse',
    description:
      'Relapse or a new episode rather than a lost drug effect: the finding is labelled as such (treated as an episode of depression, not as tachyphylaxis) until new evidence after the review.',
    tag: 'D',
    citationIds: ['rush-2006-acnp', 'tachywatch-design'],
  },
  'not-now': {
    conclusion: 'not-now',
    effect: 'quiet',
    recheckAfterDays: 28,
    description:
      'Deferred: no card for 28 days after the review (two confirmation intervals, time for a repeat PHQ-9), then the question is raised again; new evidence raises it sooner. A design choice.',
    tag: 'D',
    citationIds: ['guo-2015-mbc', 'rush-2006-acnp', 'tachywatch-design'],
  },
};

import type { Assessment, ConfounderId, ConfounderState } from '../domain/assessment';
import type { ClinicianReviewInput, DomainAnswer, ExternalFactor, LifestyleAnswer, ReviewCheck } from './types';

/** The engine's confounders each external-factor check is pre-filled from. */
const FACTOR_CONFOUNDERS: Readonly<Record<ExternalFactor, readonly ConfounderId[]>> = {
  adherence: ['adherence-gap', 'not-taking'],
  doseChange: ['dose-reduction', 'formulation-change'],
  interactingDrugs: ['cyp-inducer', 'depressogenic-drug', 'smoking-cyp1a2'],
  stressors: ['stressors'],
};

/**
 * `present` when any of the confounders is present. `absent` when the first (the factor's main measure: adherence
 * from fills, known doses) is `absent` in the engine's sense — data that could show it was read and does not — and
 * none of the others is present or unknown. Otherwise `not-checked`: nothing recorded is not the same as checked.
 */
function prefillCheck(states: readonly (ConfounderState | undefined)[]): ReviewCheck {
  if (states.includes('present')) return 'present';
  if (states[0] === 'absent' && !states.includes('unknown')) return 'absent';
  return 'not-checked';
}

/**
 * The review form's starting point for an assessment: the external-factor checks pre-filled from what the engine
 * found about the worsening, the antidepressant under review, and everything the clinician must ask left as
 * not asked. The conclusion starts at `not-now` (nothing concluded yet) with an empty plan.
 */
export function prefillReview(assessment: Assessment): ClinicianReviewInput {
  const { tachyphylaxis } = assessment;
  const byId = new Map(tachyphylaxis.confounders.map((confounder) => [confounder.id, confounder.state]));
  const check = (factor: ExternalFactor): ReviewCheck =>
    prefillCheck(FACTOR_CONFOUNDERS[factor].map((id) => byId.get(id)));
  const notAsked: DomainAnswer = 'not-asked';
  const lifestyleNotAsked: LifestyleAnswer = 'not-asked';
  return {
    ...(tachyphylaxis.agentId !== undefined
      ? { trial: { agentId: tachyphylaxis.agentId, display: tachyphylaxis.drugName ?? tachyphylaxis.agentId } }
      : {}),
    externalFactors: {
      adherence: check('adherence'),
      doseChange: check('doseChange'),
      interactingDrugs: check('interactingDrugs'),
      stressors: check('stressors'),
    },
    symptomDomains: {
      energy: notAsked,
      motivation: notAsked,
      cognition: notAsked,
      sleep: notAsked,
      weight: notAsked,
      'sexual-function': notAsked,
      'emotional-blunting': notAsked,
    },
    lifestyle: {
      sleep: lifestyleNotAsked,
      stress: lifestyleNotAsked,
      'alcohol-substances': lifestyleNotAsked,
      nutrition: lifestyleNotAsked,
      movement: lifestyleNotAsked,
      support: lifestyleNotAsked,
    },
    conclusion: 'not-now',
    plan: [],
  };
}

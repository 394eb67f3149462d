import type { IsoDate } from '../domain/dates';

/**
 * The clinician's documented review of a possible loss of response: what the app's review form produces, what is
 * written to the EHR as a QuestionnaireResponse, and what the readers bring back into the record.
 */

/**
 * An external factor that can explain a worsening. `present`: the factor is there (missed doses, a dose change, an
 * interacting drug, a new stressor); `absent`: checked and not there; `not-checked`: not looked at.
 */
export type ReviewCheck = 'present' | 'absent' | 'not-checked';

/** A symptom domain (compared with the best point of treatment). */
export type DomainAnswer = 'present' | 'absent' | 'not-asked';

/** A lifestyle area the clinician looked at beyond prescriptions. */
export type LifestyleAnswer = 'concern' | 'no-concern' | 'not-asked';

export type ReviewConclusion = 'loss-of-response-likely' | 'explained' | 'relapse-or-new-episode' | 'not-now';

export type ReviewExplanation =
  'non-adherence' | 'dose-change' | 'interacting-drug' | 'stressors' | 'substance-use' | 'medical-condition' | 'other';

export type ExternalFactor = 'adherence' | 'doseChange' | 'interactingDrugs' | 'stressors';

export type SymptomDomain =
  'energy' | 'motivation' | 'cognition' | 'sleep' | 'weight' | 'sexual-function' | 'emotional-blunting';

export type LifestyleArea = 'sleep' | 'stress' | 'alcohol-substances' | 'nutrition' | 'movement' | 'support';

export interface ReviewedTrial {
  /** The catalogue agent id of the antidepressant reviewed (the engine trial's agent). */
  readonly agentId: string;
  readonly display: string;
}

/** What the app's review form produces. */
export interface ClinicianReviewInput {
  readonly trial?: ReviewedTrial;
  readonly externalFactors: Readonly<Record<ExternalFactor, ReviewCheck>>;
  readonly symptomDomains: Readonly<Record<SymptomDomain, DomainAnswer>>;
  readonly lifestyle: Readonly<Record<LifestyleArea, LifestyleAnswer>>;
  readonly conclusion: ReviewConclusion;
  /** Required when `conclusion` is `explained`. */
  readonly explainedBy?: ReviewExplanation;
  /** Plan option ids (`REVIEW_PLAN_OPTIONS`), e.g. `dose-optimisation`, `augmentation`, `tms`, `drug-holiday`. */
  readonly plan: readonly string[];
  /** Free text, at most `REVIEW_NOTE_MAX_LENGTH` characters. */
  readonly note?: string;
}

/** A review read back from the record (a completed or amended QuestionnaireResponse of the review Questionnaire). */
export interface DocumentedReview extends ClinicianReviewInput {
  readonly id?: string;
  /** Relative reference of the QuestionnaireResponse, e.g. `QuestionnaireResponse/abc`. */
  readonly ref?: string;
  /** When the review was documented (QuestionnaireResponse.authored), an ISO dateTime or date. */
  readonly authored: string;
  /** The calendar day of `authored`, the date the rules compare with. */
  readonly authoredDate?: IsoDate;
  readonly status: 'completed' | 'amended';
}

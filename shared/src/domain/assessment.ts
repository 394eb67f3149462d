import type { CitationId } from '../knowledge/citation-ids';
import type { DrugClass } from '../knowledge/types';
import type { IsoDate } from './dates';
import type { DataIssue } from './issues';
import type { Phq9Instrument } from './record';

/**
 * The result of `assessPatient`: everything the CDS card and the review app show. Both render it; neither
 * re-derives any of it. Wording in `label`, `evidence` and `rationale` fields is ready to show a clinician and
 * always speaks of a *possible* pattern to review, never a diagnosis.
 */
export interface Assessment {
  readonly knowledgeVersion: string;
  /** The `now` the assessment was computed for. */
  readonly asOf: IsoDate;
  readonly patient: AssessedPatient;
  readonly phq9: readonly Phq9Point[];
  /** Antidepressant and augmentation trials, oldest first. */
  readonly trials: readonly Trial[];
  readonly tachyphylaxis: TachyphylaxisFinding;
  /** Always evaluated, whatever else is found. Empty when nothing applies. */
  readonly safety: readonly SafetyFlag[];
  readonly treatmentResistance: TreatmentResistance;
  /** Ranked next steps, best first. */
  readonly options: readonly TreatmentOption[];
  /** Brain-stimulation courses (TMS, ECT) and esketamine, for the timeline. */
  readonly interventions: readonly InterventionCourse[];
  readonly issues: readonly DataIssue[];
  /** The PHQ-9 severity bands as score ranges, from the thresholds this assessment used (site-tunable). */
  readonly phq9Bands?: readonly Phq9BandRange[];
}

export interface Phq9BandRange {
  readonly band: Phq9Band;
  /** Lowest total in the band. */
  readonly from: number;
  /** Highest total in the band. */
  readonly to: number;
}

export interface AssessedPatient {
  readonly id?: string;
  readonly ageYears?: number;
}

export type Phq9Band = 'none-minimal' | 'mild' | 'moderate' | 'moderately-severe' | 'severe';

export interface Phq9Point {
  readonly date: IsoDate;
  readonly total: number;
  readonly band: Phq9Band;
  readonly instrument: Phq9Instrument;
  readonly item9?: number;
  readonly refs: readonly string[];
}

/** A score with its date, as cited in evidence (baseline, nadir, worsening, …). */
export interface ScoreAt {
  readonly date: IsoDate;
  readonly total: number;
}

export type TrialRole = 'antidepressant' | 'augmentation';

export interface DoseSegment {
  readonly start: IsoDate;
  /** Inclusive last day; absent while ongoing. */
  readonly end?: IsoDate;
  /** Total daily dose in mg; absent when it cannot be known from the records. */
  readonly dailyDoseMg?: number;
  readonly refs: readonly string[];
}

export interface Adherence {
  /** Proportion of days covered, 0–1, over the window; absent when there is no supply data. */
  readonly pdc?: number;
  readonly basis: 'dispenses' | 'request-supply' | 'none';
  readonly windowStart: IsoDate;
  readonly windowEnd: IsoDate;
  /** Uncovered runs of days inside the window. */
  readonly gaps: readonly { readonly start: IsoDate; readonly end: IsoDate; readonly days: number }[];
  readonly longestGapDays: number;
}

export type TrialAdequacy = 'adequate' | 'borderline' | 'inadequate-dose' | 'inadequate-duration' | 'unknown';

export type TrialOutcome =
  'remission' | 'response' | 'partial-response' | 'non-response' | 'loss-of-response' | 'too-early' | 'unknown';

export interface Trial {
  /** Stable id: `${agentId}:${start}`. */
  readonly id: string;
  readonly agentId: string;
  /** Generic name for display. */
  readonly name: string;
  readonly drugClass: DrugClass;
  readonly role: TrialRole;
  readonly start: IsoDate;
  /** Inclusive last day; absent when ongoing. */
  readonly end?: IsoDate;
  readonly ongoing: boolean;
  readonly doseSegments: readonly DoseSegment[];
  readonly maxDailyDoseMg?: number;
  readonly minAdequateDoseMg?: number;
  readonly maxLabelDoseMg?: number;
  readonly durationDays: number;
  readonly daysAtAdequateDose: number;
  readonly adherence: Adherence;
  readonly adequacy: TrialAdequacy;
  readonly outcome: TrialOutcome;
  readonly baseline?: ScoreAt;
  readonly nadir?: ScoreAt;
  /** First score meeting response (≥ 50 % drop or < 5). */
  readonly responseAt?: ScoreAt;
  readonly remissionAt?: ScoreAt;
  /** When the outcome is loss-of-response: the first score that met the loss criteria. */
  readonly lossAt?: ScoreAt;
  /** Relative references of every resource the trial was built from. */
  readonly refs: readonly string[];
}

export type ConfounderId =
  | 'adherence-gap'
  | 'dose-reduction'
  | 'formulation-change'
  | 'cyp-inducer'
  | 'smoking-cyp1a2'
  | 'bipolar'
  | 'psychotic'
  | 'substance-use'
  | 'hypothyroidism'
  | 'pharmacogenomic'
  | 'depressogenic-drug'
  | 'perinatal';

export type ConfounderState = 'present' | 'absent' | 'unknown';

export interface Confounder {
  readonly id: ConfounderId;
  readonly state: ConfounderState;
  /** Short name, e.g. "Refill gaps / non-adherence". */
  readonly label: string;
  /** What the data shows, e.g. "PDC 96 % over the 90 days before worsening (dispenses)". No identifiers. */
  readonly evidence: string;
  /** What the clinician should check, e.g. "Ask about missed doses; check pharmacy fill history". */
  readonly whatToCheck: string;
  readonly refs: readonly string[];
  readonly citationIds: readonly CitationId[];
}

export type TachyphylaxisStatus = 'possible' | 'emerging' | 'none' | 'suppressed';

export interface PriorLossOfResponse {
  readonly trialId: string;
  readonly agentId: string;
  readonly name: string;
  readonly drugClass: DrugClass;
  readonly lossAt: ScoreAt;
}

export interface TachyphylaxisFinding {
  readonly status: TachyphylaxisStatus;
  /** The trial the finding is about (the current one when status is possible/emerging/suppressed). */
  readonly trialId?: string;
  readonly agentId?: string;
  readonly drugName?: string;
  readonly drugClass?: DrugClass;
  readonly dailyDoseMg?: number;
  readonly baseline?: ScoreAt;
  readonly response?: ScoreAt;
  readonly nadir?: ScoreAt;
  /** First elevated score after the nadir. */
  readonly worsening?: ScoreAt;
  /** Second elevated score ≥ the confirmation interval later (present when status is `possible`). */
  readonly confirmation?: ScoreAt;
  /** Days on the current unchanged dose up to the worsening. */
  readonly daysOnStableDose?: number;
  readonly timing?: 'relapse-type' | 'recurrence-type';
  /** Every confounder, present, absent or unknown. */
  readonly confounders: readonly Confounder[];
  readonly priorLossesOfResponse: readonly PriorLossOfResponse[];
  /** One line each: why this status, in plain language with dates and scores. */
  readonly evidence: readonly string[];
  /** When `suppressed` (e.g. bipolar diagnosis) or `none`: the reason in one sentence. */
  readonly reason?: string;
  /**
   * A stable key for the episode the finding is about (`${trialId}:${worsening.date}`), so a card overridden
   * for this episode is not raised again, but new evidence (a new trial or new worsening) is.
   */
  readonly episodeKey?: string;
  readonly citationIds: readonly CitationId[];
}

export type SafetyFlagId =
  | 'phq9-item9-positive'
  | 'boxed-warning-young-adult'
  | 'bipolar-antidepressant-caution'
  | 'serotonergic-combination'
  | 'maoi-washout'
  | 'citalopram-qt-dose';

export interface SafetyFlag {
  readonly id: SafetyFlagId;
  readonly severity: 'critical' | 'warning' | 'info';
  /** One sentence, ready for a card summary. */
  readonly message: string;
  readonly detail: string;
  readonly date?: IsoDate;
  readonly refs: readonly string[];
  readonly citationIds: readonly CitationId[];
}

export interface StagingResult<TValue> {
  readonly value: TValue;
  /** What data was missing and so counted as zero or assumed, in plain language. */
  readonly missing: readonly string[];
}

export interface TreatmentResistance {
  readonly episodeStart?: IsoDate;
  /** Ids of adequate trials that failed (non-response, partial response or loss of response) in the current episode. */
  readonly adequateFailedTrialIds: readonly string[];
  /** ≥ 2 adequate failed trials in the current episode. */
  readonly meetsTrdDefinition: boolean;
  readonly thaseRush: StagingResult<0 | 1 | 2 | 3 | 4 | 5>;
  readonly maudsley: StagingResult<{ readonly score: number; readonly band: 'mild' | 'moderate' | 'severe' }>;
  readonly mghS: StagingResult<number>;
  readonly citationIds: readonly CitationId[];
}

export type OptionKind =
  'dose-optimisation' | 'switch' | 'augmentation' | 'combination' | 'psychotherapy' | 'tms' | 'ect' | 'esketamine';

export interface CandidateAgent {
  readonly agentId: string;
  readonly name: string;
  readonly note: string;
}

export type CriterionStatus = 'met' | 'not-met' | 'unknown';

export interface EligibilityCriterion {
  readonly id: string;
  readonly label: string;
  readonly status: CriterionStatus;
  readonly evidence: string;
}

export interface TmsPolicyEvaluation {
  readonly policyId: string;
  readonly policyName: string;
  readonly criteria: readonly EligibilityCriterion[];
  readonly overall: 'criteria-met' | 'criteria-not-met' | 'insufficient-data';
  readonly citationIds: readonly CitationId[];
}

export interface TreatmentOption {
  readonly kind: OptionKind;
  /** 1 = first to consider. */
  readonly rank: number;
  readonly title: string;
  readonly rationale: string;
  readonly candidates: readonly CandidateAgent[];
  readonly safetyNotes: readonly string[];
  readonly citationIds: readonly CitationId[];
  /** Present for `tms`: the checklist per policy profile. */
  readonly tmsEligibility?: readonly TmsPolicyEvaluation[];
}

export interface InterventionCourse {
  readonly kind: 'tms' | 'ect' | 'esketamine';
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly sessions: number;
  readonly refs: readonly string[];
}

/** Findings about a draft antidepressant order (order-select / order-sign), from `assessOrder`. */
export type OrderFindingKind =
  | 'prior-loss-same-drug'
  | 'prior-loss-same-class'
  | 'prior-failure-same-drug'
  | 'serotonergic-combination'
  | 'maoi-washout'
  | 'switch-matches-history'
  | 'boxed-warning-young-adult'
  | 'bipolar-caution'
  | 'age-not-approved'
  | 'dose-above-cap'
  | 'perinatal-caution';

export interface OrderFinding {
  readonly kind: OrderFindingKind;
  readonly severity: 'critical' | 'warning' | 'info';
  /** The draft order's relative reference, e.g. `MedicationRequest/draft-1`. */
  readonly orderRef: string;
  readonly agentId: string;
  readonly drugName: string;
  /** One sentence, < 140 characters, ready for a card summary. */
  readonly summary: string;
  readonly detail: string;
  readonly citationIds: readonly CitationId[];
}

import type { CitationId } from '../knowledge/citation-ids';
import type { DrugClass } from '../knowledge/types';
import type { IsoDate } from './dates';
import type { DataIssue } from './issues';
import type { ReviewEffectKind } from '../knowledge/review-rules';
import type { ReviewConclusion, ReviewExplanation } from '../review/types';
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
  /** Residual-symptom drift on the current antidepressant after its response; absent when there is no such trial. */
  readonly residualDrift?: ResidualDrift;
  readonly issues: readonly DataIssue[];
  /** The PHQ-9 severity bands as score ranges, from the thresholds this assessment used (site-tunable). */
  readonly phq9Bands?: readonly Phq9BandRange[];
  /**
   * The latest clinician review that bears on the finding (same drug, documented by `asOf`) and its effect on the
   * card (`knowledge/review-rules.ts`); absent when there is no worsening or no such review.
   */
  readonly documentedReview?: DocumentedReviewStatus;
}

/** What a documented review does to the finding: its effect while it holds, or why it has lapsed. */
export interface DocumentedReviewStatus {
  /** The QuestionnaireResponse, e.g. `QuestionnaireResponse/abc`. */
  readonly ref?: string;
  readonly authored: string;
  /** The review's day, compared with the scores. */
  readonly date: IsoDate;
  readonly conclusion: ReviewConclusion;
  readonly explainedBy?: ReviewExplanation;
  readonly plan: readonly string[];
  /** `lapsed`: the review no longer holds (see `lapsedBy`); the finding shows as if unreviewed. */
  readonly effect: ReviewEffectKind | 'lapsed';
  readonly lapsedBy?: 'new-worsening' | 'new-phq9' | 'item9' | 'recheck-due';
  /** The PHQ-9 after the review that lifted it. */
  readonly newEvidence?: ScoreAt;
  /** For a deferral (`not-now`): when the question is raised again. */
  readonly recheckOn?: IsoDate;
  /** One sentence for the card and the app, with ISO dates. */
  readonly statement: string;
  readonly citationIds: readonly CitationId[];
}

export interface Phq9BandRange {
  readonly band: Phq9Band;
  /** Lowest total in the band. */
  readonly from: number;
  /** Highest total in the band. */
  readonly to: number;
}

/**
 * Whether the interest, sleep, energy and concentration items of the PHQ-9 are rising after a response while the
 * total stays below the loss criteria: the subthreshold picture of a poop-out. A pattern to look at, not a rule.
 */
export interface ResidualDrift {
  readonly status: 'drift' | 'stable' | 'insufficient-data';
  readonly trialId: string;
  readonly drugName: string;
  /** The first and latest PHQ-9s with item answers in the window, and their residual-item subscore (0–12). */
  readonly from?: { readonly date: IsoDate; readonly subscore: number };
  readonly to?: { readonly date: IsoDate; readonly subscore: number };
  /** Items that rose, with their first and latest answers (item numbers 1-based). */
  readonly risingItems: readonly {
    readonly item: number;
    readonly label: string;
    readonly from: number;
    readonly to: number;
  }[];
  /** One sentence for the app (and the optional info card). */
  readonly statement: string;
  readonly citationIds: readonly CitationId[];
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
  | 'remission'
  | 'response'
  | 'partial-response'
  | 'non-response'
  | 'loss-of-response'
  /** A loss-of-response score after a sustained response, not yet confirmed by a second one. */
  | 'worsening-unconfirmed'
  | 'too-early'
  | 'unknown';

export interface Trial {
  /** Stable id: `${agentId}:${start}`. */
  readonly id: string;
  readonly agentId: string;
  /** Generic name for display. */
  readonly name: string;
  readonly drugClass: DrugClass;
  readonly role: TrialRole;
  /**
   * When a drug started as an add-on (or in a cross-taper) became the primary antidepressant because the drug it was
   * added to stopped: the day after that drug's last day. Its `role` is then `antidepressant`.
   */
  readonly primarySince?: IsoDate;
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
  /**
   * A score that met response but was not sustained (no second qualifying score at least the confirmation interval
   * later without a non-qualifying score between): the trial is judged partial or non-response, never a loss.
   */
  readonly unsustainedResponseAt?: ScoreAt;
  /** When the outcome is loss-of-response: the first score that met the loss criteria, confirmed ≥ 14 days later. */
  readonly lossAt?: ScoreAt;
  /** When the outcome is worsening-unconfirmed: the loss score still waiting for a confirming one. */
  readonly unconfirmedLossAt?: ScoreAt;
  /** Relative references of every resource the trial was built from. */
  readonly refs: readonly string[];
}

export type ConfounderId =
  | 'adherence-gap'
  | 'not-taking'
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
  | 'perinatal'
  | 'stressors';

/**
 * `present`: the data shows it. `absent`: data that could show it was read and does not (a PDC ≥ 80 % from fills, a
 * normal TSH, known doses without a reduction). `not-recorded`: nothing in the record shows it, but the record could
 * not rule it out either (no bipolar diagnosis on the problem list is not proof of its absence). `unknown`: the data
 * needed to judge is missing or unclear and should be checked (orders only, no TSH on lithium, a differential
 * diagnosis).
 */
export type ConfounderState = 'present' | 'absent' | 'not-recorded' | 'unknown';

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

/**
 * - `possible`: a confirmed loss of response on the same drug and dose with nothing that explains it first.
 * - `emerging`: the same, not yet confirmed by a second score.
 * - `explained`: a worsening after a sustained response, preceded by something that can explain it (adherence below
 *   the threshold in the window before it, a statement on hold / not taken / stopped, a dose reduction, a formulation
 *   change, an inducer or smoking started on a substrate): check that first; not called tachyphylaxis.
 * - `managed`: a worsening after which the regimen was changed (dose increase, add-on, switch, brain stimulation),
 *   with the latest scores not yet back at response: being managed since `managedSince`.
 * - `suppressed`: a bipolar or psychotic disorder is recorded: the diagnosis comes first.
 * - `none`: no pattern (including a worsening that has resolved: the latest scores meet response again).
 */
export type TachyphylaxisStatus = 'possible' | 'emerging' | 'explained' | 'managed' | 'none' | 'suppressed';

/** A confounder that precedes the worsening and can explain it, worded for the first line of a card. */
export interface WorseningExplanation {
  readonly confounderId: ConfounderId;
  /** E.g. "check adherence first (PDC 44 % in the 90 days before)". No identifiers. */
  readonly checkFirst: string;
}

export type RegimenChangeKind = 'dose-increase' | 'add-on' | 'switch' | 'brain-stimulation' | 'esketamine';

/** A change of treatment made after the worsening. */
export interface RegimenChange {
  readonly kind: RegimenChangeKind;
  readonly date: IsoDate;
  /** E.g. "aripiprazole added", "sertraline raised to 150 mg/day". */
  readonly description: string;
  readonly refs: readonly string[];
}

/**
 * What the response being lost belongs to. `drug`: the antidepressant alone. `regimen`: an add-on, TMS or esketamine
 * started at or before the response, so the regimen (not the drug) lost its effect. `ect`: an ECT course at or before
 * the response: a relapse after ECT, for which continuation or maintenance ECT is an option.
 */
export interface ResponseAttribution {
  readonly kind: 'drug' | 'regimen' | 'ect';
  /** The treatments besides the drug that were in place at the response. */
  readonly coTreatments: readonly {
    readonly kind: 'augmentation' | 'tms' | 'ect' | 'esketamine';
    readonly name: string;
    readonly start: IsoDate;
  }[];
  /** One sentence for the card and the app. */
  readonly statement: string;
}

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
  /** Every confounder, present, absent, not recorded or unknown. */
  readonly confounders: readonly Confounder[];
  /** When `explained`: the preceding confounders that can explain the worsening, most actionable first. */
  readonly explanations?: readonly WorseningExplanation[];
  /**
   * Adherence over the window before the worsening (the figure every view shows); the trial's whole-course adherence
   * is `Trial.adherence` and is labelled as such where shown.
   */
  readonly adherenceBeforeWorsening?: Adherence;
  /** The first change of regimen after the worsening, when there is one. */
  readonly managedSince?: RegimenChange;
  /** Whose response was lost: the drug, the regimen, or ECT's. */
  readonly attribution?: ResponseAttribution;
  /** The latest PHQ-9 up to now (after the worsening when there is one), so reasons never contradict it. */
  readonly latest?: ScoreAt;
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
  /** How the record was counted where the published definition leaves a choice (e.g. losses of response). */
  readonly notes?: readonly string[];
}

export interface TreatmentResistance {
  readonly episodeStart?: IsoDate;
  /**
   * Ids of adequate trials that failed by non-response or partial response in the current episode. A loss of response
   * is not a failed trial in the published definitions (the drug worked first); it is listed in
   * `lossOfResponseTrialIds` instead.
   */
  readonly adequateFailedTrialIds: readonly string[];
  /** Ids of antidepressant trials in the current episode that lost a sustained response, listed apart. */
  readonly lossOfResponseTrialIds?: readonly string[];
  /** ≥ 2 adequate failed trials in the current episode. */
  readonly meetsTrdDefinition: boolean;
  readonly thaseRush: StagingResult<0 | 1 | 2 | 3 | 4 | 5>;
  readonly maudsley: StagingResult<{ readonly score: number; readonly band: 'mild' | 'moderate' | 'severe' }>;
  readonly mghS: StagingResult<number>;
  readonly citationIds: readonly CitationId[];
}

/** `address-explanation`: when a worsening has an explanation (adherence, a dose cut, an inducer…), address it first. */
export type OptionKind =
  | 'address-explanation'
  | 'dose-optimisation'
  | 'switch'
  | 'augmentation'
  | 'combination'
  | 'psychotherapy'
  | 'tms'
  | 'ect'
  | 'esketamine';

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

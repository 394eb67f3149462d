import type { IsoDate } from './dates';
import type { DocumentedReview } from '../review/types';
import type { DataIssue } from './issues';

/**
 * What the FHIR readers extract from a patient's resources: the typed input of the analysis.
 * Everything here is already filtered (no entered-in-error, no cancelled records) and mapped to
 * the knowledge catalogue; nothing here is a clinical judgement.
 */
export interface PatientRecord {
  readonly patient?: PatientInfo;
  readonly medications: readonly MedicationEvent[];
  readonly phq9: readonly Phq9Score[];
  /**
   * Item 9 answers from PHQ-9 administrations that could not be scored (no total and fewer than nine items).
   * Kept apart so that a positive item 9 is never lost with the unscorable administration.
   */
  readonly unscoredItem9?: readonly UnscoredItem9[];
  readonly conditions: readonly ConditionFact[];
  readonly procedures: readonly ProcedureFact[];
  readonly tobacco: readonly TobaccoStatus[];
  readonly pharmacogenomics: readonly PgxPhenotype[];
  /** Pregnancy status observations (LOINC 82810-3, 11449-6); absent in records built before they were read. */
  readonly pregnancyStatus?: readonly PregnancyStatus[];
  /** Thyroid function tests (TSH, free T4), oldest first; absent when none were read. */
  readonly labs?: readonly LabResult[];
  /**
   * The clinician's documented reviews (QuestionnaireResponses of the Tachywatch review Questionnaire), oldest first.
   * Always set by `readPatientRecord`; optional so that records built by hand before reviews existed stay valid.
   */
  readonly reviews?: readonly DocumentedReview[];
  readonly issues: readonly DataIssue[];
}

export type LabKind = 'tsh' | 'free-t4';

/** A thyroid function test result. */
export interface LabResult {
  readonly ref: string;
  readonly kind: LabKind;
  readonly date: IsoDate;
  readonly value: number;
  /** The unit as recorded (UCUM code or display). */
  readonly unit?: string;
  /** From the result's interpretation code or its reference range, when the laboratory reported either. */
  readonly flag?: 'high' | 'low' | 'normal';
}

export interface PatientInfo {
  readonly id?: string;
  readonly birthDate?: IsoDate;
  readonly gender?: 'male' | 'female' | 'other' | 'unknown';
  /** For the app's patient banner only; never logged. */
  readonly name?: string;
}

export type MedicationSource = 'MedicationStatement' | 'MedicationRequest' | 'MedicationDispense';

/** One medication resource, mapped to the catalogue agents it contains (a combination product has several). */
export interface MedicationEvent {
  /** Relative reference, e.g. `MedicationStatement/abc`. */
  readonly ref: string;
  readonly source: MedicationSource;
  /** The FHIR status as recorded (active, completed, stopped, on-hold, intended, unknown, not-taken, …). */
  readonly status: string;
  /** MedicationRequest.intent when the source is a request (order, plan, proposal, …). */
  readonly intent?: string;
  /** Human-readable product name as recorded (code.text or the first coding's display). */
  readonly text: string;
  readonly agents: readonly AgentDose[];
  /**
   * Start of the period the record covers: MedicationStatement.effective[x] start, MedicationRequest.authoredOn
   * (or dispenseRequest.validityPeriod.start), MedicationDispense.whenHandedOver (or whenPrepared).
   */
  readonly start?: IsoDate;
  /** End of the period when the record states one (effectivePeriod.end, validityPeriod.end). */
  readonly end?: IsoDate;
  /** Days of supply: MedicationDispense.daysSupply, or MedicationRequest.dispenseRequest.expectedSupplyDuration. */
  readonly daysSupply?: number;
  /** MedicationRequest.dispenseRequest.numberOfRepeatsAllowed. */
  readonly refills?: number;
  /** Reference to the request this dispense fulfils (MedicationDispense.authorizingPrescription), if any. */
  readonly authorizingRef?: string;
}

export type DoseBasis = 'dosage' | 'strength' | 'unknown';

/** One catalogue agent inside a medication record, with its total daily dose in mg when it can be known. */
export interface AgentDose {
  /** Catalogue id (see knowledge/agents), e.g. `sertraline`, `aripiprazole`, `carbamazepine`. */
  readonly agentId: string;
  /** Strength of one unit (tablet, capsule, mL) in mg, from the RxNorm clinical drug or the Medication resource. */
  readonly strengthMg?: number;
  /** Total daily dose in mg: dose × frequency from dosage, else the product strength once daily; absent when unknown. */
  readonly dailyDoseMg?: number;
  /** Where `dailyDoseMg` came from; `unknown` always comes with a `medication.dose-unknown` DataIssue. */
  readonly doseBasis: DoseBasis;
  /** Extended-release, immediate-release etc. when the product says so (for formulation-change confounders). */
  readonly formulation?: 'immediate-release' | 'extended-release' | 'transdermal' | 'other';
}

export type Phq9Instrument = 'PHQ-9' | 'PHQ-9M';

/** One administration of the PHQ-9 (or PHQ-9 Modified for Teens), possibly assembled from several resources. */
export interface Phq9Score {
  /** Relative references of the resources the score was read from. */
  readonly refs: readonly string[];
  readonly date: IsoDate;
  /** 0–27. */
  readonly total: number;
  readonly instrument: Phq9Instrument;
  /** `recorded` when a total was recorded; `computed` when summed from the nine items. */
  readonly totalSource: 'recorded' | 'computed';
  /** Item answers 1–9 (0–3 each) where known, index 0 = item 1; `undefined` for an unanswered item. */
  readonly items?: readonly (number | undefined)[];
  /** Item 9 (thoughts of self-harm, LOINC 44260-8) when known. */
  readonly item9?: number;
}

/** An item 9 answer (LOINC 44260-8) from a PHQ-9 administration that has no usable total. */
export interface UnscoredItem9 {
  readonly refs: readonly string[];
  readonly date: IsoDate;
  /** 0–3. */
  readonly value: number;
}

export type ConditionCategory =
  | 'major-depression'
  | 'dysthymia'
  | 'bipolar'
  | 'psychotic'
  | 'substance-use'
  | 'nicotine'
  | 'hypothyroidism'
  | 'seizure'
  | 'personality-labile'
  | 'pregnancy'
  | 'postpartum'
  | 'suicide-risk'
  /** A recorded psychosocial stressor (ICD-10-CM Z55–Z65, SNOMED CT social-risk findings). */
  | 'psychosocial-stressor';

export interface ConditionFact {
  readonly ref: string;
  readonly category: ConditionCategory;
  readonly system: string;
  readonly code: string;
  readonly display: string;
  /** FHIR clinicalStatus code when present (active, recurrence, relapse, inactive, remission, resolved). */
  readonly clinicalStatus?: string;
  /**
   * FHIR verificationStatus when present (confirmed, unconfirmed, provisional, differential). Refuted and
   * entered-in-error conditions are never read. An unconfirmed/provisional/differential diagnosis is a caution to
   * confirm, not a recorded diagnosis.
   */
  readonly verificationStatus?: string;
  readonly onset?: IsoDate;
  readonly abatement?: IsoDate;
  readonly recorded?: IsoDate;
  /** True for codes that state psychotic features (e.g. F32.3, F33.3). */
  readonly psychoticFeatures?: boolean;
}

export type ProcedureKind = 'tms' | 'ect' | 'psychotherapy' | 'esketamine';

export interface ProcedureFact {
  readonly ref: string;
  readonly kind: ProcedureKind;
  readonly system: string;
  readonly code: string;
  readonly start: IsoDate;
  readonly end?: IsoDate;
}

export type TobaccoUse = 'current' | 'former' | 'never' | 'unknown';

export interface TobaccoStatus {
  readonly ref: string;
  readonly date: IsoDate;
  readonly status: TobaccoUse;
}

export type PgxGene = 'CYP2D6' | 'CYP2C19' | 'CYP2B6';
export type PgxPhenotypeValue = 'poor' | 'intermediate' | 'normal' | 'rapid' | 'ultrarapid' | 'indeterminate';

export interface PgxPhenotype {
  readonly ref: string;
  readonly date?: IsoDate;
  readonly gene: PgxGene;
  readonly phenotype: PgxPhenotypeValue;
}

/** A recorded pregnancy status: `pregnant` true or false on `date`. */
export interface PregnancyStatus {
  readonly ref: string;
  readonly date: IsoDate;
  readonly pregnant: boolean;
}

/** A record with nothing in it: what a reader returns when no resource could be read. */
export const EMPTY_PATIENT_RECORD: PatientRecord = {
  medications: [],
  phq9: [],
  conditions: [],
  procedures: [],
  tobacco: [],
  pharmacogenomics: [],
  issues: [],
};

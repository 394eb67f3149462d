import type { CitationId } from './citation-ids';

/**
 * Evidence tag: verified against the source, verified via a secondary source only,
 * background knowledge not re-verified, design choice.
 */
export type EvidenceTag = 'V' | 'V2' | 'K' | 'D';

export interface Citation {
  readonly id: CitationId;
  readonly title: string;
  readonly url?: string;
  /** Year of publication or of the version consulted. */
  readonly year?: number;
  readonly tag: EvidenceTag;
  readonly note?: string;
}

export type DrugClass =
  | 'SSRI'
  | 'SNRI'
  | 'NDRI'
  | 'NaSSA'
  | 'SARI'
  | 'SPARI'
  | 'multimodal'
  | 'TCA'
  | 'MAOI'
  | 'NMDA-antagonist'
  | 'azapirone'
  | 'neurosteroid'
  | 'atypical-antipsychotic'
  | 'mood-stabiliser'
  | 'thyroid-hormone'
  | 'stimulant'
  | 'other';

export type AgentRole =
  | 'antidepressant'
  | 'augmentation'
  | 'cyp-inducer'
  | 'serotonergic-other'
  | 'mood-stabiliser'
  | 'antipsychotic'
  | 'depressogenic';

export interface DoseRangeMg {
  /** Usual start dose per day. */
  readonly start?: number;
  /** Minimum adequate daily dose for an adequate trial (MGH-ATRQ). */
  readonly minAdequate?: number;
  /** Upper end of the usual/labelled daily range. */
  readonly max?: number;
}

/** A drug the rules know: antidepressants, augmenting agents, interacting drugs. */
export interface AgentInfo {
  /** Kebab-case catalogue id, e.g. `sertraline`, `dextromethorphan-bupropion`. */
  readonly id: string;
  /** Generic name for display. */
  readonly name: string;
  /** Lower-case brand and alternative names used to match free text (e.g. `zoloft`). */
  readonly synonyms: readonly string[];
  readonly roles: readonly AgentRole[];
  readonly drugClass: DrugClass;
  /** Mechanism group used to judge "a different mechanism not yet tried". */
  readonly mechanism: string;
  /** RxNorm ingredient (IN or MIN) RXCUIs. */
  readonly rxnormIngredients: readonly string[];
  readonly atc: readonly string[];
  readonly dosesMg?: DoseRangeMg;
  readonly serotonergic: boolean;
  readonly maoi: boolean;
  /** Days to wait after stopping this drug before starting an MAOI (e.g. 35 for fluoxetine). */
  readonly washoutBeforeMaoiDays?: number;
  readonly cyp1a2Substrate: boolean;
  /** Genes with CPIC guidance for this drug. */
  readonly pgxGenes: readonly ('CYP2D6' | 'CYP2C19' | 'CYP2B6')[];
  readonly notes?: string;
  readonly citationIds: readonly CitationId[];
}

export interface Threshold {
  readonly id: string;
  readonly value: number;
  readonly unit: 'points' | 'ratio' | 'days' | 'weeks' | 'years' | 'mg/day' | 'count' | 'mIU/L';
  readonly comparator: '<' | '<=' | '>' | '>=' | '=';
  readonly description: string;
  readonly citationId: CitationId;
}

/** A code set snapshot, copied into the project with its source and version. */
export interface ValueSetSnapshot {
  readonly id: string;
  readonly name: string;
  readonly oid?: string;
  readonly version: string;
  readonly source: string;
  readonly codes: readonly { readonly system: string; readonly code: string; readonly display: string }[];
}

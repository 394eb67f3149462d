/**
 * A problem with the input data that the analysis noticed and worked around. Odd data is output,
 * never an exception (the CQL `Message` pattern): the clinician sees what could not be read.
 */
export type DataIssueSeverity = 'info' | 'warning' | 'error';

export interface DataIssue {
  /** Dotted code, e.g. `medication.dose-unknown`, `phq9.item-out-of-range`. */
  readonly code: string;
  readonly severity: DataIssueSeverity;
  /** Plain-language explanation for the clinician or integration engineer. Never contains patient identifiers. */
  readonly message: string;
  /** Relative reference of the resource concerned, e.g. `MedicationRequest/123`. */
  readonly resourceRef?: string;
}

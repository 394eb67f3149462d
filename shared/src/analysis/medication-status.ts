/**
 * FHIR status values (MedicationStatement, MedicationRequest, MedicationDispense) as the analysis reads them.
 * These are FHIR R4 value-set codes, not clinical thresholds.
 */
export const EXCLUDED_MEDICATION_STATUSES: ReadonlySet<string> = new Set([
  'entered-in-error',
  'cancelled',
  'draft',
  'not-taken',
  'declined',
  'not-done',
]);

/** A statement or request with one of these statuses and no end is still being taken. */
export const CONTINUING_MEDICATION_STATUSES: ReadonlySet<string> = new Set([
  'active',
  'intended',
  'on-hold',
  'in-progress',
]);

/** Condition clinical statuses that mean the condition no longer applies. */
export const INACTIVE_CONDITION_STATUSES: ReadonlySet<string> = new Set(['inactive', 'resolved', 'remission']);

import { assessPatient, readPatientRecord } from '@tachywatch/shared';
import { buildUrgencyKey, isFlagged, toRegistryRow } from './registry-row';
import type { StoredResult } from './resource-index';

/** A patient's resources as the index stored them (JSON text, already validated as FHIR-shaped objects). */
export interface PatientInput {
  readonly patientId: string;
  readonly resources: readonly string[];
}

export interface AssessBatch {
  readonly batchId: number;
  readonly asOf: string;
  readonly patients: readonly PatientInput[];
}

export interface AssessBatchResult {
  readonly batchId: number;
  readonly results: readonly StoredResult[];
  /** Patients whose record could not be assessed (reported as a count, never by id). */
  readonly failures: number;
}

/** The registry's only clinical step: the shared engine's readPatientRecord + assessPatient, per patient. */
export function assessBatch(batch: AssessBatch): AssessBatchResult {
  const results: StoredResult[] = [];
  let failures = 0;
  for (const { patientId, resources } of batch.patients) {
    try {
      const record = readPatientRecord(
        resources.map((text) => JSON.parse(text) as unknown),
        { patientId }
      );
      const row = toRegistryRow(patientId, assessPatient(record, { now: batch.asOf }));
      results.push({
        patientId,
        urgencyKey: buildUrgencyKey(row),
        status: row.status,
        drugClass: row.drugClass ?? 'none',
        flagged: isFlagged(row),
        rowJson: JSON.stringify(row),
      });
    } catch {
      failures += 1;
    }
  }
  return { batchId: batch.batchId, results, failures };
}

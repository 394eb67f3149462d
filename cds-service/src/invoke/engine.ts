import * as shared from '@tachywatch/shared';
import type {
  AnalysisConfig,
  Assessment,
  Citation,
  CitationId,
  MedicationEvent,
  OrderFinding,
  PatientRecord,
} from '@tachywatch/shared';

/** The shared clinical engine as the service uses it; injected so tests can observe or replace it. */
export interface CdsEngine {
  readPatientRecord(
    resources: readonly unknown[],
    options?: { patientId?: string; fhirServer?: string }
  ): PatientRecord;
  readDraftMedicationOrders(draftOrders: unknown): MedicationEvent[];
  assessPatient(record: PatientRecord, options: { now: Date | string; config?: AnalysisConfig }): Assessment;
  assessOrder(
    record: PatientRecord,
    assessment: Assessment,
    drafts: readonly MedicationEvent[],
    options: { now: Date | string; config?: AnalysisConfig }
  ): OrderFinding[];
  getCitation(id: CitationId): Citation | undefined;
}

export const SHARED_ENGINE: CdsEngine = {
  readPatientRecord: (resources, options) => shared.readPatientRecord(resources, options),
  readDraftMedicationOrders: (draftOrders) => shared.readDraftMedicationOrders(draftOrders),
  assessPatient: (record, options) => shared.assessPatient(record, options),
  assessOrder: (record, assessment, drafts, options) => shared.assessOrder(record, assessment, drafts, options),
  getCitation: (id) => shared.getCitation(id),
};

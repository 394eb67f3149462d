import type { Assessment, MedicationEvent, OrderFinding } from '@tachywatch/shared';
import { EMPTY_PATIENT_RECORD, getCitation } from '@tachywatch/shared';
import { buildTestAssessment } from '@tachywatch/shared/testing';
import type { CdsEngine } from '../invoke/engine';

export interface SpyEngine extends CdsEngine {
  /** The resources each call handed to `readPatientRecord`, in order. */
  readonly calls: { readonly resources: readonly unknown[]; readonly patientId: string | undefined }[];
  readonly draftCalls: unknown[];
}

/**
 * A stand-in for the clinical engine in service-layer tests: it records what the service handed it and returns
 * a given assessment, so transport behaviour (prefetch, fetch, paging, JWT, feedback) is tested on its own.
 */
export function createSpyEngine(
  toAssessment: (patient: Assessment['patient']) => Assessment = (patient) => buildTestAssessment({ patient }),
  orderFindings: (drafts: readonly MedicationEvent[]) => OrderFinding[] = () => []
): SpyEngine {
  const calls: SpyEngine['calls'] = [];
  const draftCalls: unknown[] = [];
  return {
    calls,
    draftCalls,
    readPatientRecord(resources, options) {
      calls.push({ resources, patientId: options?.patientId });
      return { ...EMPTY_PATIENT_RECORD, patient: { id: options?.patientId } };
    },
    readDraftMedicationOrders(draftOrders) {
      draftCalls.push(draftOrders);
      const entries = (draftOrders as { entry?: { resource?: { resourceType?: string; id?: string } }[] }).entry ?? [];
      return entries.flatMap((entry) =>
        entry.resource?.resourceType === 'MedicationRequest'
          ? [
              {
                ref: `MedicationRequest/${entry.resource.id}`,
                source: 'MedicationRequest',
                status: 'draft',
                text: 'draft',
                agents: [],
              },
            ]
          : []
      );
    },
    assessPatient: (record) => toAssessment(record.patient?.id ? { id: record.patient.id } : {}),
    assessOrder: (_record, _assessment, drafts) => orderFindings(drafts),
    getCitation,
  };
}

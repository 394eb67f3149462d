import type { Assessment, MedicationEvent, OrderFinding, TachyphylaxisFinding } from '@tachywatch/shared';
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

/** A `possible` finding on sertraline 100 mg/day, PHQ-9 4 → 14, for card and suppression tests. */
export function buildPossibleFinding(episodeKey = 'sertraline:2025-01-01:2025-11-01'): TachyphylaxisFinding {
  return {
    status: 'possible',
    trialId: 'sertraline:2025-01-01',
    agentId: 'sertraline',
    drugName: 'sertraline',
    drugClass: 'SSRI',
    dailyDoseMg: 100,
    baseline: { date: '2025-01-02', total: 19 },
    response: { date: '2025-03-01', total: 8 },
    nadir: { date: '2025-05-01', total: 4 },
    worsening: { date: '2025-11-01', total: 13 },
    confirmation: { date: '2025-11-20', total: 14 },
    daysOnStableDose: 280,
    timing: 'recurrence-type',
    confounders: [
      {
        id: 'adherence-gap',
        state: 'absent',
        label: 'Refill gaps / non-adherence',
        evidence: 'PDC 96 % over the 90 days before worsening',
        whatToCheck: 'Ask about missed doses',
        refs: [],
        citationIds: ['pqa-pdc'],
      },
      {
        id: 'hypothyroidism',
        state: 'unknown',
        label: 'Hypothyroidism',
        evidence: 'No TSH on record',
        whatToCheck: 'Consider TSH',
        refs: [],
        citationIds: [],
      },
    ],
    priorLossesOfResponse: [],
    evidence: ['PHQ-9 fell from 19 to 4, then rose to 13 and 14 on the same dose.'],
    episodeKey,
    citationIds: ['targum-2014', 'kroenke-2001'],
  };
}

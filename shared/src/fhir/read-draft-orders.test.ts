import { describe, expect, it } from 'vitest';
import { readDraftMedicationOrders } from './read-draft-orders';
import { buildRequest, bundle, rxnorm } from './test-resources';

const phenelzineDraft = buildRequest({
  id: 'draft-1',
  status: 'draft',
  intent: 'proposal',
  authoredOn: undefined,
  medicationCodeableConcept: rxnorm('312347', 'phenelzine 15 MG Oral Tablet'),
  dosageInstruction: [
    {
      timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd' } },
      doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }],
    },
  ],
});

describe('readDraftMedicationOrders', () => {
  it('reads a draft MedicationRequest of a draftOrders Bundle, whatever its intent', () => {
    const [draft] = readDraftMedicationOrders(bundle([phenelzineDraft], 'collection'));
    expect(draft).toMatchObject({
      ref: 'MedicationRequest/draft-1',
      source: 'MedicationRequest',
      status: 'draft',
      intent: 'proposal',
      agents: [{ agentId: 'phenelzine', strengthMg: 15, dailyDoseMg: 45, doseBasis: 'dosage' }],
    });
  });

  it('tolerates the CDS Hooks Sandbox category object instead of an array', () => {
    const sandboxDraft = {
      ...phenelzineDraft,
      category: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category', code: 'outpatient' }],
      },
    };
    expect(readDraftMedicationOrders({ resourceType: 'Bundle', entry: [{ resource: sandboxDraft }] })).toHaveLength(1);
  });

  it('resolves a contained Medication and skips non-medication drafts and unknown drugs', () => {
    const contained = buildRequest({
      id: 'draft-2',
      status: 'draft',
      contained: [{ resourceType: 'Medication', id: 'm', code: { text: 'Trintellix 10 mg tablet' } }],
      medicationCodeableConcept: undefined,
      medicationReference: { reference: '#m' },
    });
    const lab: fhir4.ServiceRequest = {
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
    };
    const unknown = buildRequest({
      id: 'draft-3',
      status: 'draft',
      medicationCodeableConcept: rxnorm('197361', 'amlodipine 5 MG Oral Tablet'),
    });
    const drafts = readDraftMedicationOrders(bundle([contained, lab, unknown]));
    expect(drafts.map((draft) => draft.agents.map((agent) => agent.agentId))).toEqual([['vortioxetine']]);
  });

  it.each([undefined, null, 'draft', 42, {}, [], { resourceType: 'Bundle', entry: 'nope' }])(
    'returns [] for %j',
    (input) => {
      expect(readDraftMedicationOrders(input)).toEqual([]);
    }
  );
});

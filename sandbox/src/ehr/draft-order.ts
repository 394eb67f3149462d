import { randomUUID } from 'node:crypto';
import { RXNORM_CLINICAL_DRUGS, SYSTEMS } from '@tachywatch/shared';

export interface OrderableDrug {
  readonly rxcui: string;
  readonly display: string;
}

const ORDERABLE_AGENTS = [
  'sertraline',
  'fluoxetine',
  'escitalopram',
  'citalopram',
  'bupropion',
  'venlafaxine',
  'mirtazapine',
  'phenelzine',
];

/** A short order list drawn from the shared RxNorm table: one single-ingredient product per common agent. */
export function listOrderableDrugs(): OrderableDrug[] {
  const drugs: OrderableDrug[] = [];
  for (const agent of ORDERABLE_AGENTS) {
    const match = Object.entries(RXNORM_CLINICAL_DRUGS.drugs).find(
      ([, drug]) =>
        !drug.pack &&
        drug.ingredients.length === 1 &&
        drug.ingredients[0]?.agentId === agent &&
        drug.doseForm.toLowerCase().includes('oral') &&
        !/\[/.test(drug.display)
    );
    if (match) drugs.push({ rxcui: match[0], display: match[1].display });
  }
  return drugs;
}

/** A new draft order id: the same id through order-select and order-sign is one ordering session. */
export function newDraftId(): string {
  return `draft-${randomUUID()}`;
}

/** The draftOrders Bundle an EHR sends with order-select / order-sign: one draft MedicationRequest. */
export function buildDraftOrders(
  patientId: string,
  drug: OrderableDrug,
  userId: string,
  now: Date,
  draftId: string = newDraftId()
): fhir4.Bundle {
  const request: fhir4.MedicationRequest = {
    resourceType: 'MedicationRequest',
    id: draftId,
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    requester: { reference: userId },
    authoredOn: now.toISOString().slice(0, 10),
    medicationCodeableConcept: {
      coding: [{ system: SYSTEMS.rxnorm, code: drug.rxcui, display: drug.display }],
      text: drug.display,
    },
    dosageInstruction: [
      {
        text: '1 by mouth once daily',
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        doseAndRate: [{ doseQuantity: { value: 1, unit: 'unit' } }],
      },
    ],
  };
  return { resourceType: 'Bundle', type: 'collection', entry: [{ resource: request }] };
}

import { SYSTEMS } from '../knowledge/codes';

export type DraftServiceRequestKind = 'tms' | 'psychotherapy';

export interface DraftServiceRequestContext {
  readonly patientId: string;
  /** ISO dateTime the draft was proposed. */
  readonly authored: string;
  /** Why, in plain words (e.g. "Possible loss of response to sertraline; reviewed 3 Nov 2026"). */
  readonly reasonText?: string;
  /** A reference to the proposing clinician, e.g. `Practitioner/123`. */
  readonly requester?: string;
}

/**
 * The codes of each draft: SNOMED CT 75516001 Psychotherapy (regime/therapy). SNOMED CT's international release has
 * no concept the product can cite for repetitive TMS as a treatment course, so a TMS draft carries the CPT code of a
 * treatment session (90868, the code the readers already use for TMS procedures) and plain text.
 */
const DRAFT_CODES: Readonly<Record<DraftServiceRequestKind, fhir4.CodeableConcept>> = {
  psychotherapy: {
    coding: [{ system: SYSTEMS.snomed, code: '75516001', display: 'Psychotherapy' }],
    text: 'Psychotherapy',
  },
  tms: {
    coding: [
      {
        system: SYSTEMS.cpt,
        code: '90868',
        display: 'Repetitive TMS treatment session',
      },
    ],
    text: 'Transcranial magnetic stimulation (TMS) course',
  },
};

/** A proposal the clinician reviews and signs in the EHR: never an active order. */
export function buildDraftServiceRequest(
  kind: DraftServiceRequestKind,
  ctx: DraftServiceRequestContext
): fhir4.ServiceRequest {
  const reason = ctx.reasonText?.trim().slice(0, 500);
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'proposal',
    code: DRAFT_CODES[kind],
    subject: { reference: `Patient/${ctx.patientId}` },
    authoredOn: ctx.authored,
    ...(ctx.requester ? { requester: { reference: ctx.requester } } : {}),
    ...(reason ? { reasonCode: [{ text: reason }] } : {}),
  };
}

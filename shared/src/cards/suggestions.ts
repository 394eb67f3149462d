import type * as fhir4 from 'fhir/r4';
import { addDays } from '../domain/dates';
import type { IsoDate } from '../domain/dates';
import { PHQ9_CODES, SYSTEMS } from '../knowledge/codes';
import type { Suggestion } from '../schemas/cds-hooks';

/** A proposed (draft) order the clinician can accept; Tachywatch never places an order itself. */
function buildProposedServiceRequest(
  patientId: string,
  code: fhir4.CodeableConcept,
  occurrence: fhir4.Period | undefined,
  note: string,
  priority?: fhir4.ServiceRequest['priority']
): fhir4.ServiceRequest {
  const request: fhir4.ServiceRequest = {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'proposal',
    ...(priority ? { priority } : {}),
    code,
    subject: { reference: `Patient/${patientId}` },
    note: [{ text: note }],
  };
  return occurrence ? { ...request, occurrencePeriod: occurrence } : request;
}

/** Repeat the PHQ-9 (LOINC 44249-1 panel) within two weeks of the assessment date. */
export function buildRepeatPhq9Suggestion(patientId: string, asOf: IsoDate, newId: () => string): Suggestion {
  const resource = buildProposedServiceRequest(
    patientId,
    {
      coding: [{ system: SYSTEMS.loinc, code: PHQ9_CODES.panel, display: 'PHQ-9 quick depression assessment panel' }],
      text: 'Repeat PHQ-9',
    },
    { start: asOf, end: addDays(asOf, 14) },
    'Repeat PHQ-9 within 2 weeks to confirm or refute a possible loss of antidepressant response.'
  );
  return {
    label: 'Order a repeat PHQ-9 within 2 weeks',
    uuid: newId(),
    actions: [{ type: 'create', description: 'Propose a repeat PHQ-9 within 2 weeks', resource }],
  };
}

/** SNOMED CT 3457005 "Patient referral", specified in text as a TMS evaluation. */
export function buildTmsReferralSuggestion(patientId: string, newId: () => string): Suggestion {
  const resource = buildProposedServiceRequest(
    patientId,
    {
      coding: [{ system: SYSTEMS.snomed, code: '3457005', display: 'Patient referral' }],
      text: 'Referral for transcranial magnetic stimulation (TMS) evaluation',
    },
    undefined,
    'Evaluate for TMS: the record shows two or more adequate antidepressant trials that failed in this episode.'
  );
  return {
    label: 'Refer for TMS evaluation',
    uuid: newId(),
    actions: [{ type: 'create', description: 'Propose a referral for TMS evaluation', resource }],
  };
}

/**
 * SNOMED CT 225337009 "Suicide risk assessment (procedure)", due today, with a safety plan: what a positive PHQ-9
 * item 9 calls for. A draft for the clinician to accept; it documents the plan, it does not replace the assessment.
 */
export function buildSuicideRiskAssessmentSuggestion(
  patientId: string,
  asOf: IsoDate,
  newId: () => string
): Suggestion {
  const resource = buildProposedServiceRequest(
    patientId,
    {
      coding: [{ system: SYSTEMS.snomed, code: '225337009', display: 'Suicide risk assessment (procedure)' }],
      text: 'Suicide risk assessment (e.g. C-SSRS) and safety plan',
    },
    { start: asOf, end: asOf },
    'PHQ-9 item 9 was positive: same-day suicide risk assessment and, where indicated, a written safety plan.',
    'urgent'
  );
  return {
    label: 'Document a suicide risk assessment and safety plan today',
    uuid: newId(),
    actions: [{ type: 'create', description: 'Propose a same-day suicide risk assessment and safety plan', resource }],
  };
}

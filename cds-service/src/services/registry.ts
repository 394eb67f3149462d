import {
  PATIENT_DATA_QUERIES,
  buildPrefetchTemplate,
  type CdsDiscoveryResponse,
  type CdsHookName,
  type CdsServiceDefinition,
} from '@tachywatch/shared';

export interface CdsServiceEntry {
  readonly id: string;
  readonly hook: CdsHookName;
  readonly definition: CdsServiceDefinition;
}

/** One R4 prefetch template per patient data query (explicit status lists, codes, `_sort=-date`). */
export function buildPrefetchTemplates(): Record<string, string> {
  return Object.fromEntries(PATIENT_DATA_QUERIES.map((query) => [query.key, buildPrefetchTemplate(query)]));
}

const USAGE =
  'FHIR R4. Send the prefetch, or fhirServer with fhirAuthorization (patient/*.read scopes for Patient, ' +
  'MedicationStatement, MedicationRequest, MedicationDispense, Observation, QuestionnaireResponse, Condition, Procedure).';

function defineService(id: string, hook: CdsHookName, title: string, description: string): CdsServiceEntry {
  return {
    id,
    hook,
    definition: { hook, id, title, description, prefetch: buildPrefetchTemplates(), usageRequirements: USAGE },
  };
}

export const CDS_SERVICES: readonly CdsServiceEntry[] = [
  defineService(
    'tachyphylaxis-patient-view',
    'patient-view',
    'Possible antidepressant tachyphylaxis',
    'Flags a possible loss of antidepressant response (PHQ-9 rising again on the same drug and dose) for clinician ' +
      'review, and always surfaces a positive PHQ-9 item 9.'
  ),
  defineService(
    'tachyphylaxis-order-select',
    'order-select',
    'Antidepressant order: treatment history check',
    'When an antidepressant is selected: earlier loss of response to the same drug or class, serotonergic ' +
      'combinations, MAOI washout and the age 24 or under boxed warning.'
  ),
  defineService(
    'tachyphylaxis-order-sign',
    'order-sign',
    'Antidepressant order: treatment history check at signing',
    'When an antidepressant order is signed: earlier loss of response to the same drug or class, serotonergic ' +
      'combinations, MAOI washout and the age 24 or under boxed warning.'
  ),
];

export function getCdsService(id: string): CdsServiceEntry | undefined {
  return CDS_SERVICES.find((service) => service.id === id);
}

export const DISCOVERY_RESPONSE: CdsDiscoveryResponse = { services: CDS_SERVICES.map((service) => service.definition) };

import { randomUUID } from 'node:crypto';
import { SYSTEMS } from '@tachywatch/shared';
import { DISCOVERY_RESPONSE } from '../services/registry';
import { evaluateFhirQuery, type AnyResource } from './fhir-from-bundle';

const PREFETCH_BASE = 'https://prefetch.invalid/fhir';

/** The resources a transaction Bundle would create on a FHIR server. */
export function toServerResources(bundle: { entry?: { resource?: unknown }[] }): AnyResource[] {
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource as AnyResource] : []));
}

/** Full prefetch, as an EHR would build it: each discovery template for `serviceId`, run against the resources. */
export function buildFullPrefetch(
  serviceId: string,
  resources: readonly AnyResource[],
  patientId: string
): Record<string, unknown> {
  const service = DISCOVERY_RESPONSE.services.find((entry) => entry.id === serviceId);
  return Object.fromEntries(
    Object.entries(service?.prefetch ?? {}).map(([key, template]) => {
      const url = `${PREFETCH_BASE}/${template.replaceAll('{{context.patientId}}', encodeURIComponent(patientId))}`;
      return [key, evaluateFhirQuery(resources, url, PREFETCH_BASE, 100_000, { ignoreCount: true }) ?? null];
    })
  );
}

/** A draftOrders Bundle with one draft MedicationRequest, category as an object like the CDS Hooks Sandbox sends. */
export function buildDraftOrders(patientId: string, rxnorm: string, display: string): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        resource: {
          resourceType: 'MedicationRequest',
          id: 'draft-1',
          status: 'draft',
          intent: 'order',
          category: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category', code: 'outpatient' },
            ],
          },
          medicationCodeableConcept: { coding: [{ system: SYSTEMS.rxnorm, code: rxnorm, display }], text: display },
          subject: { reference: `Patient/${patientId}` },
          dosageInstruction: [{ text: 'once daily', timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }],
        },
      },
    ],
  };
}

export function buildHookRequest(
  hook: string,
  patientId: string,
  extra: Record<string, unknown>
): Record<string, unknown> {
  return { hook, hookInstance: randomUUID(), context: { userId: 'Practitioner/example', patientId }, ...extra };
}

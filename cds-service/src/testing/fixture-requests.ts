import { randomUUID } from 'node:crypto';
import { DISCOVERY_RESPONSE } from '../services/registry';
import { buildStore, createFhirCore, type FhirCore } from '@tachywatch/fhir-core';

const PREFETCH_BASE = 'https://prefetch.invalid/fhir';
/** Prefetch holds every match of a template in one Bundle, whatever `_count` the template asks for. */
const WHOLE_RESULT = 1_000_000;

/** The resources a transaction Bundle would create on a FHIR server. */
export function toServerResources(bundle: { entry?: { resource?: unknown }[] }): fhir4.Resource[] {
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource as fhir4.Resource] : []));
}

/** A FHIR core over the resources that answers every search in one page (for prefetch and benchmark stubs). */
export function buildOnePageFhirCore(resources: readonly fhir4.Resource[]): FhirCore {
  return createFhirCore({
    store: buildStore(resources),
    limits: { defaultCount: WHOLE_RESULT, maxCount: WHOLE_RESULT },
  });
}

/** Runs a relative FHIR query (`Type?params` or `Type/id`) on the core, ignoring `_count`; undefined unless 200. */
export function runWholeQuery(core: FhirCore, relativeUrl: string, baseUrl: string): unknown {
  const [path = '', query = ''] = relativeUrl.replace(/^\/+/, '').split('?');
  const params = new URLSearchParams(query);
  params.delete('_count');
  const response = core.handle({ method: 'GET', path: `/${path}`, query: params.toString(), headers: {}, baseUrl });
  return response.status === 200 ? response.body : undefined;
}

/** Full prefetch, as an EHR would build it: each discovery template for `serviceId`, run against the resources. */
export function buildFullPrefetch(
  serviceId: string,
  resources: readonly fhir4.Resource[],
  patientId: string
): Record<string, unknown> {
  const service = DISCOVERY_RESPONSE.services.find((entry) => entry.id === serviceId);
  const core = buildOnePageFhirCore(resources);
  return Object.fromEntries(
    Object.entries(service?.prefetch ?? {}).map(([key, template]) => {
      const query = template.replaceAll('{{context.patientId}}', encodeURIComponent(patientId));
      const result = runWholeQuery(core, query, PREFETCH_BASE);
      if (result === undefined && !query.includes('?')) return [key, null];
      if (result === undefined) throw new Error(`The prefetch template '${key}' does not run on the FHIR core`);
      return [key, result];
    })
  );
}

export function buildHookRequest(
  hook: string,
  patientId: string,
  extra: Record<string, unknown>
): Record<string, unknown> {
  return { hook, hookInstance: randomUUID(), context: { userId: 'Practitioner/example', patientId }, ...extra };
}

import {
  forbidden,
  getCompartmentPatientIds,
  getQueryPairs,
  getResourceTypeDef,
  parseSearchRequest,
  FhirError,
  type FhirRequest,
  type FhirResponse,
  type ReferenceQuery,
} from '@tachywatch/fhir-core';
import type { AccessContext } from './access';

type Interaction = { kind: 'search' | 'read'; type: string } | { kind: 'write' };

function classify(request: FhirRequest): Interaction {
  const segments = request.path.split('/').filter((segment) => segment !== '');
  const [type = ''] = segments;
  const method = request.method.toUpperCase();
  if (method === 'GET' && segments.length === 1) return { kind: 'search', type };
  if (method === 'POST' && segments.length === 2 && segments[1] === '_search') return { kind: 'search', type };
  if (method === 'GET' && segments.length === 2) return { kind: 'read', type };
  return { kind: 'write' };
}

/** The patient ids a search names in a `patient`/`subject`-style reference criterion; none when it does not parse. */
function getNamedPatientIds(request: FhirRequest, type: string): string[] {
  let search;
  try {
    search = parseSearchRequest(type, getQueryPairs(request));
  } catch (error) {
    // The core answers the same error when it runs the search.
    if (error instanceof FhirError) return [];
    throw error;
  }
  return search.criteria.flatMap((criterion) =>
    criterion.def.type === 'reference' && criterion.def.targets.includes('Patient')
      ? (criterion.values as readonly ReferenceQuery[])
          .filter((value) => value.type === undefined || value.type === 'Patient')
          .map((value) => value.id)
      : []
  );
}

/**
 * Checks a request against an access token's grant before the core runs it: tokens are read-only, need a read scope
 * for the type, and a patient-limited token may not name another patient. Throws a 403 FhirError.
 */
export function checkRequestAccess(grant: AccessContext, request: FhirRequest): void {
  const interaction = classify(request);
  if (interaction.kind === 'write') {
    throw forbidden('This endpoint is read-only for access tokens; load data through /fhir-open');
  }
  const typeDef = getResourceTypeDef(interaction.type);
  // Unknown types are left to the core, which answers 404.
  if (!typeDef) return;
  if (!grant.canRead(interaction.type)) throw forbidden(`The access token has no read scope for ${interaction.type}`);
  if (interaction.kind === 'search' && grant.patientId !== undefined && typeDef.inPatientCompartment) {
    if (getNamedPatientIds(request, interaction.type).some((id) => id !== grant.patientId)) {
      throw forbidden('The access token is limited to another patient');
    }
  }
}

/** Checks what the core answered: included resources need a read scope, a read must be in the token's patient. */
export function checkResponseAccess(grant: AccessContext, request: FhirRequest, response: FhirResponse): void {
  if (response.status !== 200) return;
  const interaction = classify(request);
  if (interaction.kind === 'search') {
    const bundle = response.body as fhir4.Bundle;
    for (const entry of bundle.entry ?? []) {
      const type = entry.resource?.resourceType ?? '';
      if (entry.search?.mode === 'include' && !grant.canRead(type)) throw forbidden(`No read scope for ${type}`);
    }
  }
  if (interaction.kind === 'read' && grant.patientId !== undefined) {
    const resource = response.body as fhir4.Resource;
    if (!getResourceTypeDef(resource.resourceType)?.inPatientCompartment) return;
    if (!getCompartmentPatientIds(resource).includes(grant.patientId)) {
      throw forbidden('The access token is limited to another patient');
    }
  }
}

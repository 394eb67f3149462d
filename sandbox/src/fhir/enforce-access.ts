import {
  badRequest,
  forbidden,
  getCompartmentPatientIds,
  getQueryPairs,
  getResourceTypeDef,
  notFound,
  parseSearchRequest,
  FhirError,
  type FhirRequest,
  type FhirResponse,
  type ReferenceQuery,
  type WriteAuthorizer,
} from '@tachywatch/fhir-core';
import type { AccessContext } from './access';
import { TOKEN_WRITABLE_TYPES } from './write-validation';

type Interaction = { kind: 'search' | 'read' | 'create' | 'update'; type: string } | { kind: 'write' };

function classify(request: FhirRequest): Interaction {
  const segments = request.path.split('/').filter((segment) => segment !== '');
  const [type = ''] = segments;
  const method = request.method.toUpperCase();
  if (method === 'GET' && segments.length === 1) return { kind: 'search', type };
  if (method === 'POST' && segments.length === 2 && segments[1] === '_search') return { kind: 'search', type };
  if (method === 'GET' && segments.length === 2) return { kind: 'read', type };
  if (method === 'POST' && segments.length === 1) return { kind: 'create', type };
  if (method === 'PUT' && segments.length === 2) return { kind: 'update', type };
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
 * Checks a request against an access token's grant before the core runs it. Tokens may only create (POST) and update
 * (PUT) the token-writable types (405 for other types), with a create or update scope for the type; any other write
 * is refused. Reads and searches need a read scope for the type, and a patient-limited token may not name another
 * patient. Throws a FhirError (403 unless said otherwise).
 */
export function checkRequestAccess(grant: AccessContext, request: FhirRequest): void {
  const interaction = classify(request);
  if (interaction.kind === 'write') {
    throw forbidden('This endpoint is read-only for access tokens; load data through /fhir-open');
  }
  if (interaction.kind === 'create' || interaction.kind === 'update') {
    const { kind, type } = interaction;
    if (!TOKEN_WRITABLE_TYPES.includes(type)) {
      throw new FhirError(405, 'not-supported', `${type} cannot be written with an access token on this server`);
    }
    if (!grant.canWrite(type, kind)) throw forbidden(`The access token has no ${kind} scope for ${type}`);
    return;
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

function assertInCompartment(grant: AccessContext, resource: fhir4.Resource): void {
  const patients = getCompartmentPatientIds(resource);
  if (patients.length === 0) throw badRequest(`The ${resource.resourceType} has no Patient subject`);
  if (grant.patientId !== undefined && patients.some((id) => id !== grant.patientId)) {
    throw forbidden("The access token is limited to another patient: the subject must be the token's patient");
  }
}

/**
 * The token's rules for a create or update the core has validated and is about to store: the resource must be in
 * the token's patient compartment, and an update must replace a resource of that compartment (a token cannot create
 * by PUT, nor move a resource out of another patient's compartment).
 */
export function authorizeTokenWrite(grant: AccessContext): WriteAuthorizer {
  return ({ interaction, resource, previous }) => {
    assertInCompartment(grant, resource);
    if (interaction === 'create') return;
    if (!previous) throw notFound(`${resource.resourceType}/${resource.id} is not known; create it with POST`);
    assertInCompartment(grant, previous);
  };
}

/**
 * A token's create or update keeps only the `meta` a client may set (profiles and tags); the core sets versionId and
 * lastUpdated. Any other request, or a body that is not an object, is left as it is.
 */
export function keepClientMeta(request: FhirRequest): FhirRequest {
  const kind = classify(request).kind;
  const body = request.body;
  if ((kind !== 'create' && kind !== 'update') || body === null || typeof body !== 'object' || Array.isArray(body)) {
    return request;
  }
  const { meta, ...content } = body as fhir4.Resource;
  const kept = meta?.profile || meta?.tag ? { meta: { profile: meta.profile, tag: meta.tag } } : {};
  return { ...request, body: { ...content, ...kept } };
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

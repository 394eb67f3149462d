export { buildCapabilityStatement, type SmartEndpoints } from './capability-statement';
export { createFhirCore, FHIR_ROUTES, type FhirCore, type FhirCoreOptions, type HandleOptions } from './core';
export { badRequest, buildOperationOutcome, FhirError, forbidden, notFound, notSupported } from './errors';
export { FHIR_JSON, getQueryPairs, type FhirRequest, type FhirResponse } from './http';
export type { FhirRoute, RouteContext, SearchLimits } from './routes/route';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseSearchRequest, type SearchRequest } from './search';
export type { ReferenceQuery } from './search-request';
export { getCompartmentPatientIds, getResourceTypeDef, RESOURCE_TYPES } from './search-parameters';
export { buildStore, ResourceStore } from './store';
export { processBundle } from './transaction';
export {
  isValidId,
  parseWritableResource,
  type PendingWrite,
  type WriteAuthorizer,
  type WriteChecks,
  type WriteValidator,
} from './write';

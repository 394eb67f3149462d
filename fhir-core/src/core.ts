import { FhirError } from './errors';
import { fhirJson, outcomeResponse, type FhirRequest, type FhirResponse } from './http';
import { readRoutes } from './routes/read';
import { matchPattern, type FhirRoute, type SearchLimits } from './routes/route';
import { searchRoutes } from './routes/search';
import { writeRoutes } from './routes/write';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './search';
import type { ResourceStore } from './store';
import type { WriteAuthorizer, WriteValidator } from './write';

export interface FhirCoreOptions {
  readonly store: ResourceStore;
  /** Search page sizes (default 50, at most 1000). */
  readonly limits?: Partial<SearchLimits>;
  /** Routes tried before the built-in ones. */
  readonly routes?: readonly FhirRoute[];
  /**
   * Content rules for every create and update (single or in a Bundle), after the core's own type and id checks: a
   * resource with issues is answered 400 with an OperationOutcome that lists them, and nothing is stored.
   */
  readonly validateWrite?: WriteValidator;
}

export interface HandleOptions {
  /** Restricts searches to this patient's compartment (the caller decides who may see what). */
  readonly patientId?: string;
  /** The caller's access control over each create and update of this request, after validation (throws to refuse). */
  readonly authorizeWrite?: WriteAuthorizer;
}

export interface FhirCore {
  /**
   * Answers one request: FHIR errors become an OperationOutcome with their status, an unknown path a 404. Any other
   * error is a bug in the core and is thrown to the adapter.
   */
  handle(request: FhirRequest, options?: HandleOptions): FhirResponse;
  readonly store: ResourceStore;
}

/** The built-in route table, in match order. */
export const FHIR_ROUTES: readonly FhirRoute[] = [...searchRoutes, ...readRoutes, ...writeRoutes];

/** The FHIR R4 REST API (read, search, create, update, delete, transaction, batch) over a ResourceStore. */
export function createFhirCore(options: FhirCoreOptions): FhirCore {
  const routes = [...(options.routes ?? []), ...FHIR_ROUTES];
  const limits: SearchLimits = {
    defaultCount: options.limits?.defaultCount ?? DEFAULT_PAGE_SIZE,
    maxCount: options.limits?.maxCount ?? MAX_PAGE_SIZE,
  };
  return {
    store: options.store,
    handle(request, handleOptions = {}) {
      const method = request.method.toUpperCase();
      for (const route of routes) {
        if (route.method !== method) continue;
        const params = matchPattern(route.pattern, request.path);
        if (!params) continue;
        try {
          return route.handle(request, params, {
            store: options.store,
            limits,
            patientId: handleOptions.patientId,
            writeChecks: { validateWrite: options.validateWrite, authorizeWrite: handleOptions.authorizeWrite },
          });
        } catch (error) {
          if (error instanceof FhirError) return fhirJson(error.status, error.toOperationOutcome());
          throw error;
        }
      }
      return outcomeResponse(404, 'not-found', 'Unknown FHIR endpoint');
    },
  };
}

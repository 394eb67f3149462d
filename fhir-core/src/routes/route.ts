import type { FhirRequest, FhirResponse } from '../http';
import type { ResourceStore } from '../store';
import type { WriteChecks } from '../write';

export interface SearchLimits {
  /** Page size when a search has no `_count`. */
  readonly defaultCount: number;
  /** The largest page a search may ask for (a larger `_count` is lowered to it). */
  readonly maxCount: number;
}

/** What a route handler can use besides the request. */
export interface RouteContext {
  readonly store: ResourceStore;
  readonly limits: SearchLimits;
  /** When set, searches only see this patient's compartment (and resources outside any compartment). */
  readonly patientId?: string;
  /** Run on every create and update (single or in a Bundle) before it is stored. */
  readonly writeChecks: WriteChecks;
}

/**
 * One entry of the route table: a method and a path pattern whose `:name` segments become `params`. The first route
 * whose method and pattern match answers; a handler throws `FhirError` for a 4xx OperationOutcome.
 */
export interface FhirRoute {
  readonly method: string;
  readonly pattern: string;
  readonly handle: (
    request: FhirRequest,
    params: Readonly<Record<string, string>>,
    context: RouteContext
  ) => FhirResponse;
}

/** The `:name` segments of `pattern` matched against `path`, or undefined when the path does not fit it. */
export function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/').filter((segment) => segment !== '');
  const actual = path.split('/').filter((segment) => segment !== '');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] as string;
    if (segment.startsWith(':')) {
      const decoded = decodeSegment(value);
      if (decoded === undefined) return undefined;
      params[segment.slice(1)] = decoded;
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

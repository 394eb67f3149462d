import { buildOperationOutcome } from './errors';

/** One HTTP request to the FHIR server, independent of any framework. */
export interface FhirRequest {
  readonly method: string;
  /** The path below the FHIR base, e.g. `/Observation` or `/Patient/p1` (no query). */
  readonly path: string;
  /** The raw query string, without the leading `?`. */
  readonly query: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body, or the raw text of a form-encoded body (`POST /Type/_search`); undefined when empty. */
  readonly body?: unknown;
  /** The absolute FHIR base URL this request came in on, for `fullUrl`, paging links and `Location`. */
  readonly baseUrl: string;
}

export interface FhirResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON value (a FHIR resource), or undefined for an empty body. */
  readonly body?: unknown;
}

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export function fhirJson(status: number, body: unknown, headers: Record<string, string> = {}): FhirResponse {
  return { status, headers: { 'content-type': FHIR_JSON, ...headers }, body };
}

export function outcomeResponse(
  status: number,
  code: fhir4.OperationOutcomeIssue['code'],
  diagnostics: string
): FhirResponse {
  return fhirJson(status, buildOperationOutcome(code, diagnostics));
}

/** The query pairs of a request, in order; a form-encoded body (`_search`) adds its pairs after the URL's. */
export function getQueryPairs(request: FhirRequest): [string, string][] {
  const pairs: [string, string][] = [...new URLSearchParams(request.query)];
  if (typeof request.body === 'string') pairs.push(...new URLSearchParams(request.body));
  return pairs;
}

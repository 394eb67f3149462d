import {
  buildPatientQueryPath,
  type FhirBundleLike,
  type FhirResourceLike,
  type PatientDataKey,
  type PatientDataQuery,
  type Prefetch,
} from '@tachywatch/shared';
import {
  MAX_HOOK_RESPONSE_BYTES,
  MAX_RESPONSE_BYTES,
  fetchFhirBundle,
  fetchFhirResource,
  type FetchFailureReason,
  type FhirRequestOptions,
} from './fetch-fhir';
import { isAllowedFhirServer, normalizeBaseUrl, resolveLinkOnServer } from './fhir-server';

/** How each key's data was obtained; logged and counted (no data values). */
export type KeyOutcome =
  | {
      readonly source: 'prefetch' | 'fetched' | 'null';
      readonly pages: number;
      readonly partial?: FetchFailureReason | 'page-cap';
    }
  | { readonly source: 'unavailable'; readonly reason: FetchFailureReason | 'no-fhir-server' | 'server-not-allowed' };

export interface ResolvedPatientData {
  /** Every resource and Bundle obtained, in query order: the input of `readPatientRecord`. */
  readonly resources: readonly FhirResourceLike[];
  readonly outcomes: Readonly<Partial<Record<PatientDataKey, KeyOutcome>>>;
  /** Required keys that could not be obtained (→ 412). */
  readonly missingRequired: readonly PatientDataKey[];
}

export interface ResolveOptions {
  readonly patientId: string;
  readonly prefetch: Prefetch | undefined;
  readonly fhirServer: string | undefined;
  readonly accessToken: string | undefined;
  readonly allowedFhirServers: readonly string[];
  readonly fetchImpl: typeof fetch;
  readonly timeoutMs: number;
  readonly maxPages: number;
  readonly deadline: AbortSignal;
  /** Decompressed bytes all responses of this call may total (default MAX_HOOK_RESPONSE_BYTES). */
  readonly maxTotalBytes?: number;
}

/**
 * Uses the prefetch that came and fetches, in parallel, every key that is missing or holds an OperationOutcome
 * (or something that is not what the template asks for). `null` means "no data" and is not fetched again.
 * Paging links are followed up to `maxPages` pages, on the same server only.
 */
export async function resolvePatientData(
  queries: readonly PatientDataQuery[],
  options: ResolveOptions
): Promise<ResolvedPatientData> {
  const server = options.fhirServer ? normalizeBaseUrl(options.fhirServer) : undefined;
  const serverAllowed = server !== undefined && isAllowedFhirServer(server, options.allowedFhirServers);
  const request: FhirRequestOptions = {
    ...(options.accessToken ? { accessToken: options.accessToken } : {}),
    fetchImpl: options.fetchImpl,
    timeoutMs: options.timeoutMs,
    deadline: options.deadline,
    budget: { remaining: options.maxTotalBytes ?? MAX_HOOK_RESPONSE_BYTES },
    maxResponseBytes: Math.min(MAX_RESPONSE_BYTES, options.maxTotalBytes ?? MAX_HOOK_RESPONSE_BYTES),
  };
  const results = await Promise.all(
    queries.map((query) =>
      resolveKey(query, options.prefetch?.[query.key], {
        ...options,
        server: serverAllowed ? server : undefined,
        request,
      })
    )
  );
  const outcomes: Partial<Record<PatientDataKey, KeyOutcome>> = {};
  const resources: FhirResourceLike[] = [];
  const missingRequired: PatientDataKey[] = [];
  results.forEach((result, index) => {
    const query = queries[index];
    if (!query) return;
    const outcome: KeyOutcome =
      result.outcome.source === 'unavailable' && result.outcome.reason === 'no-fhir-server' && server !== undefined
        ? { source: 'unavailable', reason: 'server-not-allowed' }
        : result.outcome;
    outcomes[query.key] = outcome;
    resources.push(...result.resources);
    if (outcome.source === 'unavailable' && query.required) missingRequired.push(query.key);
  });
  return { resources, outcomes, missingRequired };
}

/**
 * True when resolving `prefetch` would contact the FHIR server: a key missing or not what its template asks for,
 * or a search Bundle with a next page. `null` means "no data" and is never fetched.
 */
export function needsFhirServer(queries: readonly PatientDataQuery[], prefetch: Prefetch | undefined): boolean {
  return queries.some((query) => {
    const value = prefetch?.[query.key];
    if (value === null) return false;
    if (value === undefined || !isSatisfying(query, value)) return true;
    return query.kind !== 'read' && getNextLink(value as FhirBundleLike) !== undefined;
  });
}

interface KeyContext {
  readonly patientId: string;
  readonly server: string | undefined;
  readonly maxPages: number;
  readonly request: FhirRequestOptions;
}

interface KeyResult {
  readonly outcome: KeyOutcome;
  readonly resources: readonly FhirResourceLike[];
}

async function resolveKey(
  query: PatientDataQuery,
  value: FhirResourceLike | null | undefined,
  context: KeyContext
): Promise<KeyResult> {
  if (value === null) return { outcome: { source: 'null', pages: 0 }, resources: [] };
  if (value !== undefined && isSatisfying(query, value)) {
    if (query.kind === 'read') return { outcome: { source: 'prefetch', pages: 1 }, resources: [value] };
    return followPages(value as FhirBundleLike, 'prefetch', context);
  }
  if (!context.server) return { outcome: { source: 'unavailable', reason: 'no-fhir-server' }, resources: [] };
  const url = `${context.server}/${buildPatientQueryPath(query, context.patientId)}`;
  if (query.kind === 'read') {
    const result = await fetchFhirResource(url, context.request);
    if (!result.ok) return { outcome: { source: 'unavailable', reason: result.reason }, resources: [] };
    if (result.value.resourceType !== query.resourceType) {
      return { outcome: { source: 'unavailable', reason: 'wrong-type' }, resources: [] };
    }
    return { outcome: { source: 'fetched', pages: 1 }, resources: [result.value] };
  }
  const first = await fetchFhirBundle(url, context.request);
  if (!first.ok) return { outcome: { source: 'unavailable', reason: first.reason }, resources: [] };
  return followPages(first.value, 'fetched', context);
}

/** A prefetch value satisfies its template when it is the resource read, or a Bundle for a search. */
function isSatisfying(query: PatientDataQuery, value: FhirResourceLike): boolean {
  if (query.kind === 'read') return value.resourceType === query.resourceType;
  return isBundleShaped(value);
}

async function followPages(
  first: FhirBundleLike,
  source: 'prefetch' | 'fetched',
  context: KeyContext
): Promise<KeyResult> {
  const pages: FhirBundleLike[] = [first];
  let next = getNextLink(first);
  while (next !== undefined) {
    if (pages.length >= context.maxPages) {
      return { outcome: { source, pages: pages.length, partial: 'page-cap' }, resources: pages };
    }
    const url = context.server ? resolveLinkOnServer(next, context.server) : undefined;
    if (url === undefined) {
      return { outcome: { source, pages: pages.length, partial: 'network' }, resources: pages };
    }
    const page = await fetchFhirBundle(url, context.request);
    if (!page.ok) return { outcome: { source, pages: pages.length, partial: page.reason }, resources: pages };
    pages.push(page.value);
    next = getNextLink(page.value);
  }
  return { outcome: { source, pages: pages.length }, resources: pages };
}

/**
 * A cheap structural check (prefetch can be megabytes; a full schema parse would copy every entry): a Bundle whose
 * `entry` and `link`, when present, are arrays. Entries are read leniently by the shared readers.
 */
function isBundleShaped(value: FhirResourceLike): boolean {
  return (
    value.resourceType === 'Bundle' &&
    (value.entry === undefined || Array.isArray(value.entry)) &&
    (value.link === undefined || Array.isArray(value.link))
  );
}

function getNextLink(bundle: FhirBundleLike): string | undefined {
  const next = bundle.link?.find(
    (link: unknown) => typeof link === 'object' && link !== null && (link as { relation?: unknown }).relation === 'next'
  );
  return typeof next?.url === 'string' ? next.url : undefined;
}

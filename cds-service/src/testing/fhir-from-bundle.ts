import { http, HttpResponse, type HttpHandler } from 'msw';

export type AnyResource = { resourceType: string; id?: string; [key: string]: unknown };

export interface FhirStubOptions {
  /** Page size when the query has no `_count` (and the cap for `_count`). */
  readonly pageSize?: number;
  /** Every request seen, as `METHOD path?query` plus its Authorization header. */
  readonly requests?: { url: string; authorization: string | null }[];
}

/**
 * msw handlers answering FHIR reads and searches from a set of resources, with a tiny query evaluator covering the
 * parameters Tachywatch's queries use (patient/subject, code, status, category token lists, `_include` of a
 * request's Medication) and `next` paging.
 */
export function buildFhirHandlers(
  baseUrl: string,
  resources: readonly AnyResource[],
  options: FhirStubOptions = {}
): HttpHandler[] {
  const record = (request: Request): void => {
    options.requests?.push({ url: request.url, authorization: request.headers.get('authorization') });
  };
  const answer = (request: Request): Response => {
    record(request);
    const result = evaluateFhirQuery(resources, request.url, baseUrl, options.pageSize);
    return result
      ? HttpResponse.json(result)
      : HttpResponse.json(
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] },
          { status: 404 }
        );
  };
  return [
    http.get(`${baseUrl}/:type/:id`, ({ request }) => answer(request)),
    http.get(`${baseUrl}/:type`, ({ request }) => answer(request)),
  ];
}

/** Answers one read or search URL (absolute, under `baseUrl`) from the resources; undefined for a missing read. */
export function evaluateFhirQuery(
  resources: readonly AnyResource[],
  absoluteUrl: string,
  baseUrl: string,
  pageSize = 1000,
  options: { readonly ignoreCount?: boolean } = {}
): AnyResource | undefined {
  const url = new URL(absoluteUrl);
  const [type, id] = url.pathname
    .slice(new URL(baseUrl).pathname.length)
    .split('/')
    .filter((part) => part !== '');
  if (id !== undefined) return resources.find((resource) => resource.resourceType === type && resource.id === id);
  const matches = resources.filter(
    (resource) => resource.resourceType === type && matchesQuery(resource, url.searchParams)
  );
  if (url.searchParams.get('_sort') === '-date') {
    matches.sort((a, b) => getDate(b).localeCompare(getDate(a)));
  }
  const count = options.ignoreCount ? pageSize : Number(url.searchParams.get('_count') ?? pageSize);
  const size = Math.min(count, pageSize);
  const page = Number(url.searchParams.get('_page') ?? '0');
  const slice = matches.slice(page * size, (page + 1) * size);
  const included = url.searchParams.getAll('_include').includes('MedicationRequest:medication')
    ? resources.filter(
        (resource) =>
          resource.resourceType === 'Medication' &&
          slice.some(
            (match) =>
              (match.medicationReference as { reference?: string } | undefined)?.reference ===
              `Medication/${resource.id}`
          )
      )
    : [];
  const link = [{ relation: 'self', url: url.toString() }];
  if ((page + 1) * size < matches.length) {
    const next = new URL(url);
    next.searchParams.set('_page', String(page + 1));
    link.push({ relation: 'next', url: next.toString() });
  }
  const entry = [
    ...slice.map((resource) => ({ resource, mode: 'match' })),
    ...included.map((resource) => ({ resource, mode: 'include' })),
  ].map(({ resource, mode }) => ({
    fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  }));
  return { resourceType: 'Bundle', type: 'searchset', total: matches.length, link, entry };
}

function matchesQuery(resource: AnyResource, params: URLSearchParams): boolean {
  for (const [name, value] of params) {
    if (name.startsWith('_')) continue;
    const options = value.split(',');
    if (name === 'patient' || name === 'subject') {
      const reference = getReference(resource);
      if (!options.some((option) => reference === `Patient/${option}` || reference === option)) return false;
    } else if (name === 'code' || name === 'category' || name === 'status') {
      const tokens = getTokens(resource, name);
      if (!options.some((option) => tokens.includes(option) || tokens.includes(option.split('|').pop() ?? '')))
        return false;
    }
  }
  return true;
}

function getDate(resource: AnyResource): string {
  const period = resource.effectivePeriod as { start?: string } | undefined;
  const value = resource.effectiveDateTime ?? period?.start ?? resource.authored ?? resource.issued ?? '';
  return typeof value === 'string' ? value : '';
}

function getReference(resource: AnyResource): string | undefined {
  const subject = (resource.subject ?? resource.patient) as { reference?: string } | undefined;
  return subject?.reference;
}

function getTokens(resource: AnyResource, name: string): string[] {
  const value = resource[name];
  if (typeof value === 'string') return [value];
  const concepts = (Array.isArray(value) ? value : [value]) as (
    { coding?: { system?: string; code?: string }[] } | undefined
  )[];
  return concepts.flatMap((concept) =>
    (concept?.coding ?? []).flatMap((coding) => [`${coding.system}|${coding.code}`, coding.code ?? ''])
  );
}

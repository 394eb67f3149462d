import { getQueryPairs, fhirJson, type FhirResponse } from '../http';
import { executeSearch, parseSearchRequest, type SearchRequest, type SearchResult } from '../search';
import type { FhirRoute } from './route';

function buildSearchBundle(base: string, request: SearchRequest, result: SearchResult): fhir4.Bundle {
  const type = request.typeDef.type;
  const link = (offset: number): string => {
    const params = new URLSearchParams(request.linkParams.map(([name, value]): [string, string] => [name, value]));
    if (offset > 0) params.set('_getpagesoffset', String(offset));
    const query = params.toString();
    return `${base}/${type}${query === '' ? '' : `?${query}`}`;
  };
  const links: fhir4.BundleLink[] = [{ relation: 'self', url: link(request.offset) }];
  const nextOffset = request.offset + request.count;
  if (request.count > 0 && nextOffset < result.total) links.push({ relation: 'next', url: link(nextOffset) });
  if (request.offset > 0 && request.count > 0) {
    links.push({ relation: 'previous', url: link(Math.max(0, request.offset - request.count)) });
  }
  const toEntry = (resource: fhir4.Resource, mode: 'match' | 'include'): fhir4.BundleEntry => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`,
    resource: resource as fhir4.FhirResource,
    search: { mode },
  });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: result.total,
    link: links,
    entry: [
      ...result.matches.map((resource) => toEntry(resource, 'match')),
      ...result.included.map((resource) => toEntry(resource, 'include')),
    ],
  };
}

const search: FhirRoute['handle'] = (request, params, context): FhirResponse => {
  const searchRequest = parseSearchRequest(String(params.type), getQueryPairs(request), context.limits);
  const result = executeSearch(context.store, searchRequest, { patientId: context.patientId });
  return fhirJson(200, buildSearchBundle(request.baseUrl, searchRequest, result));
};

/** Type-level search, by GET or by POST `_search` with a form-encoded body. */
export const searchRoutes: readonly FhirRoute[] = [
  { method: 'GET', pattern: '/:type', handle: search },
  { method: 'POST', pattern: '/:type/_search', handle: search },
];

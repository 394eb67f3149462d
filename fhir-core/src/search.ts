import { isDateMatch, type DateRange } from './date-range';
import type { SearchParameterDef, Token } from './search-parameters';
import type { Criterion, DateQuery, ReferenceQuery, SearchRequest, SortKey, TokenQuery } from './search-request';
import type { ResourceStore } from './store';

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseSearchRequest, type SearchRequest } from './search-request';

/**
 * Extracted parameter values per stored resource. Stored resources are never mutated (a write stores a new object),
 * so the cache stays valid and lets repeated searches skip re-reading dates and codings.
 */
const extracted = new WeakMap<fhir4.Resource, Map<string, unknown>>();

function memo<T>(resource: fhir4.Resource, key: string, compute: () => T): T {
  let values = extracted.get(resource);
  if (!values) {
    values = new Map();
    extracted.set(resource, values);
  }
  if (values.has(key)) return values.get(key) as T;
  const value = compute();
  values.set(key, value);
  return value;
}

const getTokens = (def: SearchParameterDef & { type: 'token' }, resource: fhir4.Resource): readonly Token[] =>
  memo(resource, def.name, () => def.getTokens(resource));
const getDates = (def: SearchParameterDef & { type: 'date' }, resource: fhir4.Resource): readonly DateRange[] =>
  memo(resource, def.name, () => def.getDates(resource));
const getReferences = (
  def: SearchParameterDef & { type: 'reference' },
  resource: fhir4.Resource
): readonly ReferenceQuery[] => memo(resource, def.name, () => def.getReferences(resource).map(toReferenceParts));

function isTokenMatch(query: TokenQuery, token: Token): boolean {
  if (query.system !== undefined) {
    const system = token.system ?? '';
    if (system !== query.system) return false;
  }
  return query.code === undefined || token.code === query.code;
}

function toReferenceParts(reference: string): ReferenceQuery {
  const segments = reference.split('/');
  return { type: segments.at(-2), id: segments.at(-1) ?? '' };
}

function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function isCriterionMatch(criterion: Criterion, resource: fhir4.Resource): boolean {
  switch (criterion.def.type) {
    case 'token': {
      const tokens = getTokens(criterion.def, resource);
      return (criterion.values as readonly TokenQuery[]).some((query) =>
        tokens.some((item) => isTokenMatch(query, item))
      );
    }
    case 'reference': {
      const references = getReferences(criterion.def, resource);
      return (criterion.values as readonly ReferenceQuery[]).some((query) =>
        references.some((ref) => ref.id === query.id && (query.type === undefined || ref.type === query.type))
      );
    }
    case 'date': {
      const ranges = getDates(criterion.def, resource);
      return (criterion.values as readonly DateQuery[]).some((query) =>
        ranges.some((range) => isDateMatch(query.prefix, query.range, range))
      );
    }
    case 'string': {
      const strings = criterion.def.getStrings(resource);
      const modifier = (criterion as { modifier?: 'exact' | 'contains' }).modifier;
      return (criterion.values as readonly string[]).some((query) =>
        strings.some((candidate) => {
          if (modifier === 'exact') return candidate === query;
          if (modifier === 'contains') return normalize(candidate).includes(normalize(query));
          return normalize(candidate).startsWith(normalize(query));
        })
      );
    }
  }
}

function getSortValue(def: SearchParameterDef, resource: fhir4.Resource): number | string | undefined {
  switch (def.type) {
    case 'date': {
      const ranges = getDates(def, resource);
      if (ranges.length === 0) return undefined;
      // A Period sorts by its start; an open start falls back to its end.
      return Math.min(...ranges.map((range) => (Number.isFinite(range.start) ? range.start : range.end)));
    }
    case 'token':
      return getTokens(def, resource)[0]?.code;
    case 'string':
      return def.getStrings(resource)[0];
    case 'reference':
      return def.getReferences(resource)[0];
  }
}

type SortValue = number | string | undefined;

function compareSortValues(sort: readonly SortKey[], a: readonly SortValue[], b: readonly SortValue[]): number {
  for (let index = 0; index < sort.length; index += 1) {
    const key = sort[index] as SortKey;
    const left = a[index];
    const right = b[index];
    if (left === right) continue;
    // Resources without a value come last in either direction.
    if (left === undefined) return 1;
    if (right === undefined) return -1;
    const order = left < right ? -1 : 1;
    return key.descending ? -order : order;
  }
  return 0;
}

/** Sorts by the `_sort` keys, computing each resource's keys once (stable for equal keys). */
function sortResources(sort: readonly SortKey[], resources: fhir4.Resource[]): fhir4.Resource[] {
  if (sort.length === 0) return resources;
  return resources
    .map((resource) => ({ resource, values: sort.map((key) => getSortValue(key.def, resource)) }))
    .sort((a, b) => compareSortValues(sort, a.values, b.values))
    .map((item) => item.resource);
}

/** The patient ids a criterion pins the search to (a `patient`/`subject` criterion naming patients), if any. */
function getPinnedPatientIds(request: SearchRequest): string[] | undefined {
  for (const criterion of request.criteria) {
    if (criterion.def.type !== 'reference' || !criterion.def.targets.includes('Patient')) continue;
    const values = criterion.values as readonly ReferenceQuery[];
    if (values.every((value) => value.type === undefined || value.type === 'Patient')) {
      return values.map((value) => value.id);
    }
  }
  return undefined;
}

export interface SearchResult {
  readonly total: number;
  readonly matches: readonly fhir4.Resource[];
  readonly included: readonly fhir4.Resource[];
}

export interface SearchScope {
  /** When set, only this patient's compartment (and resources outside any compartment) can be returned. */
  readonly patientId?: string;
}

export function executeSearch(store: ResourceStore, request: SearchRequest, scope: SearchScope = {}): SearchResult {
  const candidates = getCandidates(store, request, scope);
  const matched = candidates.filter((resource) =>
    request.criteria.every((criterion) => isCriterionMatch(criterion, resource))
  );
  const sorted = sortResources(request.sort, matched);
  const page = sorted.slice(request.offset, request.offset + request.count);
  const included = new Map<string, fhir4.Resource>();
  for (const include of request.includes) {
    for (const resource of page) {
      for (const reference of include.getReferences(resource)) {
        const [targetType = '', id = ''] = reference.split('/');
        const target = store.get(targetType, id);
        if (target) included.set(reference, target);
      }
    }
  }
  return { total: matched.length, matches: page, included: [...included.values()] };
}

function getCandidates(store: ResourceStore, request: SearchRequest, scope: SearchScope): fhir4.Resource[] {
  const type = request.typeDef.type;
  if (!request.typeDef.inPatientCompartment) return [...store.listType(type)];
  const pinned = getPinnedPatientIds(request);
  const patientIds =
    scope.patientId === undefined
      ? pinned
      : pinned === undefined
        ? [scope.patientId]
        : pinned.filter((id) => id === scope.patientId);
  if (patientIds === undefined) return [...store.listType(type)];
  const unique = new Map<string, fhir4.Resource>();
  for (const patientId of patientIds) {
    for (const resource of store.listForPatient(patientId, type)) unique.set(resource.id ?? '', resource);
  }
  return [...unique.values()];
}

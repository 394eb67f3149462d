import { DATE_PREFIXES, parseDateRange, type DatePrefix, type DateRange } from './date-range';
import { badRequest, notFound, notSupported } from './errors';
import {
  getResourceTypeDef,
  type IncludeDef,
  type ResourceTypeDef,
  type SearchParameterDef,
} from './search-parameters';

/** A parsed search: every criterion must match (AND); each criterion's values are alternatives (OR). */
export interface SearchRequest {
  readonly typeDef: ResourceTypeDef;
  readonly criteria: readonly Criterion[];
  readonly count: number;
  readonly offset: number;
  readonly sort: readonly SortKey[];
  readonly includes: readonly IncludeDef[];
  /** The parameters to repeat in paging links, in their original order (without `_getpagesoffset`). */
  readonly linkParams: readonly (readonly [string, string])[];
}

export type Criterion =
  | { readonly def: SearchParameterDef & { type: 'token' }; readonly values: readonly TokenQuery[] }
  | { readonly def: SearchParameterDef & { type: 'reference' }; readonly values: readonly ReferenceQuery[] }
  | { readonly def: SearchParameterDef & { type: 'date' }; readonly values: readonly DateQuery[] }
  | {
      readonly def: SearchParameterDef & { type: 'string' };
      readonly modifier: 'exact' | 'contains' | undefined;
      readonly values: readonly string[];
    };

export interface TokenQuery {
  /** undefined = any system; '' = no system. */
  readonly system: string | undefined;
  /** undefined = any code in the system (`system|`). */
  readonly code: string | undefined;
}
export interface ReferenceQuery {
  readonly type: string | undefined;
  readonly id: string;
}
export interface DateQuery {
  readonly prefix: DatePrefix;
  readonly range: DateRange;
}
export interface SortKey {
  readonly def: SearchParameterDef;
  readonly descending: boolean;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
const RESULT_PARAMETERS = ['_count', '_sort', '_include', '_getpagesoffset', '_format', '_total', '_summary'] as const;

/** `_summary` values answered with whole resources (a superset of the summary the SMART launcher's picker reads). */
const FULL_SUMMARY_VALUES = new Set(['true', 'false', 'data']);
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

/** Splits a parameter value on commas that are not escaped with `\`, and unescapes `\,` `\|` `\$` `\\`. */
function splitValues(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i];
    if (char === '\\' && i + 1 < value.length) {
      current += `\\${value[i + 1]}`;
      i += 1;
    } else if (char === ',') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.filter((part) => part !== '');
}

function unescape(value: string): string {
  return value.replace(/\\([,|$\\])/g, '$1');
}

function indexOfUnescaped(value: string, char: string): number {
  for (let i = 0; i < value.length; i += 1) {
    if (value[i] === '\\') i += 1;
    else if (value[i] === char) return i;
  }
  return -1;
}

function parseTokenQuery(value: string): TokenQuery {
  const bar = indexOfUnescaped(value, '|');
  if (bar < 0) return { system: undefined, code: unescape(value) };
  const system = unescape(value.slice(0, bar));
  const code = unescape(value.slice(bar + 1));
  return { system, code: code === '' ? undefined : code };
}

function parseReferenceQuery(def: SearchParameterDef & { type: 'reference' }, value: string): ReferenceQuery {
  const segments = value.split('/').filter((segment) => segment !== '');
  const id = segments.at(-1);
  const type = segments.length >= 2 ? segments.at(-2) : undefined;
  if (id === undefined || !/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    throw badRequest(`Invalid reference '${value}' for parameter '${def.name}'`);
  }
  if (type !== undefined && !def.targets.includes(type)) {
    throw badRequest(`Parameter '${def.name}' refers to ${def.targets.join(' or ')}, not ${type}`);
  }
  return { type, id };
}

function parseDateQuery(name: string, value: string): DateQuery {
  const prefixMatch = /^([a-z]{2})(?=\d)/.exec(value);
  const prefixText = prefixMatch?.[1];
  if (prefixText !== undefined && !(DATE_PREFIXES as readonly string[]).includes(prefixText)) {
    throw notSupported(`Unsupported date prefix '${prefixText}' on '${name}' (supported: ${DATE_PREFIXES.join(', ')})`);
  }
  const prefix = (prefixText ?? 'eq') as DatePrefix;
  const dateText = prefixText === undefined ? value : value.slice(2);
  const range = parseDateRange(dateText);
  if (!range) throw badRequest(`Invalid date '${dateText}' for parameter '${name}'`);
  return { prefix, range };
}

function parseInteger(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value)) throw badRequest(`Parameter '${name}' must be a non-negative integer, got '${value}'`);
  return Math.min(Number(value), max);
}

function describeSupported(typeDef: ResourceTypeDef): string {
  return [...typeDef.params.map((param) => param.name), ...RESULT_PARAMETERS].join(', ');
}

/** Parses query pairs into a search over `type`; any unsupported parameter, modifier or prefix throws a 400. */
export function parseSearchRequest(
  type: string,
  pairs: readonly (readonly [string, string])[],
  limits: { readonly defaultCount: number; readonly maxCount: number } = {
    defaultCount: DEFAULT_PAGE_SIZE,
    maxCount: MAX_PAGE_SIZE,
  }
): SearchRequest {
  const typeDef = getResourceTypeDef(type);
  if (!typeDef) throw notFound(`Resource type '${type}' is not supported by this server`);
  const criteria: Criterion[] = [];
  const sort: SortKey[] = [];
  const includes: IncludeDef[] = [];
  const linkParams: [string, string][] = [];
  let count = limits.defaultCount;
  let offset = 0;

  for (const [rawName, value] of pairs) {
    const [name = '', modifier, ...rest] = rawName.split(':');
    if (rest.length > 0) throw notSupported(`Chained or malformed parameter '${rawName}' is not supported`);
    if (name !== '_getpagesoffset') linkParams.push([rawName, value]);
    if (name.startsWith('_') && (RESULT_PARAMETERS as readonly string[]).includes(name)) {
      // `_sort:asc` / `_sort:desc` (the DSTU2 form HAPI still accepts; the SMART launcher's patient picker sends it).
      const sortDirection = name === '_sort' && (modifier === 'asc' || modifier === 'desc') ? modifier : undefined;
      if (modifier !== undefined && sortDirection === undefined) {
        throw notSupported(`Modifier ':${modifier}' is not supported on '${name}'`);
      }
      switch (name) {
        case '_summary':
          if (!FULL_SUMMARY_VALUES.has(value)) throw notSupported(`Unsupported _summary '${value}'`);
          break;
        case '_count':
          count = parseInteger(name, value, limits.maxCount);
          break;
        case '_getpagesoffset':
          offset = parseInteger(name, value, Number.MAX_SAFE_INTEGER);
          break;
        case '_format':
          if (!JSON_FORMATS.has(value)) throw notSupported(`Only JSON is supported (_format=${value})`);
          break;
        case '_total':
          if (!['none', 'estimate', 'accurate'].includes(value)) throw badRequest(`Invalid _total '${value}'`);
          break;
        case '_include': {
          const include = typeDef.includes.find((candidate) => candidate.value === value);
          if (!include) {
            const supported = typeDef.includes.map((candidate) => candidate.value).join(', ') || 'none';
            throw notSupported(`Unsupported _include '${value}' on ${type} (supported: ${supported})`);
          }
          includes.push(include);
          break;
        }
        case '_sort':
          for (const key of value.split(',').filter((part) => part !== '')) {
            const keyName = key.startsWith('-') ? key.slice(1) : key;
            const descending = key.startsWith('-') !== (sortDirection === 'desc');
            const def = typeDef.params.find((param) => param.name === keyName);
            if (!def || (def.type !== 'date' && def.type !== 'token' && def.type !== 'string')) {
              throw notSupported(`Unsupported _sort key '${keyName}' on ${type}`);
            }
            sort.push({ def, descending });
          }
          break;
      }
      continue;
    }
    const def = typeDef.params.find((param) => param.name === name);
    if (!def) {
      throw notSupported(
        `Unsupported search parameter '${name}' on ${type} (supported: ${describeSupported(typeDef)})`
      );
    }
    const stringModifier = modifier === 'exact' || modifier === 'contains' ? modifier : undefined;
    if (modifier !== undefined && (def.type !== 'string' || stringModifier === undefined)) {
      throw notSupported(`Modifier ':${modifier}' is not supported on '${name}'`);
    }
    const values = splitValues(value);
    // FHIR: a parameter with an empty value is ignored.
    if (values.length === 0) continue;
    switch (def.type) {
      case 'token':
        criteria.push({ def, values: values.map(parseTokenQuery) });
        break;
      case 'reference':
        criteria.push({ def, values: values.map((item) => parseReferenceQuery(def, unescape(item))) });
        break;
      case 'date':
        criteria.push({ def, values: values.map((item) => parseDateQuery(name, item)) });
        break;
      case 'string':
        criteria.push({ def, modifier: stringModifier, values: values.map(unescape) });
        break;
    }
  }
  return { typeDef, criteria, count, offset, sort, includes, linkParams };
}

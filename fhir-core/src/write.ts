import { randomUUID } from 'node:crypto';
import { badRequest, notSupported } from './errors';
import { getResourceTypeDef } from './search-parameters';
import type { ResourceStore } from './store';

/** A create or update the core has parsed, validated and given its id, about to be stored. */
export interface PendingWrite {
  /** `create`: a POST (server-chosen id). `update`: a PUT, which creates the resource if there is no `previous`. */
  readonly interaction: 'create' | 'update';
  readonly resource: fhir4.Resource & { id: string };
  /** The stored version an update replaces. */
  readonly previous?: fhir4.Resource;
}

/** Content rules beyond the core's own (type, id): the problems found in a resource to write, or undefined if none. */
export type WriteValidator = (resource: fhir4.Resource) => readonly string[] | undefined;

/** The caller's access control over one write, run after validation: throws a `FhirError` (403, 404…) to refuse. */
export type WriteAuthorizer = (write: PendingWrite) => void;

export interface WriteChecks {
  readonly validateWrite?: WriteValidator;
  readonly authorizeWrite?: WriteAuthorizer;
}

const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** Checks a resource body for a write: a supported type, and (for PUT) an id equal to the URL's. */
export function parseWritableResource(body: unknown, type: string, id: string | undefined): fhir4.Resource {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The body must be a FHIR resource');
  const resource = body as fhir4.Resource;
  if (typeof resource.resourceType !== 'string') throw badRequest('The resource has no resourceType');
  if (resource.resourceType !== type) {
    throw badRequest(`The resource type '${resource.resourceType}' does not match the URL type '${type}'`);
  }
  if (!getResourceTypeDef(type)) throw notSupported(`Resource type '${type}' is not supported by this server`);
  if (id !== undefined) {
    if (!isValidId(id)) throw badRequest(`Invalid id '${id}'`);
    if (resource.id !== undefined && resource.id !== id) {
      throw badRequest(`The resource id '${resource.id}' does not match the URL id '${id}'`);
    }
  }
  return resource;
}

/**
 * The resource a create (no `id`: the server assigns one, whatever the body says) or an update (`id` from the URL)
 * will store, once it has passed the core's checks, then `checks.validateWrite`, then `checks.authorizeWrite`.
 * Throws `FhirError`; stores nothing.
 */
export function planResourceWrite(
  store: ResourceStore,
  target: { readonly type: string; readonly id?: string; readonly body: unknown },
  checks: WriteChecks = {}
): fhir4.Resource & { id: string } {
  const { type, id } = target;
  const parsed = parseWritableResource(target.body, type, id);
  const issues = checks.validateWrite?.(parsed) ?? [];
  if (issues.length > 0) throw badRequest(`Invalid ${type}: ${issues.join('; ')}`);
  const resource = { ...parsed, id: id ?? randomUUID() };
  checks.authorizeWrite?.(
    id === undefined
      ? { interaction: 'create', resource }
      : { interaction: 'update', resource, previous: store.get(type, id) }
  );
  return resource;
}

export interface StoredWrite {
  readonly created: boolean;
  /** The stored copy, with `meta.versionId` and `meta.lastUpdated`. */
  readonly resource: fhir4.Resource;
  /** `{type}/{id}/_history/{versionId}`, relative to the FHIR base. */
  readonly location: string;
  /** The version as a weak ETag. */
  readonly etag: string;
}

/** Stores a planned create or update; the store assigns the version. */
export function storeResource(store: ResourceStore, resource: fhir4.Resource & { id: string }): StoredWrite {
  const { created, resource: stored } = store.put(resource);
  const versionId = stored.meta?.versionId ?? '1';
  return {
    created,
    resource: stored,
    location: `${resource.resourceType}/${resource.id}/_history/${versionId}`,
    etag: `W/"${versionId}"`,
  };
}

import { badRequest, FhirError, notSupported } from './errors';
import { getResourceTypeDef } from './search-parameters';
import type { ResourceStore } from './store';
import { isValidId, planResourceWrite, storeResource, type WriteChecks } from './write';

/** One validated write, ready to apply. */
type PlannedWrite =
  | { readonly method: 'PUT' | 'POST'; readonly resource: fhir4.Resource & { id: string } }
  | { readonly method: 'DELETE'; readonly type: string; readonly id: string };

function parseEntryUrl(url: string | undefined): { type: string; id: string | undefined } {
  if (url === undefined || url === '') throw badRequest('Bundle entry request.url is missing');
  if (url.includes('?')) throw notSupported(`Conditional operations are not supported ('${url}')`);
  const [type = '', id, ...rest] = url.replace(/^\/+/, '').split('/');
  if (rest.length > 0 || !/^[A-Z][A-Za-z]+$/.test(type)) throw badRequest(`Unsupported request.url '${url}'`);
  return { type, id };
}

function planEntry(
  store: ResourceStore,
  entry: fhir4.BundleEntry,
  index: number,
  checks: WriteChecks
): { write: PlannedWrite; fullUrl?: string } {
  const method = entry.request?.method;
  const where = `entry[${index}]`;
  try {
    const { type, id } = parseEntryUrl(entry.request?.url);
    switch (method) {
      case 'PUT': {
        if (id === undefined) throw badRequest('PUT needs an id in request.url');
        const resource = planResourceWrite(store, { type, id, body: entry.resource }, checks);
        return { write: { method, resource }, fullUrl: entry.fullUrl };
      }
      case 'POST': {
        if (id !== undefined) throw badRequest('POST request.url must be a resource type');
        const resource = planResourceWrite(store, { type, body: entry.resource }, checks);
        return { write: { method, resource }, fullUrl: entry.fullUrl };
      }
      case 'DELETE': {
        if (id === undefined || !isValidId(id)) throw badRequest('DELETE needs an id in request.url');
        if (!getResourceTypeDef(type)) throw notSupported(`Resource type '${type}' is not supported by this server`);
        return { write: { method, type, id } };
      }
      case 'GET':
      case 'HEAD':
      case 'PATCH':
      case undefined:
        break;
    }
    // Also reached by methods outside the FHIR enumeration in unvalidated JSON.
    throw notSupported(`Method '${String(method)}' is not supported in bundles (PUT, POST, DELETE)`);
  } catch (error) {
    if (error instanceof FhirError) throw new FhirError(error.status, error.issueCode, `${where}: ${error.message}`);
    throw error;
  }
}

/** Rewrites `urn:uuid:` references to the ids POST entries were given (FHIR transaction reference resolution). */
function resolveReferences<T>(value: T, replacements: ReadonlyMap<string, string>): T {
  if (replacements.size === 0) return value;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        copy[key] = key === 'reference' && typeof child === 'string' ? (replacements.get(child) ?? child) : walk(child);
      }
      return copy;
    }
    return node;
  };
  return walk(value) as T;
}

function applyWrite(store: ResourceStore, write: PlannedWrite): fhir4.BundleEntryResponse {
  if (write.method === 'DELETE') {
    store.delete(write.type, write.id);
    return { status: '204 No Content' };
  }
  const { created, resource, location, etag } = storeResource(store, write.resource);
  return {
    status: created ? '201 Created' : '200 OK',
    location,
    etag,
    lastModified: resource.meta?.lastUpdated,
  };
}

function parseBundle(body: unknown): fhir4.Bundle {
  if (body === null || typeof body !== 'object' || (body as fhir4.Resource).resourceType !== 'Bundle') {
    throw badRequest('Expected a Bundle of type transaction or batch');
  }
  const entries = (body as { entry?: unknown }).entry;
  if (entries !== undefined && !Array.isArray(entries)) throw badRequest('Bundle.entry must be an array');
  for (const [index, entry] of (entries ?? []).entries()) {
    const request = (entry as { request?: unknown } | null)?.request;
    if (entry === null || typeof entry !== 'object' || request === null || typeof request !== 'object') {
      throw badRequest(`entry[${index}] must be an object with a request`);
    }
  }
  return body as fhir4.Bundle;
}

/**
 * Runs a transaction or batch Bundle. A transaction is validated entirely before any write (all or nothing). Each
 * create and update passes `checks` as a single one does.
 */
export function processBundle(store: ResourceStore, body: unknown, checks: WriteChecks = {}): fhir4.Bundle {
  const bundle = parseBundle(body);
  const entries = bundle.entry ?? [];
  if (bundle.type === 'transaction') {
    const planned = entries.map((entry, index) => planEntry(store, entry, index, checks));
    const replacements = new Map<string, string>();
    for (const { write, fullUrl } of planned) {
      if (write.method === 'POST' && fullUrl?.startsWith('urn:uuid:')) {
        replacements.set(fullUrl, `${write.resource.resourceType}/${write.resource.id}`);
      }
    }
    const responses = planned.map(({ write }) =>
      applyWrite(
        store,
        write.method === 'DELETE' ? write : { ...write, resource: resolveReferences(write.resource, replacements) }
      )
    );
    return { resourceType: 'Bundle', type: 'transaction-response', entry: responses.map((response) => ({ response })) };
  }
  if (bundle.type === 'batch') {
    const responses = entries.map((entry, index): fhir4.BundleEntry => {
      try {
        return { response: applyWrite(store, planEntry(store, entry, index, checks).write) };
      } catch (error) {
        if (!(error instanceof FhirError)) throw error;
        return { response: { status: String(error.status), outcome: error.toOperationOutcome() } };
      }
    });
    return { resourceType: 'Bundle', type: 'batch-response', entry: responses };
  }
  throw badRequest(`Bundle.type must be 'transaction' or 'batch', got '${String(bundle.type)}'`);
}

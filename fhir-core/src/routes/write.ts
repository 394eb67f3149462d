import { notFound } from '../errors';
import { fhirJson, type FhirRequest, type FhirResponse } from '../http';
import { getResourceTypeDef } from '../search-parameters';
import { processBundle } from '../transaction';
import { isValidId, planResourceWrite, storeResource } from '../write';
import type { FhirRoute, RouteContext } from './route';

/** A create (no `id`) or update of one resource: answered with the stored copy, its `Location` and its ETag. */
function writeResource(
  request: FhirRequest,
  type: string,
  id: string | undefined,
  context: RouteContext
): FhirResponse {
  const resource = planResourceWrite(context.store, { type, id, body: request.body }, context.writeChecks);
  const stored = storeResource(context.store, resource);
  return fhirJson(stored.created ? 201 : 200, stored.resource, {
    location: `${request.baseUrl}/${stored.location}`,
    etag: stored.etag,
  });
}

/** Create (POST), update or create with a chosen id (PUT), delete, and transaction/batch Bundles at the base. */
export const writeRoutes: readonly FhirRoute[] = [
  {
    method: 'POST',
    pattern: '/',
    handle: (request, _params, { store, writeChecks }) =>
      fhirJson(200, processBundle(store, request.body, writeChecks)),
  },
  {
    method: 'PUT',
    pattern: '/:type/:id',
    handle: (request, { type = '', id = '' }, context) => writeResource(request, type, id, context),
  },
  {
    method: 'POST',
    pattern: '/:type',
    handle: (request, { type = '' }, context) => writeResource(request, type, undefined, context),
  },
  {
    method: 'DELETE',
    pattern: '/:type/:id',
    handle: (_request, { type = '', id = '' }, { store }) => {
      if (!getResourceTypeDef(type) || !isValidId(id)) throw notFound(`${type}/${id} is not known`);
      store.delete(type, id);
      return { status: 204, headers: {} };
    },
  },
];

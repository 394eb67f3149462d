import { notFound } from '../errors';
import { fhirJson } from '../http';
import { getResourceTypeDef } from '../search-parameters';
import { isValidId, parseWritableResource, processBundle } from '../transaction';
import type { FhirRoute } from './route';

/** Create (POST), update or create with a chosen id (PUT), delete, and transaction/batch Bundles at the base. */
export const writeRoutes: readonly FhirRoute[] = [
  {
    method: 'POST',
    pattern: '/',
    handle: (request, _params, { store }) => fhirJson(200, processBundle(store, request.body)),
  },
  {
    method: 'PUT',
    pattern: '/:type/:id',
    handle: (request, { type = '', id = '' }, { store }) => {
      const resource = parseWritableResource(request.body, type, id);
      const { created, resource: stored } = store.put({ ...resource, id });
      const location = `${request.baseUrl}/${type}/${id}/_history/${stored.meta?.versionId ?? '1'}`;
      return fhirJson(created ? 201 : 200, stored, { location });
    },
  },
  {
    method: 'POST',
    pattern: '/:type',
    handle: (request, { type = '' }, { store }) => {
      const bundle = processBundle(store, {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ resource: request.body as fhir4.Resource, request: { method: 'POST', url: type } }],
      });
      const location = bundle.entry?.[0]?.response?.location ?? '';
      const [, id = ''] = location.split('/');
      return fhirJson(201, store.get(type, id), { location: `${request.baseUrl}/${location}` });
    },
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

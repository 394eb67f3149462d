import { notFound } from '../errors';
import { fhirJson } from '../http';
import { getResourceTypeDef } from '../search-parameters';
import type { FhirRoute } from './route';

/** `GET /Type/id`, with the version as a weak ETag. */
export const readRoutes: readonly FhirRoute[] = [
  {
    method: 'GET',
    pattern: '/:type/:id',
    handle: (_request, { type = '', id = '' }, { store }) => {
      if (!getResourceTypeDef(type)) throw notFound(`Resource type '${type}' is not supported by this server`);
      const resource = store.get(type, id);
      if (!resource) throw notFound(`${type}/${id} is not known`);
      return fhirJson(200, resource, { etag: `W/"${resource.meta?.versionId ?? '1'}"` });
    },
  },
];

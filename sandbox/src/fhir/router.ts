import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { InvalidTokenError, type AccessContext, type AccessPolicy } from './access';
import { createBulkExport, type BulkExportOptions } from './bulk-export';
import { buildCapabilityStatement, type SmartEndpoints } from './capability-statement';
import { writeWithToken, type TokenWriteResult } from './create-resource';
import { buildOperationOutcome, FhirError, forbidden, notFound } from './errors';
import { executeSearch, parseSearchRequest, type SearchRequest } from './search';
import { getCompartmentPatientIds, getResourceTypeDef } from './search-parameters';
import type { ResourceStore } from './store';
import { isValidId, parseWritableResource, processBundle } from './transaction';
import { applyCors } from '../support/cors';

export interface FhirServerOptions {
  readonly store: ResourceStore;
  readonly access: AccessPolicy;
  /** The SMART endpoints to advertise (`.well-known/smart-configuration`, CapabilityStatement security). */
  readonly smart?: {
    readonly getEndpoints: () => SmartEndpoints;
    readonly getConfiguration: () => Record<string, unknown>;
  };
  readonly now?: () => Date;
  /** Bulk Data `$export` settings (polling, expiry, limits); the operation is always on. */
  readonly bulkExport?: Omit<BulkExportOptions, 'store'>;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function sendFhir(res: Response, status: number, body: unknown): void {
  res.status(status).set('Content-Type', FHIR_JSON).send(JSON.stringify(body));
}

export function getFhirBase(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

function getQueryPairs(req: Request): [string, string][] {
  const query = req.originalUrl.split('?')[1] ?? '';
  return [...new URLSearchParams(query)];
}

function getAccess(res: Response): AccessContext | undefined {
  return res.locals.access as AccessContext | undefined;
}

function buildSearchBundle(
  base: string,
  request: SearchRequest,
  result: ReturnType<typeof executeSearch>
): fhir4.Bundle {
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

/**
 * The FHIR R4 REST API over a ResourceStore, as an Express router (it never listens). Mount it at a base such as
 * `/fhir` (SMART-protected) or `/fhir-open` (anonymous, development only).
 */
export function createFhirServer(options: FhirServerOptions): Router {
  const { store, access } = options;
  const now = options.now ?? ((): Date => new Date());
  const router = express.Router();

  router.use(applyCors);
  router.get('/.well-known/smart-configuration', (_req, res, next) => {
    if (!options.smart) {
      next();
      return;
    }
    res.status(200).json(options.smart.getConfiguration());
  });
  router.get('/metadata', (req, res) => {
    sendFhir(
      res,
      200,
      buildCapabilityStatement({
        fhirBase: getFhirBase(req),
        writable: access.mode === 'open',
        smart: options.smart?.getEndpoints(),
        date: now().toISOString(),
      })
    );
  });

  router.use(async (req, res, next) => {
    if (access.mode === 'open') {
      next();
      return;
    }
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      res.set('WWW-Authenticate', 'Bearer realm="tachywatch-sandbox"');
      sendFhir(res, 401, buildOperationOutcome('login', 'A Bearer access token is required on this endpoint'));
      return;
    }
    try {
      res.locals.access = await access.verifyAccessToken(match[1]);
      next();
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) {
        next(error);
        return;
      }
      res.set('WWW-Authenticate', 'Bearer realm="tachywatch-sandbox", error="invalid_token"');
      sendFhir(res, 401, buildOperationOutcome('login', error.message));
    }
  });

  router.use(express.json({ type: ['application/json', 'application/fhir+json'], limit: '100mb' }));
  router.use(express.text({ type: 'application/x-www-form-urlencoded', limit: '1mb' }));
  router.use(createBulkExport({ store, ...options.bulkExport }));

  const requireWrite = (res: Response): void => {
    if (getAccess(res)) throw forbidden('This endpoint is read-only for access tokens; load data through /fhir-open');
  };

  const search = (req: Request, res: Response, pairs: [string, string][]): void => {
    const type = String(req.params.type);
    const request = parseSearchRequest(type, pairs);
    const grant = getAccess(res);
    if (grant) {
      if (!grant.canRead(type)) throw forbidden(`The access token has no read scope for ${type}`);
      if (grant.patientId !== undefined && request.typeDef.inPatientCompartment) {
        const pinned = request.criteria.flatMap((criterion) =>
          criterion.def.type === 'reference' && criterion.def.targets.includes('Patient')
            ? (criterion.values as readonly { type?: string; id: string }[])
                .filter((value) => value.type === undefined || value.type === 'Patient')
                .map((value) => value.id)
            : []
        );
        if (pinned.some((id) => id !== grant.patientId)) {
          throw forbidden('The access token is limited to another patient');
        }
      }
    }
    const result = executeSearch(store, request, { patientId: grant?.patientId });
    if (grant) {
      for (const resource of result.included) {
        if (!grant.canRead(resource.resourceType)) throw forbidden(`No read scope for ${resource.resourceType}`);
      }
    }
    sendFhir(res, 200, buildSearchBundle(getFhirBase(req), request, result));
  };

  router.post('/', (req, res) => {
    requireWrite(res);
    sendFhir(res, 200, processBundle(store, req.body));
  });
  router.get('/:type', (req, res) => search(req, res, getQueryPairs(req)));
  router.post('/:type/_search', (req, res) => {
    const body = typeof req.body === 'string' ? [...new URLSearchParams(req.body)] : [];
    search(req, res, [...getQueryPairs(req), ...body]);
  });
  router.get('/:type/:id', (req, res) => {
    const type = String(req.params.type);
    const id = String(req.params.id);
    const typeDef = getResourceTypeDef(type);
    if (!typeDef) throw notFound(`Resource type '${type}' is not supported by this server`);
    const grant = getAccess(res);
    if (grant && !grant.canRead(type)) throw forbidden(`The access token has no read scope for ${type}`);
    const resource = store.get(type, id);
    if (!resource) throw notFound(`${type}/${id} is not known`);
    if (grant?.patientId !== undefined && typeDef.inPatientCompartment) {
      if (!getCompartmentPatientIds(resource).includes(grant.patientId)) {
        throw forbidden('The access token is limited to another patient');
      }
    }
    res.set('ETag', `W/"${resource.meta?.versionId ?? '1'}"`);
    sendFhir(res, 200, resource);
  });
  const sendTokenWrite = (req: Request, res: Response, result: TokenWriteResult): void => {
    res.set('Location', `${getFhirBase(req)}/${result.location}`);
    res.set('ETag', `W/"${result.resource.meta?.versionId ?? '1'}"`);
    sendFhir(res, result.status, result.resource);
  };

  router.put('/:type/:id', (req, res) => {
    const grant = getAccess(res);
    if (grant) {
      const write = { type: String(req.params.type), id: String(req.params.id), body: req.body as unknown };
      sendTokenWrite(req, res, writeWithToken(store, { ...write, access: grant }));
      return;
    }
    requireWrite(res);
    const type = String(req.params.type);
    const id = String(req.params.id);
    const resource = parseWritableResource(req.body, type, id);
    const { created, resource: stored } = store.put({ ...resource, id });
    res.set('Location', `${getFhirBase(req)}/${type}/${id}/_history/${stored.meta?.versionId ?? '1'}`);
    sendFhir(res, created ? 201 : 200, stored);
  });
  router.post('/:type', (req, res) => {
    const grant = getAccess(res);
    if (grant) {
      const write = { type: String(req.params.type), body: req.body as unknown };
      sendTokenWrite(req, res, writeWithToken(store, { ...write, access: grant }));
      return;
    }
    requireWrite(res);
    const type = String(req.params.type);
    const bundle = processBundle(store, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: req.body as fhir4.Resource, request: { method: 'POST', url: type } }],
    });
    const location = bundle.entry?.[0]?.response?.location ?? '';
    const [, id = ''] = location.split('/');
    res.set('Location', `${getFhirBase(req)}/${location}`);
    sendFhir(res, 201, store.get(type, id));
  });
  router.delete('/:type/:id', (req, res) => {
    requireWrite(res);
    const type = String(req.params.type);
    const id = String(req.params.id);
    if (!getResourceTypeDef(type) || !isValidId(id)) throw notFound(`${type}/${id} is not known`);
    store.delete(type, id);
    res.status(204).end();
  });
  router.use((_req: Request, res: Response) => {
    sendFhir(res, 404, buildOperationOutcome('not-found', 'Unknown FHIR endpoint'));
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof FhirError) {
      sendFhir(res, error.status, error.toOperationOutcome());
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendFhir(res, status, buildOperationOutcome('invalid', `Malformed request body: ${(error as Error).message}`));
      return;
    }
    sendFhir(res, 500, buildOperationOutcome('exception', 'Internal server error'));
  });
  return router;
}

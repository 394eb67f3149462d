import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { buildOperationOutcome, createFhirCore, FHIR_JSON, FhirError, type ResourceStore } from '@tachywatch/fhir-core';
import type { AccessPolicy } from './access';
import { authenticate, getAccess } from './authenticate';
import { createBulkExport, type BulkExportOptions } from './bulk-export';
import { authorizeTokenWrite, checkRequestAccess, checkResponseAccess, keepClientMeta } from './enforce-access';
import { sendFhirResponse, toFhirRequest } from './express-adapter';
import { createMetadataRoutes, type MetadataOptions } from './metadata';
import { validateTokenWrite } from './write-validation';
import { applyCors } from '../support/cors';

export interface FhirServerOptions {
  readonly store: ResourceStore;
  readonly access: AccessPolicy;
  /** The SMART endpoints to advertise (`.well-known/smart-configuration`, CapabilityStatement security). */
  readonly smart?: MetadataOptions['smart'];
  readonly now?: () => Date;
  /** Bulk Data `$export` settings (polling, expiry, limits); the operation is always on. */
  readonly bulkExport?: Omit<BulkExportOptions, 'store'>;
}

function sendOutcome(res: Response, status: number, outcome: fhir4.OperationOutcome): void {
  res.status(status).set('Content-Type', FHIR_JSON).send(JSON.stringify(outcome));
}

/** Express error handler: FHIR errors and malformed bodies as 4xx OperationOutcomes, anything else a bare 500. */
function handleError(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (error instanceof FhirError) {
    sendOutcome(res, error.status, error.toOperationOutcome());
    return;
  }
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    sendOutcome(res, status, buildOperationOutcome('invalid', `Malformed request body: ${(error as Error).message}`));
    return;
  }
  sendOutcome(res, 500, buildOperationOutcome('exception', 'Internal server error'));
}

/**
 * The FHIR R4 REST API over a ResourceStore, as an Express router (it never listens): the framework-free core
 * (`@tachywatch/fhir-core`) behind the sandbox's CORS, SMART metadata, token checks and Bulk Data `$export`. Mount it
 * at a base such as `/fhir` (SMART-protected) or `/fhir-open` (anonymous, development only).
 */
export function createFhirServer(options: FhirServerOptions): Router {
  const { store, access } = options;
  // On the SMART endpoint every write comes with a token: the core checks its shape, the access layer who may write.
  const core = createFhirCore({
    store,
    validateWrite: access.mode === 'smart' ? validateTokenWrite : undefined,
  });
  const router = express.Router();

  router.use(applyCors);
  router.use(createMetadataRoutes({ writable: access.mode === 'open', smart: options.smart, now: options.now }));
  router.use(authenticate(access));
  router.use(express.json({ type: ['application/json', 'application/fhir+json'], limit: '100mb' }));
  router.use(express.text({ type: 'application/x-www-form-urlencoded', limit: '1mb' }));
  router.use(createBulkExport({ store, ...options.bulkExport }));
  router.use((req, res) => {
    const grant = getAccess(res);
    if (!grant) {
      sendFhirResponse(res, core.handle(toFhirRequest(req)));
      return;
    }
    const request = keepClientMeta(toFhirRequest(req));
    checkRequestAccess(grant, request);
    const response = core.handle(request, { patientId: grant.patientId, authorizeWrite: authorizeTokenWrite(grant) });
    checkResponseAccess(grant, request, response);
    sendFhirResponse(res, response);
  });
  router.use(handleError);
  return router;
}

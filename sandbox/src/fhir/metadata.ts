import express, { type Router } from 'express';
import { buildCapabilityStatement, FHIR_JSON, type SmartEndpoints } from '@tachywatch/fhir-core';
import { TOKEN_WRITABLE_TYPES } from './write-validation';
import { getFhirBase } from './express-adapter';

export interface MetadataOptions {
  /** Whether the server accepts writes (advertised as create/update/delete and transaction/batch). */
  readonly writable: boolean;
  readonly smart?: {
    readonly getEndpoints: () => SmartEndpoints;
    readonly getConfiguration: () => Record<string, unknown>;
  };
  readonly now?: () => Date;
}

/** The unauthenticated discovery routes: `.well-known/smart-configuration` (SMART servers) and `/metadata`. */
export function createMetadataRoutes(options: MetadataOptions): Router {
  const now = options.now ?? ((): Date => new Date());
  const router = express.Router();
  router.get('/.well-known/smart-configuration', (_req, res, next) => {
    if (!options.smart) {
      next();
      return;
    }
    res.status(200).json(options.smart.getConfiguration());
  });
  router.get('/metadata', (req, res) => {
    const statement = buildCapabilityStatement({
      fhirBase: getFhirBase(req),
      writable: options.writable,
      tokenWritableTypes: TOKEN_WRITABLE_TYPES,
      smart: options.smart?.getEndpoints(),
      date: now().toISOString(),
    });
    res.status(200).set('Content-Type', FHIR_JSON).send(JSON.stringify(statement));
  });
  return router;
}

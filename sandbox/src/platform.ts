import express, { type Express } from 'express';
import { createAuthServer, type AuthServer } from './auth/auth-server';
import { createBackendServices, type BackendServices } from './auth/backend-services';
import type { BulkExportOptions } from './fhir/bulk-export';
import { createFhirServer } from './fhir/router';
import type { ResourceStore } from '@tachywatch/fhir-core';

export interface FhirPlatform {
  readonly app: Express;
  readonly auth: AuthServer;
  /** SMART Backend Services clients (Bulk Data `$export`). */
  readonly backend: BackendServices;
}

export const SANDBOX_USER = 'Practitioner/tachywatch-sandbox-clinician';

/** A display name for the patient picker and the mini EHR's list (not clinical data). */
export function toPatientLabel(patient: fhir4.Patient): string {
  const name = patient.name?.[0];
  const text = name?.text ?? [...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
  return text === '' ? `Patient ${patient.id ?? ''}` : text;
}

/**
 * The FHIR + authorization origin: `/fhir` (SMART-protected), `/fhir-open` (anonymous, for the CDS Hooks path without
 * fhirAuthorization and the upload script) and `/auth` (the SMART authorization server).
 */
export async function createFhirPlatform(options: {
  readonly store: ResourceStore;
  readonly getOrigin: () => string;
  readonly bulkExport?: Omit<BulkExportOptions, 'store'>;
}): Promise<FhirPlatform> {
  const { store, getOrigin } = options;
  const auth = await createAuthServer({
    getFhirBase: () => `${getOrigin()}/fhir`,
    getIssuer: () => `${getOrigin()}/auth`,
    defaultUser: SANDBOX_USER,
    listPatients: () =>
      [...store.listType('Patient')].map((patient) => ({
        id: patient.id ?? '',
        name: toPatientLabel(patient as fhir4.Patient),
      })),
  });
  const backend = createBackendServices({
    getTokenEndpoint: () => auth.getEndpoints().token,
    getRegistrationEndpoint: () => `${getOrigin()}/auth/register`,
    mintAccessToken: (request) => auth.mintAccessToken(request),
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/fhir',
    createFhirServer({
      store,
      access: { mode: 'smart', verifyAccessToken: (token) => auth.verifyAccessToken(token) },
      smart: {
        getEndpoints: () => auth.getEndpoints(),
        getConfiguration: () => backend.extendSmartConfiguration(auth.getSmartConfiguration()),
      },
      bulkExport: options.bulkExport,
    })
  );
  app.use('/fhir-open', createFhirServer({ store, access: { mode: 'open' }, bulkExport: options.bulkExport }));
  app.use('/auth', backend.router);
  app.use('/auth', auth.router);
  return { app, auth, backend };
}

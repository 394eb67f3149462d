import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import { applyFhirClientSettings } from './fhir-settings';
import { toLaunchError } from './launch-error';
import { MARK_READY, markOnce } from './performance-marks';

let pending: Promise<Client> | undefined;

async function completeAuthorization(): Promise<Client> {
  applyFhirClientSettings();
  try {
    const client = await FHIR.oauth2.ready();
    markOnce(MARK_READY);
    return client;
  } catch (error) {
    throw toLaunchError(error);
  }
}

/**
 * Completes the SMART authorization on the redirect page; every failure becomes a `LaunchError`. Called once per
 * page: a second token exchange with the same code would fail (React StrictMode runs effects twice).
 */
export function getReadyClient(): Promise<Client> {
  pending ??= completeAuthorization();
  return pending;
}

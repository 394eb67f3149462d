import { readFileSync } from 'node:fs';
import { getClientSettings, parseSmartAppConfig, type ClientSettings } from '@tachywatch/shared';
import type { RegisteredClient } from './auth/clients';

export const FALLBACK_APP_CLIENT = { clientId: 'tachywatch-local', redirectUri: 'index.html' } as const;

/** What the app's registration allows it to write when it asks (its site's write-back): the review, draft referrals. */
export const APP_WRITABLE_TYPES: readonly string[] = ['QuestionnaireResponse', 'ServiceRequest'];

/**
 * The SMART client for the app as served on `appOrigin`: the client id and redirect the app's own config
 * (`smart-app/public/smart-config.json`, parsed and matched exactly as the app does) uses for a FHIR server at
 * `fhirBase`, the redirect resolved against the app's launch page (as fhirclient resolves it).
 */
export function buildAppClient(configPath: string, appOrigin: string, fhirBase: string): RegisteredClient {
  let entry: Pick<ClientSettings, 'clientId' | 'redirectUri'> = FALLBACK_APP_CLIENT;
  try {
    const config = parseSmartAppConfig(JSON.parse(readFileSync(configPath, 'utf8')));
    entry = getClientSettings(config, fhirBase) ?? entry;
  } catch {
    // No readable config yet: register the documented local defaults.
  }
  const redirect = new URL(entry.redirectUri, `${appOrigin}/launch.html`).toString();
  return {
    clientId: entry.clientId,
    name: 'Tachywatch SMART app',
    redirectUris: [redirect],
    writableTypes: [...APP_WRITABLE_TYPES],
  };
}

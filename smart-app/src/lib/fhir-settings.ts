import FHIR from 'fhirclient';
import type { fhirclient } from 'fhirclient/lib/types';

/**
 * Keys each launch's stored state by the `state` URL parameter instead of one shared sessionStorage slot, so two
 * launches in frames of the same tab (or an embedded browser that shares sessionStorage) never read each other's
 * session (Oracle Health "session bleed"). The `state` parameter stays in the URL for reloads.
 */
export function applyFhirClientSettings(): void {
  const settings = FHIR.oauth2.settings as fhirclient.BrowserFHIRSettings;
  settings.fullSessionStorageSupport = false;
  settings.replaceBrowserHistory = true;
}

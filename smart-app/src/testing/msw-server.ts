import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

/** The FHIR base of the app's tests; `@tachywatch/fhir-core/msw` serves resources under it. */
export const FHIR_BASE = 'http://fhir.test/r4';

/**
 * One msw server for the app's tests; any request without a handler fails the test. No `site-config.json` is
 * served by default (the defaults apply), as for a deployment without the file.
 */
export const mswServer = setupServer(http.get('*/site-config.json', () => new HttpResponse(null, { status: 404 })));

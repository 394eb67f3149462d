import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import { FHIR_BASE } from './msw-server';

/** A real fhirclient Client, as after `ready()`, injected through the provider (never a mocked module). */
export function buildTestClient(tokenResponse: Record<string, unknown> = {}): Client {
  return FHIR.client({
    serverUrl: FHIR_BASE,
    tokenResponse: { access_token: 'test-access-token', token_type: 'Bearer', patient: 'p1', ...tokenResponse },
  });
}

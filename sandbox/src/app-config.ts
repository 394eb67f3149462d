import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { RegisteredClient } from './auth/clients';

/** The part of the app's runtime config (`smart-app/public/smart-config.json`) the sandbox registers the app from. */
const SmartConfigSchema = z.object({
  issuers: z
    .array(
      z.object({
        iss: z.string(),
        match: z.enum(['prefix', 'exact']).optional(),
        clientId: z.string(),
        redirectUri: z.string(),
      })
    )
    .default([]),
  default: z.object({ clientId: z.string(), redirectUri: z.string() }).optional(),
});

export const FALLBACK_APP_CLIENT = { clientId: 'tachywatch-local', redirectUri: 'index.html' } as const;

/**
 * The SMART client for the app as served on `appOrigin`: the client id and redirect the app's own config uses for a
 * FHIR server at `fhirBase`, the redirect resolved against the app's launch page (as fhirclient resolves it).
 */
export function buildAppClient(configPath: string, appOrigin: string, fhirBase: string): RegisteredClient {
  let entry: { clientId: string; redirectUri: string } = FALLBACK_APP_CLIENT;
  try {
    const config = SmartConfigSchema.parse(JSON.parse(readFileSync(configPath, 'utf8')));
    entry =
      config.issuers.find((issuer) =>
        issuer.match === 'exact' ? issuer.iss === fhirBase : fhirBase.startsWith(issuer.iss)
      ) ??
      config.default ??
      entry;
  } catch {
    // No readable config yet: register the documented local defaults.
  }
  const redirect = new URL(entry.redirectUri, `${appOrigin}/launch.html`).toString();
  return { clientId: entry.clientId, name: 'Tachywatch SMART app', redirectUris: [redirect] };
}

import { z } from 'zod';

/**
 * The SMART app's runtime configuration file `smart-config.json`, fetched at launch so one build serves several EHRs:
 * per issuer (exact URL or prefix) the client id, redirect URI and optionally the scopes; plus a default. The app reads
 * it to authorize and the sandbox reads it to register the app, so both use this schema and `getClientSettings`.
 */
const NO_WILDCARD = /(^|\s)(patient|user|system)\/\*/;

export const ClientSettingsSchema = z.object({
  clientId: z.string().min(1),
  /** Relative to the launch page, or absolute. */
  redirectUri: z.string().min(1).default('index.html'),
  /** A full scope string to request instead of the built one; wildcards are refused (Oracle Health). */
  scope: z
    .string()
    .min(1)
    .refine((scope) => !NO_WILDCARD.test(scope), { message: 'wildcard resource scopes are not allowed' })
    .optional(),
  /** `auto` reads `permission-v2`/`permission-v1` from the server's smart-configuration. */
  scopeVersion: z.enum(['auto', 'v1', 'v2']).default('auto'),
});

export const IssuerSettingsSchema = ClientSettingsSchema.extend({
  iss: z.url(),
  /** An entry without `match` matches its exact URL only. */
  match: z.enum(['exact', 'prefix']).default('exact'),
});

export const SmartAppConfigSchema = z.object({
  issuers: z.array(IssuerSettingsSchema).default([]),
  default: ClientSettingsSchema.optional(),
  /** FHIR base URL used for a standalone launch opened without `iss`. */
  standaloneIss: z.url().optional(),
});

export type ClientSettings = z.infer<typeof ClientSettingsSchema>;
export type IssuerSettings = z.infer<typeof IssuerSettingsSchema>;
export type SmartAppConfig = z.infer<typeof SmartAppConfigSchema>;

function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The settings for an issuer: an exact match first, then the longest matching prefix, then the default. */
export function getClientSettings(config: SmartAppConfig, iss: string): ClientSettings | undefined {
  const target = normaliseUrl(iss);
  const exact = config.issuers.find((entry) => normaliseUrl(entry.iss) === target);
  if (exact) {
    return exact;
  }
  const prefixes = config.issuers
    .filter((entry) => entry.match === 'prefix' && target.startsWith(normaliseUrl(entry.iss)))
    .sort((a, b) => b.iss.length - a.iss.length);
  return prefixes[0] ?? config.default;
}

/** Parses `smart-config.json`; throws an Error naming every invalid field. */
export function parseSmartAppConfig(input: unknown): SmartAppConfig {
  const result = SmartAppConfigSchema.safeParse(input);
  if (!result.success) {
    const where = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`smart-config.json is invalid: ${where.join('; ')}`);
  }
  return result.data;
}

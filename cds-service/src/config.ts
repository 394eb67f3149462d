import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toAnalysisConfig, type AnalysisConfig, type SiteConfig } from '@tachywatch/shared';
import { z } from 'zod';
import { loadSiteConfig } from './site-config';

/**
 * Service configuration from the environment, validated at start. Every bad value is reported with its variable
 * name and what was expected, and the service refuses to start.
 */

const SERVICE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The public CDS Hooks Sandbox (https://sandbox.cds-hooks.org) key set, fetched from
 * https://sandbox.cds-hooks.org/.well-known/jwks.json in 2026 and shipped as `cds-service/cds-hooks-sandbox.jwks.json`.
 */
export const CDS_HOOKS_SANDBOX_CLIENT = {
  iss: 'https://sandbox.cds-hooks.org',
  jku: ['https://sandbox.cds-hooks.org/.well-known/jwks.json'],
  jwksFile: resolve(SERVICE_ROOT, 'cds-hooks-sandbox.jwks.json'),
} as const;

const JwkSchema = z.looseObject({ kty: z.string(), kid: z.string().optional() });
export const JwksSchema = z.looseObject({ keys: z.array(JwkSchema) });
export type Jwks = z.infer<typeof JwksSchema>;

const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

export const TrustedClientSchema = z
  .strictObject({
    iss: z.string().min(1),
    /** Allowed `jku` values; keys are fetched from them unless `jwks`/`jwksFile` is given. */
    jku: z.array(HttpUrl).default([]),
    jwksFile: z.string().min(1).optional(),
    jwks: JwksSchema.optional(),
  })
  .refine((client) => client.jku.length > 0 || client.jwksFile !== undefined || client.jwks !== undefined, {
    message: 'a trusted client needs jku, jwksFile or jwks',
  });
export type TrustedClient = z.infer<typeof TrustedClientSchema>;

const csv = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const booleanFlag = (fallback: boolean): z.ZodType<boolean, string | undefined> =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .optional()
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value)));

const UrlList = z
  .string()
  .transform(csv)
  .pipe(z.array(HttpUrl.transform((url) => url.replace(/\/+$/, ''))));

const positiveMs = (fallback: number): z.ZodType<number, unknown> =>
  z.coerce.number().int().min(1).max(600_000).default(fallback);

/** The US crisis line (988 Suicide & Crisis Lifeline), the default for US sites; set CDS_CRISIS_LINE elsewhere. */
export const US_CRISIS_LINE = '988 Suicide & Crisis Lifeline: call or text 988 (US)';

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_BASE_URL: UrlList.optional(),
    SMART_APP_LAUNCH_URL: HttpUrl.optional(),
    ALLOWED_FHIR_SERVERS: UrlList.default([]),
    CDS_TRUSTED_CLIENTS: z
      .string()
      .optional()
      .transform((value, context) => {
        if (value === undefined || value.trim() === '') return [];
        try {
          return JSON.parse(value) as unknown;
        } catch {
          context.addIssue({ code: 'custom', message: 'must be a JSON array of {iss, jku?, jwksFile?}' });
          return z.NEVER;
        }
      })
      .pipe(z.array(TrustedClientSchema)),
    CDS_TRUST_HOOKS_SANDBOX: booleanFlag(false),
    CDS_REQUIRE_JWT: booleanFlag(true),
    FHIR_TIMEOUT_MS: positiveMs(2500),
    CDS_DEADLINE_MS: positiveMs(3500),
    FHIR_MAX_PAGES: z.coerce.number().int().min(1).max(100).default(20),
    FHIR_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024 * 1024)
      .max(256 * 1024 * 1024)
      .default(16 * 1024 * 1024),
    FEEDBACK_DB_PATH: z.string().min(1).default('./.data/feedback.sqlite'),
    SUPPRESSION_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
    CDS_EMERGING_CARDS: booleanFlag(true),
    CDS_CRISIS_LINE: z.string().max(200).default(US_CRISIS_LINE),
    ORDER_SESSION_MINUTES: z.coerce.number().int().min(0).max(1440).default(240),
    CORS_ORIGINS: z.string().default('').transform(csv),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(kb|mb)$/i, 'must look like 5mb or 512kb')
      .default('5mb'),
    JWKS_REFRESH_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
    TACHYWATCH_SITE_CONFIG: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    HTTP_HEADERS_TIMEOUT_MS: positiveMs(10_000),
    HTTP_REQUEST_TIMEOUT_MS: positiveMs(30_000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL connection URL (postgres://user:password@host:5432/db)')
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    DATABASE_TIMEOUT_MS: positiveMs(2000),
    SHUTDOWN_TIMEOUT_MS: positiveMs(10_000),
    CDS_JWT_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
    HOOK_WORKERS: z.coerce.number().int().min(0).max(32).default(defaultHookWorkers),
    HOOK_QUEUE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(64),
  })
  .refine((env) => env.CDS_DEADLINE_MS >= env.FHIR_TIMEOUT_MS, {
    message: 'CDS_DEADLINE_MS must be at least FHIR_TIMEOUT_MS',
    path: ['CDS_DEADLINE_MS'],
  })
  .refine((env) => env.HTTP_REQUEST_TIMEOUT_MS >= env.HTTP_HEADERS_TIMEOUT_MS, {
    message: 'HTTP_REQUEST_TIMEOUT_MS must be at least HTTP_HEADERS_TIMEOUT_MS',
    path: ['HTTP_REQUEST_TIMEOUT_MS'],
  });

export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  /** Public base URLs (no trailing slash); JWT `aud` must be one of them plus the path called. */
  readonly publicBaseUrls: readonly string[];
  readonly smartAppLaunchUrl?: string;
  readonly allowedFhirServers: readonly string[];
  readonly trustedClients: readonly TrustedClient[];
  readonly requireJwt: boolean;
  readonly fhirTimeoutMs: number;
  readonly deadlineMs: number;
  readonly fhirMaxPages: number;
  /** Decompressed bytes all FHIR responses of one hook call may total (each response at most this too). */
  readonly fhirMaxBytes: number;
  readonly feedbackDbPath: string;
  readonly suppressionDays: number;
  readonly emergingCards: boolean;
  /** Site configuration: the crisis line on a suicide-risk card (empty: none). */
  readonly crisisLine: string;
  /** How long an ordering session lasts: order-sign does not repeat what order-select showed within it. */
  readonly orderSessionMs: number;
  readonly corsOrigins: readonly string[];
  readonly bodyLimit: string;
  readonly jwksRefreshCooldownMs: number;
  readonly logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** The site configuration file (`TACHYWATCH_SITE_CONFIG`), or the defaults. */
  readonly site: SiteConfig;
  /** The thresholds every assessment uses: the site's, over the knowledge pack's defaults. */
  readonly analysis: AnalysisConfig;
  /** True when PUBLIC_BASE_URL was not set: localhost and 127.0.0.1 on the bound port are both accepted. */
  readonly publicBaseUrlsDefaulted: boolean;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  readonly metricsToken?: string;
  /** When set, /metrics is served only on this port (on `metricsHost`), not on the service port. */
  readonly metricsPort?: number;
  readonly metricsHost: string;
  /** Node's http `headersTimeout` and `requestTimeout`: a slow client cannot hold a connection longer. */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** PostgreSQL URL of the shared store; unset means the embedded SQLite store at `feedbackDbPath`. */
  readonly databaseUrl?: string;
  readonly databasePoolSize: number;
  /** Bound on each store statement and on waiting for a pooled connection. */
  readonly databaseTimeoutMs: number;
  /** After SIGTERM, how long in-flight requests may take before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** Longest accepted CDS client JWT lifetime (`exp − iat`, and `exp − now`). */
  readonly jwtMaxLifetimeSeconds: number;
  /** Worker threads for the CPU-bound part of hook calls; 0 runs it on the event loop. */
  readonly hookWorkers: number;
  /** Hook calls that may wait for a free worker before further calls get a 503. */
  readonly hookQueueLimit: number;
}

/** One hook worker per core the process may use, at least one and at most four (each holds its own heap). */
export function defaultHookWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** The public base URLs accepted when PUBLIC_BASE_URL is unset: both loopback names a tester may type. */
export function defaultPublicBaseUrls(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid Tachywatch CDS service configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses environment variables into the service configuration; throws a ConfigError listing every bad value. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ServiceConfig {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'environment'}: ${issue.message}`)
    );
  }
  const values = result.data;
  const trustedClients = [...values.CDS_TRUSTED_CLIENTS];
  if (values.CDS_TRUST_HOOKS_SANDBOX) {
    trustedClients.push({ ...CDS_HOOKS_SANDBOX_CLIENT, jku: [...CDS_HOOKS_SANDBOX_CLIENT.jku] });
  }
  const problems = trustedClients.flatMap((client) => checkJwksFile(client));
  const siteResult = loadSiteConfig(values.TACHYWATCH_SITE_CONFIG);
  if ('problem' in siteResult) problems.push(siteResult.problem);
  if (values.CDS_REQUIRE_JWT && trustedClients.length === 0) {
    problems.push(
      'CDS_TRUSTED_CLIENTS: no trusted CDS client while CDS_REQUIRE_JWT is true (set one, or CDS_TRUST_HOOKS_SANDBOX=true)'
    );
  }
  if (problems.length > 0 || 'problem' in siteResult) throw new ConfigError(problems);
  const { site } = siteResult;
  return {
    port: values.PORT,
    host: values.HOST,
    publicBaseUrls: values.PUBLIC_BASE_URL ?? defaultPublicBaseUrls(values.PORT),
    publicBaseUrlsDefaulted: values.PUBLIC_BASE_URL === undefined,
    ...(values.SMART_APP_LAUNCH_URL ? { smartAppLaunchUrl: values.SMART_APP_LAUNCH_URL } : {}),
    allowedFhirServers: values.ALLOWED_FHIR_SERVERS,
    trustedClients: trustedClients.map(loadJwksFile),
    requireJwt: values.CDS_REQUIRE_JWT,
    fhirTimeoutMs: values.FHIR_TIMEOUT_MS,
    deadlineMs: values.CDS_DEADLINE_MS,
    fhirMaxPages: values.FHIR_MAX_PAGES,
    fhirMaxBytes: values.FHIR_MAX_BYTES,
    feedbackDbPath: values.FEEDBACK_DB_PATH,
    suppressionDays: values.SUPPRESSION_DAYS,
    emergingCards: site.flags.emergingCards ?? values.CDS_EMERGING_CARDS,
    crisisLine: values.CDS_CRISIS_LINE.trim(),
    orderSessionMs: values.ORDER_SESSION_MINUTES * 60_000,
    corsOrigins: values.CORS_ORIGINS,
    bodyLimit: values.BODY_LIMIT,
    jwksRefreshCooldownMs: values.JWKS_REFRESH_COOLDOWN_MS,
    logLevel: values.LOG_LEVEL,
    site,
    analysis: toAnalysisConfig(site),
    ...(values.METRICS_TOKEN ? { metricsToken: values.METRICS_TOKEN } : {}),
    ...(values.METRICS_PORT !== undefined ? { metricsPort: values.METRICS_PORT } : {}),
    metricsHost: values.METRICS_HOST,
    headersTimeoutMs: values.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: values.HTTP_REQUEST_TIMEOUT_MS,
    ...(values.DATABASE_URL ? { databaseUrl: values.DATABASE_URL } : {}),
    databasePoolSize: values.DATABASE_POOL_SIZE,
    databaseTimeoutMs: values.DATABASE_TIMEOUT_MS,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    jwtMaxLifetimeSeconds: values.CDS_JWT_MAX_LIFETIME_SECONDS,
    hookWorkers: values.HOOK_WORKERS,
    hookQueueLimit: values.HOOK_QUEUE_LIMIT,
  };
}

function checkJwksFile(client: TrustedClient): string[] {
  if (client.jwksFile === undefined || client.jwks !== undefined) return [];
  try {
    JwksSchema.parse(JSON.parse(readFileSync(resolve(client.jwksFile), 'utf8')));
    return [];
  } catch {
    return [`CDS_TRUSTED_CLIENTS: jwksFile for ${client.iss} is not a readable JWK Set (${client.jwksFile})`];
  }
}

function loadJwksFile(client: TrustedClient): TrustedClient {
  if (client.jwksFile === undefined || client.jwks !== undefined) return client;
  const jwks = JwksSchema.parse(JSON.parse(readFileSync(resolve(client.jwksFile), 'utf8')));
  return { ...client, jwks };
}

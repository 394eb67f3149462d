import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp, createLogger, parseConfig } from '@tachywatch/cds-service';
import { REVIEW_QUESTIONNAIRE, type SiteConfig } from '@tachywatch/shared';
import express, { type Express } from 'express';
import { z } from 'zod';
import { listFixtures, loadFixtureBundle } from '@tachywatch/fixtures';
import { buildAppClient } from './app-config';
import { buildApp, isAppBuildStale } from './app-build';
import { CdsClient, createCdsClientIdentity } from './ehr/cds-client';
import { createEhrApp } from './ehr/ehr-app';
import { buildPanelGroup } from './fhir/bulk-export';
import { processBundle, ResourceStore } from '@tachywatch/fhir-core';
import { createFhirPlatform, SANDBOX_USER } from './platform';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const PortSchema = z.coerce.number().int().min(0).max(65535);
const EnvSchema = z.object({
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_EHR_PORT: PortSchema.default(4000),
  SANDBOX_FHIR_PORT: PortSchema.default(4001),
  SANDBOX_CDS_PORT: PortSchema.default(4002),
  SANDBOX_APP_PORT: PortSchema.default(4003),
});

export interface SandboxOptions {
  readonly host?: string;
  /** 0 = an ephemeral port. */
  readonly ports?: { readonly ehr: number; readonly fhir: number; readonly cds: number; readonly app: number };
  /** Build `smart-app/dist` when missing or stale (default true). */
  readonly buildApp?: boolean;
  readonly log?: (line: string) => void;
  /**
   * The site configuration file the CDS service runs on and the app is served (default: `TACHYWATCH_SITE_CONFIG`,
   * else `sandbox/site-config.json`, which turns write-back on).
   */
  readonly siteConfigPath?: string;
}

export const SANDBOX_SITE_CONFIG = join(REPO_ROOT, 'sandbox', 'site-config.json');

export interface SandboxUrls {
  readonly ehr: string;
  readonly fhir: string;
  readonly fhirOpen: string;
  readonly auth: string;
  readonly cds: string;
  /** The app's launch page, for EHR launches (the EHR adds `iss` and `launch`). */
  readonly app: string;
  /** A standalone launch of the app against the sandbox FHIR server (the auth server offers a patient picker). */
  readonly appStandalone: string;
}

export interface RunningSandbox {
  readonly urls: SandboxUrls;
  readonly store: ResourceStore;
  readonly close: () => Promise<void>;
}

function bind(port: number, host: string): Promise<{ server: Server; origin: string }> {
  return new Promise((resolveBind, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolveBind({ server, origin: `http://${host}:${address.port}` });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

/** Loads every fixture (dates re-anchored to today), the sandbox clinician and the review Questionnaire. */
export function loadSandboxData(store: ResourceStore): number {
  for (const fixture of listFixtures()) processBundle(store, loadFixtureBundle(fixture.name));
  store.put({
    resourceType: 'Practitioner',
    id: SANDBOX_USER.split('/')[1] ?? 'sandbox-clinician',
    name: [{ family: 'Clinician', given: ['Sandbox'] }],
  } as fhir4.Practitioner & { id: string });
  store.put(buildPanelGroup(listFixtures().map((fixture) => fixture.patientId)));
  // The Questionnaire the app's documented reviews answer, published as an EHR would hold it.
  store.put({ ...REVIEW_QUESTIONNAIRE, id: REVIEW_QUESTIONNAIRE.id ?? 'tachyphylaxis-review' });
  return listFixtures().length;
}

/** The built app, with the site configuration the CDS service runs on served beside its `smart-config.json`. */
function createStaticApp(directory: string, site: SiteConfig): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/site-config.json', (_req, res) => {
    res.set('cache-control', 'no-store').json(site);
  });
  app.use(express.static(directory, { index: 'index.html' }));
  return app;
}

/**
 * Starts the offline sandbox on 127.0.0.1: FHIR + SMART auth, the CDS service (trusting the mini EHR's key), the
 * built SMART app and the mini EHR. Every port is bound first, so every part knows every URL (ports may be 0).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const ports = options.ports ?? { ehr: 4000, fhir: 4001, cds: 4002, app: 4003 };
  const log = options.log ?? ((line: string): void => void process.stdout.write(`${line}\n`));
  if ((options.buildApp ?? true) && isAppBuildStale(REPO_ROOT)) {
    try {
      await buildApp(REPO_ROOT, log);
    } catch (error) {
      // A stale app is still useful for working on the other parts; no app at all is not.
      if (!existsSync(join(REPO_ROOT, 'smart-app', 'dist', 'index.html'))) throw error;
      log(`WARNING: ${error instanceof Error ? error.message : String(error)}\nServing the previous build of the app.`);
    }
  }

  const bound = await Promise.all([ports.ehr, ports.fhir, ports.cds, ports.app].map((port) => bind(port, host)));
  const [ehr, fhir, cds, appServer] = bound as [
    (typeof bound)[0],
    (typeof bound)[0],
    (typeof bound)[0],
    (typeof bound)[0],
  ];
  try {
    const store = new ResourceStore();
    const patients = loadSandboxData(store);
    const platform = await createFhirPlatform({ store, getOrigin: () => fhir.origin });
    const appDist = join(REPO_ROOT, 'smart-app', 'dist');
    const appClient = buildAppClient(join(appDist, 'smart-config.json'), appServer.origin, `${fhir.origin}/fhir`);
    platform.auth.registerClient(appClient);
    fhir.server.on('request', platform.app);

    const identity = await createCdsClientIdentity(ehr.origin);
    const cdsConfig = parseConfig({
      PORT: String(new URL(cds.origin).port),
      HOST: host,
      PUBLIC_BASE_URL: cds.origin,
      SMART_APP_LAUNCH_URL: `${appServer.origin}/launch.html`,
      ALLOWED_FHIR_SERVERS: `${fhir.origin}/fhir,${fhir.origin}/fhir-open`,
      CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss: ehr.origin, jwks: identity.jwks }]),
      CDS_TRUST_HOOKS_SANDBOX: 'true',
      FEEDBACK_DB_PATH: ':memory:',
      CORS_ORIGINS: '*',
      LOG_LEVEL: process.env.SANDBOX_CDS_LOG_LEVEL ?? 'warn',
      TACHYWATCH_SITE_CONFIG: options.siteConfigPath ?? process.env.TACHYWATCH_SITE_CONFIG ?? SANDBOX_SITE_CONFIG,
    });
    const cdsApp = createApp({ config: cdsConfig, logger: createLogger(cdsConfig.logLevel) });
    cds.server.on('request', cdsApp.app);
    appServer.server.on('request', createStaticApp(appDist, cdsConfig.site));
    ehr.server.on(
      'request',
      createEhrApp({
        getFhirOrigin: () => fhir.origin,
        auth: platform.auth,
        cds: new CdsClient(identity, () => cds.origin),
        identity,
        userId: SANDBOX_USER,
        appLaunchUrl: `${appServer.origin}/launch.html`,
        patientLabels: new Map(listFixtures().map((fixture) => [fixture.patientId, fixture.title])),
        panel: {
          registryFile: process.env.SANDBOX_REGISTRY_FILE ?? join(REPO_ROOT, '.data', 'registry', 'registry.ndjson'),
          appLaunchUrl: `${appServer.origin}/launch.html`,
        },
      })
    );

    const urls: SandboxUrls = {
      ehr: ehr.origin,
      fhir: `${fhir.origin}/fhir`,
      fhirOpen: `${fhir.origin}/fhir-open`,
      auth: `${fhir.origin}/auth`,
      cds: `${cds.origin}/cds-services`,
      app: `${appServer.origin}/launch.html`,
      appStandalone: `${appServer.origin}/launch.html?iss=${encodeURIComponent(`${fhir.origin}/fhir`)}`,
    };
    log(`Tachywatch mini EHR: ${urls.ehr}  <- open this (patients, cards, the Tachywatch app from any chart)`);
    log('');
    log(`Sandbox (development only, ${patients} fixture patients, ${store.count()} resources):`);
    log(`  Mini EHR                   ${urls.ehr}`);
    log(`  App, standalone launch     ${urls.appStandalone}  (pick a patient)`);
    log(`  App, EHR launch URL        ${urls.app}  (client_id ${appClient.clientId}; needs iss and launch)`);
    log(`  CDS service (discovery)    ${urls.cds}`);
    log(`  FHIR R4 (SMART)            ${urls.fhir}`);
    log(`  FHIR R4 (open)             ${urls.fhirOpen}`);
    log(`  SMART auth                 ${urls.auth}`);
    return {
      urls,
      store,
      close: async () => {
        await Promise.all(bound.map(({ server }) => closeServer(server)));
        await cdsApp.close();
      },
    };
  } catch (error) {
    await Promise.all(bound.map(({ server }) => closeServer(server)));
    throw error;
  }
}

async function main(): Promise<void> {
  const env = EnvSchema.safeParse(process.env);
  if (!env.success) {
    process.stderr.write(`Invalid sandbox configuration:\n${z.prettifyError(env.error)}\n`);
    process.exit(1);
  }
  const sandbox = await startSandbox({
    host: env.data.SANDBOX_HOST,
    ports: {
      ehr: env.data.SANDBOX_EHR_PORT,
      fhir: env.data.SANDBOX_FHIR_PORT,
      cds: env.data.SANDBOX_CDS_PORT,
      app: env.data.SANDBOX_APP_PORT,
    },
  });
  const shutdown = (): void => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
    setTimeout(() => process.exit(1), 5000).unref();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

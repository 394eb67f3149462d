import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { build } from 'vite';
import { listFixtures, loadFixtureBundle } from '../../../fixtures/src/load';
import { createFhirPlatform } from '../../../sandbox/src/platform';
import { processBundle, ResourceStore } from '@tachywatch/fhir-core';
import { listen } from '../../../sandbox/src/support/listen';
import type { RunningServer } from '../../../sandbox/src/support/listen';

const APP_CONFIG = fileURLToPath(new URL('../../../smart-app/vite.config.ts', import.meta.url));
export const E2E_CLIENT_ID = 'tachywatch-e2e';

/** Builds the SMART app (the production bundle) into a fresh temporary folder. */
export async function buildApp(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'tachywatch-app-'));
  await build({ configFile: APP_CONFIG, logLevel: 'error', build: { outDir: dir, emptyOutDir: true } });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface LaunchOptions {
  readonly fixture: string;
  readonly appContext?: Record<string, unknown>;
  readonly needPatientBanner?: boolean;
  readonly simulateError?:
    'auth_invalid_client_id' | 'auth_invalid_scope' | 'token_invalid_token' | 'request_expired_token';
}

export interface AppSandbox {
  /** Origin of the FHIR server, the SMART authorization server and the EHR frame page. */
  readonly ehrOrigin: string;
  readonly fhirBase: string;
  /** Origin the built app is served from (a different origin, as with a real EHR). */
  readonly appOrigin: string;
  /** Mints a launch for the fixture's patient and returns the app's launch URL with `iss` and `launch`. */
  buildLaunchUrl(options: LaunchOptions): Promise<string>;
  /** A page of the "EHR" that embeds the given URLs in iframes with the sandbox attributes of an EHR. */
  buildEhrFrameUrl(urls: readonly string[]): string;
  close(): Promise<void>;
}

/** The patient id of a committed fixture. */
export function getFixturePatientId(name: string): string {
  const fixture = listFixtures().find((entry) => entry.name === name);
  if (!fixture) {
    throw new Error(`Unknown fixture ${name}`);
  }
  return fixture.patientId;
}

const FRAME_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads';

/**
 * The sandbox's FHIR + SMART platform loaded with the named fixtures (anchored on today, as the app assesses with
 * the real clock), plus a static server for the built app whose `smart-config.json` registers the platform's issuer.
 */
export async function startAppSandbox(options: {
  readonly fixtures: readonly string[];
  readonly appDir: string;
}): Promise<AppSandbox> {
  const store = new ResourceStore();
  const anchor = new Date().toISOString().slice(0, 10);
  for (const name of options.fixtures) {
    processBundle(store, loadFixtureBundle(name, { anchor }));
  }
  const listening: { server?: RunningServer } = {};
  const getOrigin = (): string => {
    if (!listening.server) {
      throw new Error('The platform is not listening yet');
    }
    return listening.server.url;
  };
  const platform = await createFhirPlatform({ store, getOrigin });
  const outer = express();
  outer.get('/ehr-frames', (req, res) => {
    const urls = (typeof req.query.urls === 'string' ? req.query.urls : '').split('|').filter(Boolean);
    const frames = urls
      .map(
        (url, index) =>
          `<iframe title="Tachywatch ${index + 1}" name="app-${index + 1}" src="${url.replace(/"/g, '&quot;')}" sandbox="${FRAME_SANDBOX}" style="width:100%;height:900px;border:1px solid #888"></iframe>`
      )
      .join('\n');
    res
      .type('html')
      .send(
        `<!doctype html><html lang="en"><head><title>Mini EHR</title></head><body><h1>Chart</h1>${frames}</body></html>`
      );
  });
  outer.use(platform.app);
  const ehr = await listen(outer, 0);
  listening.server = ehr;
  const fhirBase = `${ehr.url}/fhir`;

  const appServer = express();
  appServer.get('/smart-config.json', (_req, res) => {
    res.json({ issuers: [{ iss: fhirBase, clientId: E2E_CLIENT_ID, redirectUri: 'index.html' }] });
  });
  appServer.use(express.static(options.appDir));
  const app = await listen(appServer, 0);
  platform.auth.registerClient({
    clientId: E2E_CLIENT_ID,
    name: 'Tachywatch (e2e)',
    redirectUris: [`${app.url}/index.html`],
  });

  const ehrOrigin = ehr.url;
  return {
    ehrOrigin,
    fhirBase,
    appOrigin: app.url,
    async buildLaunchUrl(launch) {
      const response = await fetch(`${ehrOrigin}/auth/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          patient: getFixturePatientId(launch.fixture),
          ...(launch.appContext ? { appContext: JSON.stringify(launch.appContext) } : {}),
          ...(launch.needPatientBanner !== undefined ? { needPatientBanner: launch.needPatientBanner } : {}),
          ...(launch.simulateError ? { simulateError: launch.simulateError } : {}),
        }),
      });
      if (!response.ok) {
        throw new Error(`POST /auth/launch failed: ${response.status} ${await response.text()}`);
      }
      const { launch: launchId } = (await response.json()) as { launch: string };
      const url = new URL(`${app.url}/launch.html`);
      url.searchParams.set('iss', fhirBase);
      url.searchParams.set('launch', launchId);
      return url.href;
    },
    buildEhrFrameUrl(urls) {
      return `${ehrOrigin}/ehr-frames?urls=${encodeURIComponent(urls.join('|'))}`;
    },
    async close() {
      await Promise.all([app.close(), ehr.close()]);
    },
  };
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServer } from '../auth/auth-server';
import { listen, type RunningServer } from '../support/listen';
import { registerPanelRoutes } from './panel';

let server: RunningServer;
let dir: string;
const row = (patientId: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    patientId,
    status: 'possible',
    item9: false,
    drug: 'sertraline',
    dailyDoseMg: 100,
    phq9Path: '19 (2025-01-01) → 4 (2025-03-01) → 12 (2025-12-01) → 14 (2025-12-20)',
    confoundersPresent: [],
    meetsTrd: false,
    reason: 'Possible loss of response to sertraline',
    ...over,
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tw-panel-'));
  writeFileSync(
    join(dir, 'registry.ndjson'),
    [
      row('p-item9', { item9: true, reason: '<script>alert(1)</script>' }),
      '{not json',
      row('bad id with spaces'),
      row('p-2'),
    ].join('\n')
  );
  const auth = await createAuthServer({
    getFhirBase: () => 'http://127.0.0.1:9/fhir',
    getIssuer: () => 'http://127.0.0.1:9/auth',
    listPatients: () => [],
    defaultUser: 'Practitioner/x',
  });
  const app = express();
  registerPanelRoutes(app, {
    registryFile: join(dir, 'registry.ndjson'),
    appLaunchUrl: 'http://127.0.0.1:9/launch.html',
    getFhirOrigin: () => 'http://127.0.0.1:9',
    auth,
    userId: 'Practitioner/x',
  });
  registerPanelRoutes((app.locals.other = express()), {
    registryFile: join(dir, 'missing.ndjson'),
    appLaunchUrl: 'http://127.0.0.1:9/launch.html',
    getFhirOrigin: () => 'http://127.0.0.1:9',
    auth,
    userId: 'Practitioner/x',
  });
  app.use('/empty', app.locals.other as express.Express);
  server = await listen(app, 0);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mini EHR Panel page', () => {
  it('lists the registry rows most urgent first, escaped, skipping unreadable rows, with a launch per row', async () => {
    const html = await (await fetch(`${server.url}/panel`)).text();
    expect(html).toContain('item 9 positive');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html.indexOf('p-item9')).toBeLessThan(html.indexOf('p-2'));
    expect(html).toContain('2 unreadable row(s) skipped');
    expect(html.match(/action="\/panel\/launch"/g)).toHaveLength(2);
  });

  it('launches the app for a row (EHR launch with iss and launch) and refuses a malformed patient id', async () => {
    const launched = await fetch(`${server.url}/panel/launch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'patient=p-2',
      redirect: 'manual',
    });
    expect(launched.status).toBe(303);
    const target = new URL(launched.headers.get('location') ?? '');
    expect(target.origin + target.pathname).toBe('http://127.0.0.1:9/launch.html');
    expect(target.searchParams.get('iss')).toBe('http://127.0.0.1:9/fhir');
    expect(target.searchParams.get('launch')).toBeTruthy();
    const refused = await fetch(`${server.url}/panel/launch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'patient=../x',
      redirect: 'manual',
    });
    expect(refused.status).toBe(400);
  });

  it('explains how to build the registry when there is none yet', async () => {
    const html = await (await fetch(`${server.url}/empty/panel`)).text();
    expect(html).toContain('No registry yet');
    expect(html).toContain('npm run registry');
  });
});

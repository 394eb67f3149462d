import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_QUESTIONNAIRE_URL, REVIEW_QUESTIONNAIRE_VERSION } from '@tachywatch/shared';
import { listFixtures } from '@tachywatch/fixtures';
import { CdsClient, createCdsClientIdentity } from './ehr/cds-client';
import { startSandbox, type RunningSandbox } from './start';

let sandbox: RunningSandbox;
const lines: string[] = [];
let startupMs = 0;

beforeAll(async () => {
  const started = performance.now();
  sandbox = await startSandbox({
    ports: { ehr: 0, fhir: 0, cds: 0, app: 0 },
    buildApp: false,
    log: (line) => lines.push(line),
  });
  startupMs = performance.now() - started;
}, 30_000);
afterAll(() => sandbox.close());

describe('startSandbox (npm start)', () => {
  it('brings everything up on 127.0.0.1 within 30 s and prints each URL', () => {
    expect(startupMs).toBeLessThan(30_000);
    const printed = lines.join('\n');
    for (const url of Object.values(sandbox.urls)) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(printed).toContain(url);
    }
    expect(lines[0]).toContain(sandbox.urls.ehr);
    expect(new URL(sandbox.urls.appStandalone).searchParams.get('iss')).toBe(sandbox.urls.fhir);
  });

  it('serves the fixtures over FHIR with SMART discovery', async () => {
    const fixture = listFixtures()[0];
    const patient = await fetch(`${sandbox.urls.fhirOpen}/Patient/${fixture?.patientId ?? ''}`);
    expect(patient.status).toBe(200);
    const config = (await (await fetch(`${sandbox.urls.fhir}/.well-known/smart-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(config.authorization_endpoint).toBe(`${sandbox.urls.auth}/authorize`);
    expect((await fetch(`${sandbox.urls.fhir}/Patient/${fixture?.patientId ?? ''}`)).status).toBe(401);
  });

  it('runs the CDS service trusting only signed clients', async () => {
    expect((await fetch(sandbox.urls.cds)).status).toBe(401);
    const stranger = new CdsClient(await createCdsClientIdentity(sandbox.urls.ehr), () =>
      sandbox.urls.cds.replace(/\/cds-services$/, '')
    );
    await expect(stranger.fetchDiscovery()).rejects.toThrow(/401/);
  });

  it('serves the CDS service site configuration beside the app smart-config.json, write-back on', async () => {
    const response = await fetch(new URL('site-config.json', sandbox.urls.app));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      schemaVersion: 1,
      version: 'sandbox-1',
      thresholds: {},
      flags: { residualDriftCard: false, writeBack: true },
    });
  });

  it('publishes the review Questionnaire on its canonical URL', async () => {
    const bundle = (await (
      await fetch(`${sandbox.urls.fhirOpen}/Questionnaire?url=${encodeURIComponent(REVIEW_QUESTIONNAIRE_URL)}`)
    ).json()) as fhir4.Bundle;
    expect(bundle.entry?.map((entry) => entry.resource)).toEqual([
      expect.objectContaining({ url: REVIEW_QUESTIONNAIRE_URL, version: REVIEW_QUESTIONNAIRE_VERSION }),
    ]);
  });

  it('serves the mini EHR patient list', async () => {
    const response = await fetch(sandbox.urls.ehr);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const fixture of listFixtures()) expect(html).toContain(`/patients/${fixture.patientId}`);
  });

  it('closes every port on close()', async () => {
    const probe = await startSandbox({
      ports: { ehr: 0, fhir: 0, cds: 0, app: 0 },
      buildApp: false,
      log: () => undefined,
    });
    await probe.close();
    await expect(fetch(probe.urls.ehr)).rejects.toThrow();
    await expect(fetch(probe.urls.fhir + '/metadata')).rejects.toThrow();
  });
});

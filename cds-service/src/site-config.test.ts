import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CdsServiceResponseSchema } from '@tachywatch/shared';
import { FIXTURE_ANCHOR, listFixtures, loadFixtureBundle } from '@tachywatch/fixtures';
import { ConfigError, parseConfig } from './config';
import { loadSiteConfig } from './site-config';
import { buildFullPrefetch, buildHookRequest, toServerResources } from './testing/fixture-requests';
import { callService } from './testing/harness';
import { startTestApp, type RunningApp } from './testing/start-app';

const TRUSTED = JSON.stringify([{ iss: 'https://ehr.example.org', jku: ['https://ehr.example.org/jwks'] }]);
const dir = mkdtempSync(join(tmpdir(), 'tachywatch-site-'));

function writeSite(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function problemsOf(path: string): readonly string[] {
  try {
    parseConfig({ CDS_TRUSTED_CLIENTS: TRUSTED, TACHYWATCH_SITE_CONFIG: path });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('TACHYWATCH_SITE_CONFIG', () => {
  it('uses the knowledge pack defaults without the variable', () => {
    const config = parseConfig({ CDS_TRUSTED_CLIENTS: TRUSTED });
    expect(config.site.version).toBe('default');
    expect(config.analysis.thresholds.confirmationMinDays).toBe(14);
  });

  it('reads the thresholds and flags of a valid file; the file flag wins over CDS_EMERGING_CARDS', () => {
    const path = writeSite('ok.json', {
      schemaVersion: 1,
      version: 'site-7',
      thresholds: { confirmationMinDays: 28 },
      flags: { emergingCards: false },
    });
    const config = parseConfig({
      CDS_TRUSTED_CLIENTS: TRUSTED,
      TACHYWATCH_SITE_CONFIG: path,
      CDS_EMERGING_CARDS: 'true',
    });
    expect(config.site.version).toBe('site-7');
    expect(config.analysis.thresholds.confirmationMinDays).toBe(28);
    expect(config.emergingCards).toBe(false);
  });

  it.each<[string, string, RegExp]>([
    ['a missing file', join(dir, 'absent.json'), /TACHYWATCH_SITE_CONFIG: .*absent\.json cannot be read/],
    ['a file that is not JSON', writeSite('bad.json', '{ thresholds: '), /bad\.json is not valid JSON/],
    [
      'an invalid field',
      writeSite('field.json', { schemaVersion: 1, version: 'v', thresholds: { adherencePdcMin: 80 } }),
      /field\.json is invalid: thresholds\.adherencePdcMin/,
    ],
  ])('refuses to start with %s, naming the variable and the path', (_name, path, message) => {
    const problems = problemsOf(path);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('accepts the documented example file', () => {
    const example = loadSiteConfig(new URL('../site-config.example.json', import.meta.url).pathname);
    expect(example).toEqual({ site: expect.objectContaining({ version: '2026-12-01.1' }) });
  });

  it('accepts the default file the app build ships (smart-app/public/site-config.json): the defaults', () => {
    const shipped = loadSiteConfig(new URL('../../smart-app/public/site-config.json', import.meta.url).pathname);
    expect(shipped).toEqual({ site: expect.objectContaining({ version: 'default', thresholds: {} }) });
  });

  it('loadSiteConfig treats an empty variable as unset', () => {
    expect(loadSiteConfig('  ')).toEqual({ site: expect.objectContaining({ version: 'default' }) });
  });
});

describe('the site thresholds reach the cards over HTTP', () => {
  const fixture = listFixtures().find((entry) => entry.name === 'classic-ssri-tachyphylaxis');
  let service: RunningApp;

  beforeAll(async () => {
    const path = writeSite('slow-confirmation.json', {
      schemaVersion: 1,
      version: 'slow',
      thresholds: { confirmationMinDays: 60 },
      flags: { emergingCards: true },
    });
    service = await startTestApp(
      { CDS_REQUIRE_JWT: 'false', TACHYWATCH_SITE_CONFIG: path },
      { now: () => new Date(`${FIXTURE_ANCHOR}T12:00:00Z`) }
    );
  });

  afterAll(async () => {
    await service.stop();
  });

  it('a site that confirms only after 60 days turns the classic warning into an emerging-pattern card', async () => {
    expect(fixture).toBeDefined();
    const patientId = fixture?.patientId ?? '';
    const resources = toServerResources(loadFixtureBundle('classic-ssri-tachyphylaxis', { anchor: FIXTURE_ANCHOR }));
    const response = await callService(service.baseUrl, '/cds-services/tachyphylaxis-patient-view', {
      body: buildHookRequest('patient-view', patientId, {
        prefetch: buildFullPrefetch('tachyphylaxis-patient-view', resources, patientId),
      }),
    });
    expect(response.status, response.text).toBe(200);
    const cards = CdsServiceResponseSchema.parse(response.json).cards;
    const tachyphylaxis = cards.filter((card) => card.source.topic?.code === 'antidepressant-tachyphylaxis');
    expect(tachyphylaxis.map((card) => card.indicator)).toEqual(['info']);
  });

  it('the residual-drift flag of the file turns on the residual-symptom drift card (off by default)', async () => {
    const drift = listFixtures().find((entry) => entry.name === 'residual-symptom-drift');
    const patientId = drift?.patientId ?? '';
    const resources = toServerResources(loadFixtureBundle('residual-symptom-drift', { anchor: FIXTURE_ANCHOR }));
    const topicsWith = async (app: RunningApp): Promise<(string | undefined)[]> => {
      const response = await callService(app.baseUrl, '/cds-services/tachyphylaxis-patient-view', {
        body: buildHookRequest('patient-view', patientId, {
          prefetch: buildFullPrefetch('tachyphylaxis-patient-view', resources, patientId),
        }),
      });
      return CdsServiceResponseSchema.parse(response.json).cards.map((card) => card.source.topic?.code);
    };
    expect(await topicsWith(service)).not.toContain('residual-symptom-drift');
    const path = writeSite('drift.json', { schemaVersion: 1, version: 'drift', flags: { residualDriftCard: true } });
    const withFlag = await startTestApp(
      { CDS_REQUIRE_JWT: 'false', TACHYWATCH_SITE_CONFIG: path },
      { now: () => new Date(`${FIXTURE_ANCHOR}T12:00:00Z`) }
    );
    try {
      expect(await topicsWith(withFlag)).toContain('residual-symptom-drift');
    } finally {
      await withFlag.stop();
    }
  });
});

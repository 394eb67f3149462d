import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtureBundle } from '../../fixtures/src/load';
import { buildApp, startAppSandbox } from './support/app-sandbox';
import type { AppSandbox } from './support/app-sandbox';
import { browserAvailable, launchBrowser } from './support/browser';

function getPatientName(fixture: string): string {
  const patient = loadFixtureBundle(fixture).entry?.find((entry) => entry.resource?.resourceType === 'Patient')
    ?.resource as fhir4.Patient | undefined;
  const name = patient?.name?.[0];
  return name?.text ?? [...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
}

describe.runIf(browserAvailable)('SMART app inside an EHR frame', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let sandbox: AppSandbox;
  let browser: Browser;

  beforeAll(async () => {
    app = await buildApp();
    sandbox = await startAppSandbox({
      fixtures: ['classic-ssri-tachyphylaxis', 'trd-three-failed-trials'],
      appDir: app.dir,
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    app?.remove();
  });

  it('completes authorization inside a sandboxed iframe (completeInTarget)', async () => {
    const page = await browser.newPage();
    const launchUrl = await sandbox.buildLaunchUrl({ fixture: 'classic-ssri-tachyphylaxis' });
    await page.goto(sandbox.buildEhrFrameUrl([launchUrl]));
    const frame = page.frameLocator('iframe[name="app-1"]');
    await frame.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 20_000 });
    await expect(frame.getByRole('region', { name: 'Summary' }).textContent()).resolves.toMatch(/sertraline/i);
    expect(new URL(page.url()).origin).toBe(sandbox.ehrOrigin);
    await page.close();
  });

  it('never shows one launch’s patient in another when two run at once in frames of one tab', async () => {
    const page = await browser.newPage();
    const [first, second] = await Promise.all([
      sandbox.buildLaunchUrl({ fixture: 'classic-ssri-tachyphylaxis', needPatientBanner: true }),
      sandbox.buildLaunchUrl({ fixture: 'trd-three-failed-trials', needPatientBanner: true }),
    ]);
    await page.goto(sandbox.buildEhrFrameUrl([first, second]));
    const frames = [page.frameLocator('iframe[name="app-1"]'), page.frameLocator('iframe[name="app-2"]')] as const;
    await Promise.all(
      frames.map((frame) => frame.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 30_000 }))
    );

    const names = [getPatientName('classic-ssri-tachyphylaxis'), getPatientName('trd-three-failed-trials')];
    const banners = await Promise.all(
      frames.map((frame) => frame.getByRole('complementary', { name: 'Patient' }).textContent())
    );
    expect(banners[0]).toContain(names[0]);
    expect(banners[0]).not.toContain(names[1]);
    expect(banners[1]).toContain(names[1]);
    expect(banners[1]).not.toContain(names[0]);

    // Reloading each frame keeps its own session (the state key stays in its own URL, not in shared storage).
    for (const name of ['app-1', 'app-2']) {
      const frame = page.frame({ name });
      expect(frame?.url()).toContain('state=');
      await frame?.goto(frame.url());
    }
    await Promise.all(
      frames.map((frame) => frame.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 30_000 }))
    );
    const resistance = await frames[1].getByRole('region', { name: 'Treatment resistance' }).textContent();
    expect(resistance).toContain('Meets the definition');
    const reloaded = await frames[0].getByRole('complementary', { name: 'Patient' }).textContent();
    expect(reloaded).toContain(names[0]);
    await page.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFixtures } from '../../fixtures/src/load';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start';
import { browserAvailable, launchBrowser } from './support/browser';

function getPatientId(name: string): string {
  const fixture = listFixtures().find((candidate) => candidate.name === name);
  if (!fixture) throw new Error(`Fixture ${name} is missing`);
  return fixture.patientId;
}

const CLASSIC = getPatientId('classic-ssri-tachyphylaxis');
const ITEM_9 = getPatientId('positive-item-9');
const NO_DATA = getPatientId('no-relevant-data');

describe.runIf(browserAvailable)('sandbox: mini EHR → CDS card → SMART app (headless Chromium)', () => {
  let sandbox: RunningSandbox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sandbox = await startSandbox({ ports: { ehr: 0, fhir: 0, cds: 0, app: 0 }, log: () => undefined });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  const cards = (): ReturnType<Page['locator']> =>
    page.locator('[aria-label="CDS cards"] article[aria-label="CDS card"]');

  async function openChart(patientId: string): Promise<void> {
    await page.goto(sandbox.urls.ehr);
    await page.locator(`a[href="/patients/${patientId}"]`).click();
    await page.getByRole('heading', { name: 'Decision support' }).waitFor();
  }

  it('shows the warning card with the PHQ-9 change and launches the app for that patient in a frame', async () => {
    await openChart(CLASSIC);
    const warning = cards().filter({ hasText: 'PHQ-9' }).and(page.locator('[data-indicator="warning"]'));
    await expect(warning.count()).resolves.toBe(1);
    const summary = await warning.locator('h3').innerText();
    expect(summary).toMatch(/Possible loss of response to .+: PHQ-9 \d+ → \d+/);
    const drug = /response to ([a-z]+)/.exec(summary)?.[1] ?? '';
    expect(drug).not.toBe('');
    await expect(page.getByRole('heading', { name: 'PHQ-9 scores' }).isVisible()).resolves.toBe(true);

    await warning.getByRole('button', { name: /Tachywatch/ }).click();
    const frame = page.frameLocator('iframe[title="Tachywatch app"]');
    await frame.getByRole('heading', { name: 'Timeline' }).waitFor({ timeout: 30_000 });
    await frame.getByRole('heading', { name: 'Assessment' }).waitFor();
    const appText = await frame.locator('body').innerText();
    expect(appText).toMatch(/PHQ-9/);
    expect(appText.toLowerCase()).toContain(drug);
    const launched = page.frames().find((candidate) => candidate.url().includes('/index.html'));
    expect(launched?.url()).toContain(new URL(sandbox.urls.app).origin);
  });

  it('sends override feedback with a reason, after which reopening the chart raises no card again', async () => {
    await openChart(CLASSIC);
    const warning = cards().and(page.locator('[data-indicator="warning"]')).first();
    await warning.getByText('Override…').click();
    const override = warning.locator('form[aria-label="Override"]');
    await override.locator('select[name="reason"]').selectOption({ index: 1 });
    await override.locator('input[name="comment"]').fill('Reviewed with the patient today');
    await override.getByRole('button', { name: 'Override' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('card overridden');

    await openChart(CLASSIC);
    await expect(cards().and(page.locator('[data-indicator="warning"]')).count()).resolves.toBe(0);
    await expect(page.locator('[aria-label="Silenced cards"]').innerText()).resolves.toMatch(
      /1 card silenced \(.+, \d{1,2} [A-Z][a-z]{2} \d{4}\) — show/
    );
  });

  it('shows a critical card for the positive item-9 patient, with prefetch and with fhirAuthorization', async () => {
    await openChart(ITEM_9);
    await expect(cards().and(page.locator('[data-indicator="critical"]')).count()).resolves.toBeGreaterThan(0);
    await page.getByRole('link', { name: 'No prefetch, fhirAuthorization token' }).click();
    await page.getByRole('heading', { name: 'Decision support' }).waitFor();
    expect(page.url()).toContain('mode=fhir-authorization');
    await expect(cards().and(page.locator('[data-indicator="critical"]')).count()).resolves.toBeGreaterThan(0);
  });

  it('shows no card for the patient without relevant data', async () => {
    await openChart(NO_DATA);
    await expect(cards().count()).resolves.toBe(0);
    await expect(page.locator('[aria-label="CDS cards"]').innerText()).resolves.toContain('No cards.');
  });
});

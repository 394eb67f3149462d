// Refreshes the screenshots in docs/ from the running sandbox (npm run docs:screenshots). Needs /usr/bin/chromium.
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { listFixtures } from '../fixtures/src/load';
import { startSandbox } from '../sandbox/src/start';
import { launchBrowser } from '../test/e2e/support/browser';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));

function getPatientId(name: string): string {
  const fixture = listFixtures().find((candidate) => candidate.name === name);
  if (!fixture) throw new Error(`Fixture ${name} is missing`);
  return fixture.patientId;
}

async function openChart(
  browser: Browser,
  ehr: string,
  patientId: string,
  width: number,
  height: number
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${ehr}/patients/${patientId}`);
  await page.getByRole('heading', { name: 'Decision support' }).waitFor();
  return page;
}

/** The app, opened from the chart's app menu, as a top-level page (so the whole review fits in one screenshot). */
async function openApp(page: Page, chart = true): Promise<void> {
  const frame = await page.evaluate<string>(
    `fetch(location.pathname + '/apps/tachywatch', { method: 'POST' }).then((response) => response.text())`
  );
  const src = (/<iframe[^>]+src="([^"]+)"/.exec(frame)?.[1] ?? '').replace(/&amp;/g, '&');
  await page.goto(src);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor({ timeout: 30_000 });
  if (chart) await page.locator('.timeline-chart__svg').waitFor({ timeout: 30_000 });
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ ports: { ehr: 0, fhir: 0, cds: 0, app: 0 }, log: () => undefined });
  const browser = await launchBrowser();
  try {
    const chart = await openChart(browser, sandbox.urls.ehr, getPatientId('classic-ssri-tachyphylaxis'), 1366, 768);
    await chart.screenshot({ path: `${DOCS}screenshot-ehr-card.png` });
    await openApp(chart);
    await chart.setViewportSize({ width: 1280, height: 1400 });
    await chart.screenshot({ path: `${DOCS}screenshot-classic-tachyphylaxis.png` });
    const trd = await openChart(browser, sandbox.urls.ehr, getPatientId('trd-three-failed-trials'), 1280, 1400);
    await openApp(trd);
    await trd.locator('#section-resistance').scrollIntoViewIfNeeded();
    await trd.screenshot({ path: `${DOCS}screenshot-trd.png` });
    const phone = await openChart(browser, sandbox.urls.ehr, getPatientId('classic-ssri-tachyphylaxis'), 390, 844);
    await openApp(phone, false);
    await phone.screenshot({ path: `${DOCS}screenshot-phone.png`, fullPage: false });
  } finally {
    await browser.close();
    await sandbox.close();
  }
}

await main();

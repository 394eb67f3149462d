// Refreshes the screenshots in docs/ from the running sandbox (npm run docs:screenshots). Needs /usr/bin/chromium.
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startSandbox } from '../sandbox/src/start';
import { launchBrowser } from '../test/e2e/support/browser';
import { getPatientId, openAppTopLevel, openChart } from '../test/e2e/support/mini-ehr';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));

async function openChartAt(
  browser: Browser,
  ehr: string,
  patientId: string,
  width: number,
  height: number
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await context.newPage();
  await openChart(page, ehr, patientId);
  return page;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ ports: { ehr: 0, fhir: 0, cds: 0, app: 0 }, log: () => undefined });
  const browser = await launchBrowser();
  try {
    const chart = await openChartAt(browser, sandbox.urls.ehr, getPatientId('classic-ssri-tachyphylaxis'), 1366, 768);
    await chart.screenshot({ path: `${DOCS}screenshot-ehr-card.png` });
    await openAppTopLevel(chart, { chart: true });
    await chart.setViewportSize({ width: 1280, height: 1400 });
    await chart.screenshot({ path: `${DOCS}screenshot-classic-tachyphylaxis.png` });
    const trd = await openChartAt(browser, sandbox.urls.ehr, getPatientId('trd-three-failed-trials'), 1280, 1400);
    await openAppTopLevel(trd, { chart: true });
    await trd.evaluate(`document.getElementById('section-resistance').scrollIntoView()`);
    await trd.screenshot({ path: `${DOCS}screenshot-trd.png` });
    const phone = await openChartAt(browser, sandbox.urls.ehr, getPatientId('classic-ssri-tachyphylaxis'), 390, 844);
    await openAppTopLevel(phone);
    await phone.evaluate(`document.getElementById('section-timeline').scrollIntoView()`);
    await phone.screenshot({ path: `${DOCS}screenshot-phone.png`, fullPage: false });
  } finally {
    await browser.close();
    await sandbox.close();
  }
}

await main();

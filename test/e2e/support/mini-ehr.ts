import type { Page } from 'playwright-core';
import { listFixtures } from '../../../fixtures/src/load';

/** The id of a fixture patient loaded in the sandbox. */
export function getPatientId(name: string): string {
  const fixture = listFixtures().find((candidate) => candidate.name === name);
  if (!fixture) throw new Error(`Fixture ${name} is missing`);
  return fixture.patientId;
}

/** Opens a patient's chart in the mini EHR and waits for its decision-support section. */
export async function openChart(page: Page, ehrOrigin: string, patientId: string): Promise<void> {
  await page.goto(`${ehrOrigin}/patients/${patientId}`);
  await page.getByRole('heading', { name: 'Decision support' }).waitFor();
}

/**
 * Launches the app from the open chart's app menu and opens it as a top-level page (not in the chart's frame), so
 * viewport, print and screenshots apply to the app itself. With `chart`, waits until the timeline is drawn.
 */
export async function openAppTopLevel(page: Page, options: { chart?: boolean } = {}): Promise<void> {
  const framePage = await page.evaluate<string>(
    `fetch(location.pathname + '/apps/tachywatch', { method: 'POST' }).then((response) => response.text())`
  );
  const src = (/<iframe[^>]+src="([^"]+)"/.exec(framePage)?.[1] ?? '').replace(/&amp;/g, '&');
  if (!src) throw new Error('The chart did not launch the app');
  await page.goto(src);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor({ timeout: 30_000 });
  if (options.chart) await page.locator('.timeline-chart__svg').waitFor({ timeout: 30_000 });
}

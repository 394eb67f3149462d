import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start';
import { findSeriousAxeViolations } from './support/axe';
import { browserAvailable, launchBrowser } from './support/browser';
import { getPatientId, openAppTopLevel, openChart as openChartAt } from './support/mini-ehr';

const CLASSIC = getPatientId('classic-ssri-tachyphylaxis');
const TRD = getPatientId('trd-three-failed-trials');
const EMERGING = getPatientId('single-unconfirmed-rise');
const BIPOLAR = getPatientId('bipolar-diagnosis');
const NO_DATA = getPatientId('no-relevant-data');

/** US Letter in PDF points (8.5 × 11 in). */
const LETTER = { width: 612, height: 792 };

describe.runIf(browserAvailable)('what the clinician sees: cards, chart app launch, app states (Chromium)', () => {
  let sandbox: RunningSandbox;
  let browser: Browser;

  beforeAll(async () => {
    sandbox = await startSandbox({ ports: { ehr: 0, fhir: 0, cds: 0, app: 0 }, log: () => undefined });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  async function newPage(width: number, height: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
    return context.newPage();
  }

  const openChart = (page: Page, patientId: string): Promise<void> => openChartAt(page, sandbox.urls.ehr, patientId);

  /** Opens the app from the chart's app menu and waits for the review to load in the frame. */
  async function openAppFromChart(page: Page, patientId: string): Promise<Frame> {
    await openChart(page, patientId);
    await page.getByRole('navigation', { name: 'Apps' }).getByRole('button', { name: 'Tachywatch' }).click();
    const frame = page.frameLocator('iframe[title="Tachywatch app"]');
    await frame.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 30_000 });
    const launched = page.frame({ name: 'smart-app' });
    if (!launched) throw new Error('The app frame did not load');
    return launched;
  }

  it("keeps the classic card's actions inside a 1366×768 window", async () => {
    const page = await newPage(1366, 768);
    await openChart(page, CLASSIC);
    const card = page.locator('[aria-label="CDS cards"] article[data-indicator="warning"]');
    await expect(card.count()).resolves.toBe(1);
    const actions = await card.locator('.actions').boundingBox();
    expect(actions).not.toBeNull();
    expect((actions?.y ?? Infinity) + (actions?.height ?? 0)).toBeLessThanOrEqual(768);
    await expect(card.getByRole('button', { name: /Tachywatch/ }).isVisible()).resolves.toBe(true);
    await expect(card.getByRole('button', { name: /repeat PHQ-9/ }).isVisible()).resolves.toBe(true);
    expect(await findSeriousAxeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('opens the app from the chart for the treatment-resistant patient, at the staging', async () => {
    const page = await newPage(1366, 900);
    const app = await openAppFromChart(page, TRD);
    const resistance = app.getByRole('region', { name: 'Treatment resistance' });
    await expect(resistance.innerText()).resolves.toContain('Meets the definition of treatment-resistant depression');
    await expect(app.getByRole('region', { name: 'Options to consider' }).innerText()).resolves.toMatch(/TMS/);
    expect(await findSeriousAxeViolations(app)).toEqual([]);
    await page.context().close();
  });

  it('shows an unconfirmed worsening without any loss-of-response marker or outcome', async () => {
    const page = await newPage(1366, 900);
    const app = await openAppFromChart(page, EMERGING);
    const trialsRegion = app.getByRole('region', { name: 'Antidepressant trials' });
    await trialsRegion.getByRole('table').waitFor({ timeout: 30_000 });
    await app.locator('.timeline-chart__svg').waitFor({ timeout: 30_000 });
    const trials = await trialsRegion.innerText();
    expect(trials).toContain('Worsening, not yet confirmed');
    expect(trials).not.toContain('Loss of response');
    await expect(app.locator('svg .marker--loss').count()).resolves.toBe(0);
    await expect(app.locator('svg .marker--worsening').count()).resolves.toBe(1);
    await expect(app.locator('.timeline-legend').innerText()).resolves.not.toContain('Loss of response');
    await expect(app.getByRole('region', { name: 'Assessment' }).innerText()).resolves.toContain(
      'Worsening, not yet confirmed'
    );
    await page.context().close();
  });

  it('says first why a bipolar patient’s pattern is not called tachyphylaxis, with the evidence folded', async () => {
    const page = await newPage(1366, 900);
    const app = await openAppFromChart(page, BIPOLAR);
    const assessment = app.getByRole('region', { name: 'Assessment' });
    await expect(assessment.innerText()).resolves.toContain('Not called tachyphylaxis');
    const disclosure = assessment.locator('details.assessment__set-aside');
    await expect(disclosure.getAttribute('open')).resolves.toBeNull();
    await expect(app.getByRole('region', { name: 'Options to consider' }).innerText()).resolves.toContain(
      'Read these options in the light of the diagnosis'
    );
    await page.context().close();
  });

  it('shows an empty state, without staging or options, when the record has no depression data', async () => {
    const page = await newPage(1366, 900);
    const app = await openAppFromChart(page, NO_DATA);
    await expect(app.getByRole('region', { name: 'Assessment' }).innerText()).resolves.toContain(
      'No depression data in this record.'
    );
    await expect(app.getByRole('region', { name: 'Treatment resistance' }).count()).resolves.toBe(0);
    await expect(app.getByRole('region', { name: 'Options to consider' }).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('fits a 390 px phone: no horizontal scroll, and the timeline text is at least 11 px', async () => {
    const page = await newPage(390, 844);
    await openChart(page, CLASSIC);
    await openAppTopLevel(page);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth'
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const smallest = await page.evaluate<number>(
      `Math.min(...[...document.querySelectorAll('#section-timeline *')]
        .filter((element) => [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim()))
        .map((element) => {
          const box = element.getBoundingClientRect();
          const size = parseFloat(getComputedStyle(element).fontSize);
          const svg = element.closest('svg');
          // Text inside an SVG is scaled with the drawing: its rendered size is what a reader sees.
          return svg ? size * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width) : box.width > 0 ? size : Infinity;
        }))`
    );
    expect(smallest).toBeGreaterThanOrEqual(11);
    expect(await findSeriousAxeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('prints the classic review on 2 US Letter pages, with references, candidate doses and the disclaimer', async () => {
    const page = await newPage(1366, 900);
    await openChart(page, CLASSIC);
    await openAppTopLevel(page, { chart: true });
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.options__references', '.option__candidates', '.disclaimer']) {
      await expect(page.locator(selector).first().isVisible(), selector).resolves.toBe(true);
    }
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
    expect(boxes.length).toBeGreaterThan(0);
    for (const [, width, height] of boxes) {
      expect(Math.round(Number(width))).toBe(LETTER.width);
      expect(Math.round(Number(height))).toBe(LETTER.height);
    }
    const pages = /\/Type\s*\/Pages[^>]*\/Count (\d+)/.exec(pdf)?.[1];
    expect(Number(pages)).toBe(2);
    await page.context().close();
  });

  it('opens the standalone launch URL that npm start prints: patient picker, then the review', async () => {
    const page = await newPage(1366, 900);
    await page.goto(sandbox.urls.appStandalone);
    await page.getByRole('heading', { name: 'Select a patient' }).waitFor({ timeout: 30_000 });
    await page.locator(`button[value="${TRD}"]`).click();
    await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 30_000 });
    await expect(page.locator('body').innerText()).resolves.not.toContain('No iss parameter');
    await page.context().close();
  });
});

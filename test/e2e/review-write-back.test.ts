import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REVIEW_QUESTIONNAIRE, REVIEW_QUESTIONNAIRE_URL } from '@tachywatch/shared';
import { validateAgainstQuestionnaire, validateR4 } from '@tachywatch/shared/testing';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/src/start';
import { findSeriousAxeViolations } from './support/axe';
import { browserAvailable, launchBrowser } from './support/browser';
import { getPatientId, openChart } from './support/mini-ehr';

const CLASSIC = getPatientId('classic-ssri-tachyphylaxis');
const WRITE_SCOPE = /\.(c|cu|cru|cruds|write)\b/;

const cards = (page: Page): ReturnType<Page['locator']> =>
  page.locator('[aria-label="CDS cards"] article[aria-label="CDS card"]');

/** Collects the `scope` of every SMART authorize request the page (or its frames) makes. */
function recordAuthorizeScopes(page: Page): string[] {
  const scopes: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/auth/authorize') && url.searchParams.has('scope')) {
      scopes.push(url.searchParams.get('scope') ?? '');
    }
  });
  return scopes;
}

/** Opens the app from the chart's Apps menu and waits for the review step in its frame. */
async function openReviewFromChart(page: Page, ehr: string, patientId: string): Promise<FrameLocator> {
  await openChart(page, ehr, patientId);
  await page.getByRole('navigation', { name: 'Apps' }).getByRole('button', { name: 'Tachywatch' }).click();
  const frame = page.frameLocator('iframe[title="Tachywatch app"]');
  await frame.getByRole('region', { name: 'Your review' }).waitFor({ timeout: 30_000 });
  return frame;
}

describe.runIf(browserAvailable)('the clinician review, written back to the EHR (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe('a site with write-back on (the sandbox default)', () => {
    let sandbox: RunningSandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ ports: { ehr: 0, fhir: 0, cds: 0, app: 0 }, log: () => undefined });
    });
    afterAll(async () => {
      await sandbox?.close();
    });

    it('completes and saves a review in the app frame; the resource is on the FHIR server, valid; the next card changes', async () => {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      const scopes = recordAuthorizeScopes(page);
      await openChart(page, sandbox.urls.ehr, CLASSIC);
      await expect(cards(page).and(page.locator('[data-indicator="warning"]')).count()).resolves.toBe(1);

      const app = await openReviewFromChart(page, sandbox.urls.ehr, CLASSIC);
      expect(scopes.at(-1)?.split(' ')).toEqual(
        expect.arrayContaining(['patient/QuestionnaireResponse.cu', 'patient/ServiceRequest.c'])
      );
      const review = app.getByRole('region', { name: 'Your review' });
      const question = (name: string): ReturnType<FrameLocator['getByRole']> => review.getByRole('group', { name });
      await question('Less energy or more tiredness than at the best point')
        .getByRole('radio', { name: 'Present' })
        .check();
      await question('Sleep habits').getByRole('radio', { name: 'A concern' }).check();
      await review.getByRole('radio', { name: 'Explained by another cause' }).check();
      await question('Explained by').getByRole('radio', { name: 'Non-adherence' }).check();
      await review.getByRole('textbox', { name: 'Note (optional)' }).fill('Missed doses over the holidays.');
      await review.getByRole('button', { name: 'Save review to the EHR' }).click();
      const saved = await review.getByText(/Saved to the EHR: QuestionnaireResponse\/[\w-]+/).innerText();
      const id = /QuestionnaireResponse\/([\w-]+)/.exec(saved)?.[1] ?? '';

      const stored = sandbox.store.get('QuestionnaireResponse', id) as fhir4.QuestionnaireResponse | undefined;
      expect(stored).toMatchObject({ status: 'completed', subject: { reference: `Patient/${CLASSIC}` } });
      expect(stored?.author?.reference).toMatch(/^Practitioner\//);
      expect(validateR4(stored)).toEqual([]);
      expect(validateAgainstQuestionnaire(stored as fhir4.QuestionnaireResponse, REVIEW_QUESTIONNAIRE)).toEqual([]);
      const search = (await (
        await fetch(
          `${sandbox.urls.fhirOpen}/QuestionnaireResponse?patient=${CLASSIC}&questionnaire=${encodeURIComponent(REVIEW_QUESTIONNAIRE_URL)}`
        )
      ).json()) as fhir4.Bundle;
      expect(search.entry?.map((entry) => entry.resource?.id)).toContain(id);
      const published = (await (
        await fetch(`${sandbox.urls.fhirOpen}/Questionnaire?url=${encodeURIComponent(REVIEW_QUESTIONNAIRE_URL)}`)
      ).json()) as fhir4.Bundle;
      expect(published.entry?.[0]?.resource).toMatchObject({ url: REVIEW_QUESTIONNAIRE_URL, status: 'active' });

      // Explained by non-adherence, reviewed today: no loss-of-response card until new evidence after today.
      await openChart(page, sandbox.urls.ehr, CLASSIC);
      await expect(cards(page).and(page.locator('[data-indicator="warning"]')).count()).resolves.toBe(0);
      await expect(
        cards(page)
          .filter({ hasText: /loss of response/i })
          .count()
      ).resolves.toBe(0);
      // The app reads the same review back and says what it does.
      const reopened = await openReviewFromChart(page, sandbox.urls.ehr, CLASSIC);
      await expect(
        reopened.getByRole('region', { name: 'Your review' }).getByText('Last documented review:').isVisible()
      ).resolves.toBe(true);
      await page.close();
    });
  });

  describe('a site with write-back off', () => {
    let sandbox: RunningSandbox;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'tachywatch-read-only-site-'));
      const siteConfigPath = join(dir, 'site-config.json');
      writeFileSync(
        siteConfigPath,
        JSON.stringify({ schemaVersion: 1, version: 'read-only', flags: { writeBack: false } })
      );
      sandbox = await startSandbox({
        ports: { ehr: 0, fhir: 0, cds: 0, app: 0 },
        log: () => undefined,
        siteConfigPath,
      });
    });
    afterAll(async () => {
      await sandbox?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('never asks for a write scope, and the review says why it cannot be saved', async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const scopes = recordAuthorizeScopes(page);
      const before = [...sandbox.store.listType('QuestionnaireResponse')].length;
      const app = await openReviewFromChart(page, sandbox.urls.ehr, CLASSIC);
      expect(scopes.length).toBeGreaterThan(0);
      for (const scope of scopes) {
        expect(scope).toContain('patient/QuestionnaireResponse.rs');
        expect(scope).not.toMatch(WRITE_SCOPE);
      }
      const review = app.getByRole('region', { name: 'Your review' });
      await expect(review.getByText(/Saving to the EHR is not turned on for this site/).isVisible()).resolves.toBe(
        true
      );
      await expect(review.getByRole('button', { name: /Save/ }).count()).resolves.toBe(0);
      await review.getByRole('radio', { name: 'Relapse or new episode' }).check();
      await expect(review.getByRole('button', { name: 'Print review' }).isVisible()).resolves.toBe(true);
      const frame = page.frame({ name: 'smart-app' });
      if (!frame) throw new Error('The app frame did not load');
      expect(await findSeriousAxeViolations(frame)).toEqual([]);
      // On a 390 px phone (the app frame is narrower still) every part of the review fits the width.
      const overflowing = await frame.evaluate<string[]>(
        `[...document.querySelectorAll('#section-review *')]
            .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .map((element) => element.tagName + '.' + element.className)`
      );
      expect(overflowing).toEqual([]);
      expect([...sandbox.store.listType('QuestionnaireResponse')].length).toBe(before);
      await page.close();
    });
  });
});

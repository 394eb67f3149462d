import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, startAppSandbox } from './support/app-sandbox';
import type { AppSandbox } from './support/app-sandbox';
import { findSeriousAxeViolations } from './support/axe';
import { browserAvailable, launchBrowser } from './support/browser';

const FIXTURES = [
  'classic-ssri-tachyphylaxis',
  'tachyphylaxis-refill-gaps',
  'trd-three-failed-trials',
  'no-relevant-data',
];

describe.runIf(browserAvailable)('SMART app: EHR launch through the sandbox authorization server', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let sandbox: AppSandbox;
  let browser: Browser;

  beforeAll(async () => {
    app = await buildApp();
    sandbox = await startAppSandbox({ fixtures: FIXTURES, appDir: app.dir });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    app?.remove();
  });

  async function openReview(
    fixture: string,
    options: { needPatientBanner?: boolean } = {}
  ): Promise<{ page: Page; authorize: URL[]; failed: string[] }> {
    const page = await browser.newPage();
    const authorize: URL[] = [];
    const failed: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/auth/authorize')) {
        authorize.push(new URL(request.url()));
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(await sandbox.buildLaunchUrl({ fixture, ...options }));
    await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 20_000 });
    return { page, authorize, failed };
  }

  it('sends a SMART v2 authorize request with launch, state, aud and PKCE S256, then renders the classic finding', async () => {
    const { page, authorize, failed } = await openReview('classic-ssri-tachyphylaxis', { needPatientBanner: false });
    const request = authorize[0];
    expect(request?.searchParams.get('response_type')).toBe('code');
    expect(request?.searchParams.get('launch')).toBeTruthy();
    expect(request?.searchParams.get('state')).toBeTruthy();
    expect(request?.searchParams.get('aud')).toBe(sandbox.fhirBase);
    expect(request?.searchParams.get('code_challenge_method')).toBe('S256');
    const scopes = request?.searchParams.get('scope')?.split(' ') ?? [];
    expect(scopes).toContain('patient/Observation.rs');
    expect(scopes.some((scope) => scope.includes('*'))).toBe(false);

    const summary = page.getByRole('region', { name: 'Summary' });
    await expect(summary.textContent()).resolves.toMatch(/Possible tachyphylaxis — review suggested on sertraline/i);
    const chart = page.getByRole('group', { name: /Timeline of antidepressant trials and PHQ-9 scores/ });
    await chart.waitFor();
    expect(await chart.getByRole('img', { name: /^sertraline: 100 mg\/day/i }).count()).toBeGreaterThan(0);
    expect(await chart.getByRole('img', { name: /^PHQ-9 \d+/ }).count()).toBeGreaterThan(3);
    expect(
      await page.getByRole('region', { name: 'Options to consider' }).getByRole('heading', { level: 3 }).count()
    ).toBeGreaterThan(0);
    expect(await page.getByRole('complementary', { name: 'Patient' }).count()).toBe(0);
    // Nothing the pages load answers an error, and the icon the page links is served (headless Chromium does not
    // fetch favicons itself; a browser would log a 404 on every load without one).
    expect(failed).toEqual([]);
    const iconHref = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(iconHref).toBeTruthy();
    const icon = await page.request.get(new URL(iconHref ?? '', page.url()).toString());
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
    await page.close();
  });

  it('shows the adherence confounder as present for refill gaps, and the worsening as explained by it', async () => {
    const { page } = await openReview('tachyphylaxis-refill-gaps');
    const row = page.getByRole('row', { name: /Refill gaps \/ non-adherence/ });
    await expect(row.textContent()).resolves.toContain('Present');
    // PDC 44 % before the worsening explains it first: not called possible tachyphylaxis.
    await expect(page.getByRole('region', { name: 'Summary' }).textContent()).resolves.toContain(
      'Worsening with an explanation to check first'
    );
    await page.close();
  });

  it('shows treatment resistance, three trials on the timeline and TMS among the options for TRD', async () => {
    const { page } = await openReview('trd-three-failed-trials');
    await expect(page.getByRole('region', { name: 'Treatment resistance' }).textContent()).resolves.toContain(
      'Meets the definition of treatment-resistant depression'
    );
    const chart = page.getByRole('group', { name: /Timeline/ });
    await chart.waitFor();
    for (const drug of ['Sertraline', 'Venlafaxine', 'Bupropion']) {
      expect(await chart.getByRole('img', { name: new RegExp(`^${drug}:`, 'i') }).count()).toBeGreaterThan(0);
    }
    await expect(page.getByRole('region', { name: 'Options to consider' }).textContent()).resolves.toContain('(TMS)');
    await page.close();
  });

  it('says plainly that there is nothing to assess, and shows the banner when the EHR asks for it', async () => {
    const { page } = await openReview('no-relevant-data', { needPatientBanner: true });
    await expect(page.getByRole('region', { name: 'Summary' }).textContent()).resolves.toContain(
      'No tachyphylaxis pattern found'
    );
    await page.getByText('No antidepressant trials or PHQ-9 scores in this period.').waitFor();
    await page.getByRole('complementary', { name: 'Patient' }).waitFor();
    await page.close();
  });

  it('has no serious or critical axe-core violations on the review', async () => {
    const { page } = await openReview('classic-ssri-tachyphylaxis', { needPatientBanner: true });
    await page.getByRole('group', { name: /Timeline/ }).waitFor();
    expect(await findSeriousAxeViolations(page)).toEqual([]);
    await page.close();
  });

  it('makes a standalone launch with launch/patient through the patient picker', async () => {
    const page = await browser.newPage();
    const authorize: URL[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/auth/authorize')) {
        authorize.push(new URL(request.url()));
      }
    });
    await page.goto(`${sandbox.appOrigin}/launch.html?iss=${encodeURIComponent(sandbox.fhirBase)}`);
    await page.getByRole('heading', { name: 'Select a patient' }).waitFor({ timeout: 20_000 });
    expect(authorize[0]?.searchParams.get('scope')?.split(' ')).toContain('launch/patient');
    expect(authorize[0]?.searchParams.has('launch')).toBe(false);
    const patients = page.getByRole('button');
    expect(await patients.count()).toBe(FIXTURES.length);
    await patients.first().click();
    await page.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 20_000 });
    await page.getByRole('complementary', { name: 'Patient' }).waitFor();
    await page.close();
  });

  it('focuses the section and highlights the trial named in appContext', async () => {
    const first = await openReview('classic-ssri-tachyphylaxis');
    const rowId = await first.page.locator('tr[id^="trial-sertraline:"]').getAttribute('id');
    await first.page.close();
    const trialId = rowId?.replace(/^trial-/, '') ?? '';
    expect(trialId).toMatch(/^sertraline:\d{4}-\d{2}-\d{2}$/);

    const page = await browser.newPage();
    await page.goto(
      await sandbox.buildLaunchUrl({ fixture: 'classic-ssri-tachyphylaxis', appContext: { focus: 'trials', trialId } })
    );
    const section = page.getByRole('region', { name: 'Antidepressant trials' });
    await section.waitFor({ timeout: 20_000 });
    await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('section-trials');
    const highlighted = section.locator('tr[aria-current="true"]');
    await expect(highlighted.getAttribute('id')).resolves.toBe(`trial-${trialId}`);
    await expect(highlighted.textContent()).resolves.toContain('the trial the alert is about');
    await page.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, startAppSandbox } from './support/app-sandbox';
import type { AppSandbox, LaunchOptions } from './support/app-sandbox';
import { browserAvailable, launchBrowser } from './support/browser';

const RELAUNCH = 'Please close this window and relaunch Tachywatch from the patient’s chart in your EHR.';

describe.runIf(browserAvailable)('SMART app: every launch failure ends in a relaunch message', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let sandbox: AppSandbox;
  let browser: Browser;

  beforeAll(async () => {
    app = await buildApp();
    sandbox = await startAppSandbox({ fixtures: ['classic-ssri-tachyphylaxis'], appDir: app.dir });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    app?.remove();
  });

  async function expectRelaunch(page: Page, title: string): Promise<void> {
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    const text = await alert.textContent();
    expect(text).toContain(title);
    expect(text).toContain(RELAUNCH);
  }

  it.each([
    ['auth_invalid_scope', 'The EHR did not accept the permissions Tachywatch asked for.'],
    ['token_invalid_token', 'Access was not granted by the EHR.'],
    ['request_expired_token', 'Your session with the EHR has expired.'],
  ] as const)('shows the relaunch message for the simulated %s error', async (simulateError, title) => {
    const page = await browser.newPage();
    await page.goto(
      await sandbox.buildLaunchUrl({ fixture: 'classic-ssri-tachyphylaxis', simulateError } satisfies LaunchOptions)
    );
    await expectRelaunch(page, title);
    await page.close();
  });

  it('refuses a tampered state', async () => {
    const page = await browser.newPage();
    let forged: string | undefined;
    // Let the authorization server answer, then change the state in its redirect back to the app.
    await page.route(
      (url) => url.origin === sandbox.ehrOrigin && url.pathname === '/auth/authorize',
      async (route) => {
        const response = await route.fetch({ maxRedirects: 0 });
        const location = new URL(response.headers().location ?? '');
        expect(location.searchParams.get('code')).toBeTruthy();
        location.searchParams.set('state', 'forged-state-value');
        forged = location.href;
        await route.fulfill({ status: 302, headers: { location: location.href } });
      }
    );
    await page.goto(await sandbox.buildLaunchUrl({ fixture: 'classic-ssri-tachyphylaxis' }));
    await expectRelaunch(page, 'This launch could not be verified');
    expect(forged).toContain('state=forged-state-value');
    await page.close();
  });

  it('shows the relaunch message, not an uncaught error, when the redirect URL is opened directly', async () => {
    const page = await browser.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(`${sandbox.appOrigin}/index.html`);
    await expectRelaunch(page, 'This page was opened without a launch from the EHR.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the relaunch message when the launch page is opened without iss', async () => {
    const page = await browser.newPage();
    await page.goto(`${sandbox.appOrigin}/launch.html`);
    await expectRelaunch(page, 'This page was opened without a launch from the EHR.');
    await page.close();
  });
});

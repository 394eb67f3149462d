// Screenshots of the review for the README: `npx tsx smart-app/scripts/screenshots.ts` (needs Chromium).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp, startAppSandbox } from '../../test/e2e/support/app-sandbox';
import { browserAvailable, launchBrowser } from '../../test/e2e/support/browser';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const SHOTS = [
  { fixture: 'classic-ssri-tachyphylaxis', file: 'screenshot-classic-tachyphylaxis.png' },
  { fixture: 'trd-three-failed-trials', file: 'screenshot-trd.png' },
] as const;

if (!browserAvailable) {
  process.exit(1);
}
mkdirSync(DOCS, { recursive: true });
const app = await buildApp();
const sandbox = await startAppSandbox({ fixtures: SHOTS.map((shot) => shot.fixture), appDir: app.dir });
const browser = await launchBrowser();
try {
  for (const shot of SHOTS) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, deviceScaleFactor: 1 });
    await page.goto(await sandbox.buildLaunchUrl({ fixture: shot.fixture, needPatientBanner: true }));
    await page.getByRole('group', { name: /Timeline/ }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${DOCS}${shot.file}` });
    process.stdout.write(`wrote docs/${shot.file}\n`);
    await page.close();
  }
} finally {
  await browser.close();
  await sandbox.close();
  app.remove();
}

// The SMART app's targets: first-load JS ≤ 250 KB gzip; ready() → timeline drawn ≤ 1 s for the long-history patient.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildApp, startAppSandbox } from '../../test/e2e/support/app-sandbox';
import { browserAvailable, launchBrowser } from '../../test/e2e/support/browser';
import type { BenchTable } from './types';

const RUNS = 5;
const SIZE_TARGET_KB = 250;
const TIME_TARGET_MS = 1000;
const PHASE_LABELS = {
  load: 'fetching every query and page',
  assess: 'readPatientRecord + assessPatient',
  draw: 'rendering to the timeline drawn',
} as const;

/** The JS a page loads before anything lazy: its module script plus every modulepreload link. */
function getFirstLoadScripts(dir: string, page: string): string[] {
  const html = readFileSync(join(dir, page), 'utf8');
  const sources = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ];
  return [...new Set(sources.map((match) => match[1] ?? ''))].filter(Boolean);
}

function gzipKb(dir: string, files: readonly string[]): number {
  const bytes = files.reduce((total, file) => total + gzipSync(readFileSync(join(dir, file))).length, 0);
  return Math.round((bytes / 1024) * 10) / 10;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function runAppBench(): Promise<BenchTable> {
  const app = await buildApp();
  const rows: (string | number)[][] = [];
  try {
    const indexKb = gzipKb(app.dir, getFirstLoadScripts(app.dir, 'index.html'));
    const launchKb = gzipKb(app.dir, getFirstLoadScripts(app.dir, 'launch.html'));
    rows.push([
      'First-load JS, review page (gzip)',
      `${indexKb} KB`,
      `≤ ${SIZE_TARGET_KB} KB`,
      indexKb <= SIZE_TARGET_KB ? 'yes' : 'NO',
    ]);
    rows.push([
      'First-load JS, launch page (gzip)',
      `${launchKb} KB`,
      `≤ ${SIZE_TARGET_KB} KB`,
      launchKb <= SIZE_TARGET_KB ? 'yes' : 'NO',
    ]);
    if (!browserAvailable) {
      rows.push([
        'ready() → timeline drawn, long history',
        'not measured (no Chromium)',
        `≤ ${TIME_TARGET_MS} ms`,
        '—',
      ]);
      return { title: 'SMART app', columns: ['Measure', 'Value', 'Target', 'Met'], rows };
    }
    const sandbox = await startAppSandbox({ fixtures: ['long-history'], appDir: app.dir });
    const browser = await launchBrowser();
    try {
      const times: number[] = [];
      const phases: { load: number; assess: number; draw: number }[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const page = await browser.newPage();
        await page.goto(await sandbox.buildLaunchUrl({ fixture: 'long-history' }));
        await page.waitForFunction("performance.getEntriesByName('tachywatch:timeline-drawn').length > 0", undefined, {
          timeout: 30_000,
        });
        const ms = await page.evaluate<number>(
          "performance.getEntriesByName('tachywatch:timeline-drawn')[0].startTime - performance.getEntriesByName('tachywatch:ready')[0].startTime"
        );
        times.push(Math.round(ms));
        phases.push(
          await page.evaluate<{ load: number; assess: number; draw: number }>(`(() => {
            const at = (name) => performance.getEntriesByName(name)[0].startTime;
            return {
              load: Math.round(at('tachywatch:data-loaded') - at('tachywatch:ready')),
              assess: Math.round(at('tachywatch:assessed') - at('tachywatch:data-loaded')),
              draw: Math.round(at('tachywatch:timeline-drawn') - at('tachywatch:assessed')),
            };
          })()`)
        );
        await page.close();
      }
      const value = median(times);
      rows.push([
        `ready() → timeline drawn, long history (median of ${RUNS}; all: ${times.join(', ')} ms)`,
        `${value} ms`,
        `≤ ${TIME_TARGET_MS} ms`,
        value <= TIME_TARGET_MS ? 'yes' : 'NO',
      ]);
      for (const phase of ['load', 'assess', 'draw'] as const) {
        rows.push([
          `… of which ${PHASE_LABELS[phase]} (median)`,
          `${median(phases.map((entry) => entry[phase]))} ms`,
          '',
          '',
        ]);
      }
    } finally {
      await browser.close();
      await sandbox.close();
    }
  } finally {
    app.remove();
  }
  return { title: 'SMART app', columns: ['Measure', 'Value', 'Target', 'Met'], rows };
}

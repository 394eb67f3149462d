// Shared engine benchmark: readPatientRecord + assessPatient on the long-history patient (12 years, 400+ PHQ-9s,
// 100+ medication records), scaled 1×, 10× and 100× by appending earlier 12-year copies of the history (new ids,
// references rewritten, dates moved back), next to JSON.parse of the same input string. Targets: time per resource
// stays flat (linear growth) and the ratio to JSON.parse stays below 2.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { assessPatient, collectResources, readPatientRecord } from '../../shared/src/index';
import { FIXTURE_ANCHOR, loadFixtureBundle } from '../../fixtures/src/index';
import type { BenchTable } from './types';

const FIXTURE = 'long-history';
const HISTORY_YEARS = 12;
const SCALES = [1, 10, 100] as const;
const RATIO_TARGET = 2;
/** Measured repetitions per scale (median reported): many for the small input, whose single runs are noisy. */
const RUNS: Readonly<Record<(typeof SCALES)[number], number>> = { 1: 201, 10: 21, 100: 5 };
/**
 * Warm-up runs before measuring. The service is long-running and assesses many patients, so its steady state
 * (optimised JIT code, warmed caches) is what counts; on this input V8 needs ~50 runs to reach it, so the 1× scale
 * gets 100. Larger inputs reach it within their first runs.
 */
const WARMUP: Readonly<Record<(typeof SCALES)[number], number>> = { 1: 100, 10: 5, 100: 1 };
const ISO_DATE_START = /"(\d{4})-(\d{2}-\d{2})/g;

function shiftYears(json: string, years: number): string {
  return json.replace(
    ISO_DATE_START,
    (_, year: string, rest: string) => `"${String(Number(year) - years).padStart(4, '0')}-${rest}`
  );
}

/** One earlier copy of the history: every id and same-patient reference gets a suffix, every date moves back. */
function copyResource(resource: fhir4.Resource, copy: number, idPrefix: string): fhir4.Resource {
  const suffix = `-c${copy}`;
  const escaped = idPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const json = JSON.stringify(resource).replace(new RegExp(`(${escaped}-\\d+)`, 'g'), `$1${suffix}`);
  return JSON.parse(shiftYears(json, copy * HISTORY_YEARS)) as fhir4.Resource;
}

/** The long-history patient with `scale` histories, as the searchset a FHIR server would return. */
export function buildScaledInput(scale: number): { input: string; resources: number } {
  const resources = collectResources(loadFixtureBundle(FIXTURE, { anchor: FIXTURE_ANCHOR }));
  const patient = resources.find((resource) => resource.resourceType === 'Patient');
  const idPrefix = patient?.id ?? FIXTURE;
  const others = resources.filter((resource) => resource.resourceType !== 'Patient');
  const all: fhir4.Resource[] = [...resources];
  for (let copy = 1; copy < scale; copy += 1) {
    for (const resource of others) {
      all.push(copyResource(resource, copy, idPrefix));
    }
  }
  const bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    total: all.length,
    entry: all.map((resource) => ({ fullUrl: `${resource.resourceType}/${resource.id ?? ''}`, resource })),
  } satisfies { resourceType: 'Bundle'; type: fhir4.Bundle['type']; total: number; entry: unknown[] };
  return { input: JSON.stringify(bundle), resources: all.length };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function runEngine(parsed: unknown): number {
  const start = performance.now();
  const record = readPatientRecord(collectResources(parsed));
  const assessment = assessPatient(record, { now: FIXTURE_ANCHOR });
  const elapsed = performance.now() - start;
  if (assessment.trials.length === 0) {
    throw new Error('the long-history patient produced no trials: the benchmark input is broken');
  }
  return elapsed;
}

function measure(input: string, runs: number, warmup: number): { parseMs: number; engineMs: number } {
  // Warm-up (JIT) for both, then alternate so that machine noise hits both sides alike.
  for (let run = 0; run < warmup; run += 1) {
    runEngine(JSON.parse(input));
  }
  // Collect the warm-up's garbage now, so a pending major GC does not land in the first measured runs.
  (globalThis as { gc?: () => void }).gc?.();
  const parseTimes: number[] = [];
  const engineTimes: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    const parsed: unknown = JSON.parse(input);
    parseTimes.push(performance.now() - start);
    engineTimes.push(runEngine(parsed));
  }
  return { parseMs: median(parseTimes), engineMs: median(engineTimes) };
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export async function runSharedBench(): Promise<BenchTable> {
  const rows: (string | number)[][] = [];
  for (const scale of SCALES) {
    const { input, resources } = buildScaledInput(scale);
    const { parseMs, engineMs } = measure(input, RUNS[scale], WARMUP[scale]);
    const ratio = engineMs / parseMs;
    rows.push([
      `${scale}×`,
      resources,
      `${RUNS[scale]} (${WARMUP[scale]})`,
      round(input.length / 1_048_576, 1),
      round(parseMs, 2),
      round(engineMs, 2),
      round((engineMs * 1000) / resources, 1),
      round(ratio, 2),
      ratio < RATIO_TARGET ? 'yes' : 'no',
    ]);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    title: `Shared engine, steady state (as in the long-running service: warmed up, median of many runs): readPatientRecord + assessPatient on the long-history patient vs JSON.parse of the same input (target ratio < ${RATIO_TARGET}, flat µs/resource)`,
    columns: [
      'scale',
      'resources',
      'runs (warm-up)',
      'input MB',
      'JSON.parse ms',
      'read + assess ms',
      'µs / resource',
      'ratio to JSON.parse',
      'meets target',
    ],
    rows,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const table = await runSharedBench();
  console.log([table.columns.join(' | '), ...table.rows.map((row) => row.join(' | '))].join('\n'));
}

// CDS service benchmark: patient-view latency and throughput with full prefetch next to an echo server that only
// parses the same body, and without prefetch against a FHIR stub with 50 ms per query (proves parallel queries).
// Children run on 127.0.0.1 only; every load run is bounded in time.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { defaultHookWorkers } from '../../cds-service/src/config';
import { fileURLToPath } from 'node:url';
import { buildFullPrefetch, buildHookRequest, toServerResources } from '../../cds-service/src/testing/fixture-requests';
import { loadFixtureBundle } from '../../fixtures/src/index';
import type { BenchTable, LoadResult } from './types';

interface LoadOptions {
  readonly url: string;
  readonly method: 'POST';
  readonly headers: Record<string, string>;
  readonly connections: number;
  readonly duration?: number;
  readonly amount?: number;
  readonly requests: readonly { setupRequest: (request: { body?: string | Buffer }) => { body?: string | Buffer } }[];
}

const autocannon = createRequire(import.meta.url)('autocannon') as (options: LoadOptions) => Promise<LoadResult>;

const CHILD = fileURLToPath(new URL('./cds-child.ts', import.meta.url));
const SERVICE_PATH = '/cds-services/tachyphylaxis-patient-view';
const FHIR_DELAY_MS = 50;
const FETCH_FIXTURE = 'classic-ssri-tachyphylaxis';
const ROUNDS = 7;
const ROUND_SECONDS = 2;
const RATIO_TARGET = 1.5;
const PARALLEL_TARGET = 1.3;
const HOOK_INSTANCE_PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

async function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench child ${env.BENCH_ROLE} did not start`)), 30_000);
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code) => reject(new Error(`bench child ${env.BENCH_ROLE} exited with ${code}`)));
  });
  return { child, port };
}

function stopChild(child: ChildProcess): void {
  if (child.connected) child.disconnect();
  child.kill('SIGTERM');
}

/**
 * Each request gets a fresh hookInstance (a replay would be answered from the cache and measure nothing), written
 * in place into one prepared body: the load generator shares the cores with the servers, so it must not spend a
 * megabyte-sized string copy and encode on every request (autocannon copies the body into each request it sends).
 */
function load(
  url: string,
  body: string,
  connections: number,
  limits: { duration?: number; amount?: number }
): Promise<LoadResult> {
  const prepared = Buffer.from(body, 'utf8');
  const hookInstanceAt = prepared.indexOf(HOOK_INSTANCE_PLACEHOLDER);
  if (hookInstanceAt < 0) throw new Error('the bench body has no hookInstance placeholder');
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    ...limits,
    requests: [
      {
        setupRequest: (request) => {
          prepared.write(randomUUID(), hookInstanceAt, 'latin1');
          return { ...request, body: prepared };
        },
      },
    ],
  });
}

function checkClean(name: string, result: LoadResult): void {
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** A patient-view request with the full prefetch of a fixture, and its size. */
function buildPrefetchBody(fixture: string): { body: string; kb: number } {
  const resources = toServerResources(loadFixtureBundle(fixture));
  const patientId = resources.find((resource) => resource.resourceType === 'Patient')?.id ?? 'unknown';
  const body = JSON.stringify({
    ...buildHookRequest('patient-view', patientId, {
      prefetch: buildFullPrefetch('tachyphylaxis-patient-view', resources, patientId),
    }),
    hookInstance: HOOK_INSTANCE_PLACEHOLDER,
  });
  return { body, kb: round(Buffer.byteLength(body) / 1024) };
}

/** Median of an odd-length list. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Per server: the median over the rounds of p50, p99 and req/s. */
function summarise(rounds: readonly LoadResult[]): LoadResult {
  return {
    latency: {
      p50: median(rounds.map((round) => round.latency.p50)),
      p99: median(rounds.map((round) => round.latency.p99)),
    },
    requests: { average: median(rounds.map((round) => round.requests.average)) },
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    timeouts: rounds.reduce((sum, round) => sum + round.timeouts, 0),
  };
}

/**
 * The service and the echo under the same load, in alternating rounds (the speed of a shared machine drifts within
 * seconds, so one long run of each would compare two different machines): per server the medians over the rounds,
 * and the median of the per-round p50 ratios.
 */
async function compareWithEcho(
  serviceUrl: string,
  echoUrl: string,
  body: string
): Promise<{ cds: LoadResult; parseOnly: LoadResult; ratio: number; ratios: number[] }> {
  await load(serviceUrl, body, 4, { duration: 1 });
  await load(echoUrl, body, 4, { duration: 1 });
  const serviceRounds: LoadResult[] = [];
  const echoRounds: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    serviceRounds.push(await load(serviceUrl, body, 10, { duration: ROUND_SECONDS }));
    echoRounds.push(await load(echoUrl, body, 10, { duration: ROUND_SECONDS }));
  }
  const cds = summarise(serviceRounds);
  const parseOnly = summarise(echoRounds);
  checkClean('service', cds);
  checkClean('echo', parseOnly);
  // Each round's service p50 over the echo p50 measured right after it, then the median of those ratios.
  const ratios = serviceRounds.map(
    (round, index) => round.latency.p50 / Math.max(echoRounds[index]?.latency.p50 ?? Number.NaN, 0.01)
  );
  return { cds, parseOnly, ratio: median(ratios), ratios };
}

export async function runCdsBench(): Promise<BenchTable[]> {
  const machineLoad = `load average ${round(loadavg()[0] ?? 0)} at start`;
  const longHistory = buildPrefetchBody('long-history');
  const typical = buildPrefetchBody(FETCH_FIXTURE);

  const fhir = await startChild({
    BENCH_ROLE: 'fhir',
    BENCH_FHIR_DELAY_MS: String(FHIR_DELAY_MS),
    BENCH_FHIR_FIXTURE: FETCH_FIXTURE,
  });
  const fhirBase = `http://127.0.0.1:${fhir.port}/fhir`;
  const service = await startChild({ BENCH_ROLE: 'service', BENCH_FHIR_BASE: fhirBase });
  const echo = await startChild({ BENCH_ROLE: 'echo' });
  try {
    const serviceUrl = `http://127.0.0.1:${service.port}${SERVICE_PATH}`;
    const echoUrl = `http://127.0.0.1:${echo.port}${SERVICE_PATH}`;
    const long = await compareWithEcho(serviceUrl, echoUrl, longHistory.body);
    const usual = await compareWithEcho(serviceUrl, echoUrl, typical.body);

    const fetchPatientId =
      toServerResources(loadFixtureBundle(FETCH_FIXTURE)).find((resource) => resource.resourceType === 'Patient')?.id ??
      'unknown';
    const withoutPrefetch = JSON.stringify({
      ...buildHookRequest('patient-view', fetchPatientId, { fhirServer: fhirBase }),
      hookInstance: HOOK_INSTANCE_PLACEHOLDER,
    });
    await load(serviceUrl, withoutPrefetch, 1, { amount: 5 });
    const fetched = await load(serviceUrl, withoutPrefetch, 1, { amount: 40 });
    checkClean('service without prefetch', fetched);
    const parallelRatio = fetched.latency.p50 / FHIR_DELAY_MS;

    const rows = (label: string, result: { cds: LoadResult; parseOnly: LoadResult }) => [
      [
        label,
        'Tachywatch CDS service',
        result.cds.latency.p50,
        result.cds.latency.p99,
        round(result.cds.requests.average),
      ],
      [
        label,
        'Echo (parse the same body only)',
        result.parseOnly.latency.p50,
        result.parseOnly.latency.p99,
        round(result.parseOnly.requests.average),
      ],
    ];
    return [
      {
        title: `CDS patient-view, full prefetch: the long-history fixture (${longHistory.kb} KB body) and a typical one (${FETCH_FIXTURE}, ${typical.kb} KB); CDS_REQUIRE_JWT=false under load; ${defaultHookWorkers()} hook workers on ${availableParallelism()} cores (the echo parses on its event loop); 10 connections; ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s each, medians; ${machineLoad}`,
        columns: ['Body', 'Server', 'p50 ms', 'p99 ms', 'req/s'],
        rows: [
          ...rows('long history', long),
          [
            'long history',
            `p50 ratio service / echo (target ≤ ${RATIO_TARGET})`,
            round(long.ratio, 2),
            long.ratio <= RATIO_TARGET ? 'met' : 'NOT MET',
            `rounds: ${long.ratios.map((ratio) => round(ratio, 2)).join(', ')}`,
          ],
          ...rows('typical', usual),
          [
            'typical',
            'p50 ratio service / echo',
            round(usual.ratio, 2),
            '',
            `rounds: ${usual.ratios.map((ratio) => round(ratio, 2)).join(', ')}`,
          ],
        ],
      },
      {
        title: `CDS patient-view without prefetch: loopback FHIR stub, ${FHIR_DELAY_MS} ms per query, ${FETCH_FIXTURE} fixture (9 queries, one page each; 1 connection, 40 calls)`,
        columns: ['Measure', 'Value', 'Target', 'Met'],
        rows: [
          [
            'p50 latency',
            `${fetched.latency.p50} ms`,
            `≤ ${PARALLEL_TARGET} × ${FHIR_DELAY_MS} ms = ${PARALLEL_TARGET * FHIR_DELAY_MS} ms`,
            parallelRatio <= PARALLEL_TARGET ? 'yes' : 'NO',
          ],
          ['p99 latency', `${fetched.latency.p99} ms`, '—', '—'],
          [
            'p50 / one query',
            round(parallelRatio, 2),
            `≤ ${PARALLEL_TARGET}`,
            parallelRatio <= PARALLEL_TARGET ? 'yes' : 'NO',
          ],
        ],
      },
    ];
  } finally {
    stopChild(service.child);
    stopChild(echo.child);
    stopChild(fhir.child);
  }
}

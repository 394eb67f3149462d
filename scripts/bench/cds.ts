// CDS service benchmark: patient-view latency and throughput with full prefetch next to an echo server that only
// parses the same body, and without prefetch against a FHIR stub with 50 ms per query (proves parallel queries).
// Children run on 127.0.0.1 only; every load run is bounded in time.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
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
  readonly requests: readonly { setupRequest: (request: { body?: string }) => { body?: string } }[];
}

const autocannon = createRequire(import.meta.url)('autocannon') as (options: LoadOptions) => Promise<LoadResult>;

const CHILD = fileURLToPath(new URL('./cds-child.ts', import.meta.url));
const SERVICE_PATH = '/cds-services/tachyphylaxis-patient-view';
const FHIR_DELAY_MS = 50;
const FETCH_FIXTURE = 'classic-ssri-tachyphylaxis';
const LOAD_SECONDS = 5;
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

/** Each request gets a fresh hookInstance: a replay would be answered from the cache and measure nothing. */
function load(
  url: string,
  body: string,
  connections: number,
  limits: { duration?: number; amount?: number }
): Promise<LoadResult> {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections,
    ...limits,
    requests: [
      { setupRequest: (request) => ({ ...request, body: body.replace(HOOK_INSTANCE_PLACEHOLDER, randomUUID()) }) },
    ],
  });
}

function checkClean(name: string, result: LoadResult): void {
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runCdsBench(): Promise<BenchTable[]> {
  const machineLoad = `load average ${round(loadavg()[0] ?? 0)} at start`;
  const resources = toServerResources(loadFixtureBundle('long-history'));
  const patientId = resources.find((resource) => resource.resourceType === 'Patient')?.id ?? 'unknown';
  const withPrefetch = JSON.stringify({
    ...buildHookRequest('patient-view', patientId, {
      prefetch: buildFullPrefetch('tachyphylaxis-patient-view', resources, patientId),
    }),
    hookInstance: HOOK_INSTANCE_PLACEHOLDER,
  });

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
    await load(serviceUrl, withPrefetch, 4, { duration: 1 });
    await load(echoUrl, withPrefetch, 4, { duration: 1 });
    const cds = await load(serviceUrl, withPrefetch, 10, { duration: LOAD_SECONDS });
    const parseOnly = await load(echoUrl, withPrefetch, 10, { duration: LOAD_SECONDS });
    checkClean('service', cds);
    checkClean('echo', parseOnly);
    const ratio = cds.latency.p50 / Math.max(parseOnly.latency.p50, 0.01);

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

    const bodyKb = round(Buffer.byteLength(withPrefetch) / 1024);
    return [
      {
        title: `CDS patient-view, full prefetch, long-history fixture (${bodyKb} KB body; CDS_REQUIRE_JWT=false under load; 10 connections, ${LOAD_SECONDS} s; ${machineLoad})`,
        columns: ['Server', 'p50 ms', 'p99 ms', 'req/s'],
        rows: [
          ['Tachywatch CDS service', cds.latency.p50, cds.latency.p99, round(cds.requests.average)],
          [
            'Echo (parse the same body only)',
            parseOnly.latency.p50,
            parseOnly.latency.p99,
            round(parseOnly.requests.average),
          ],
          [
            `p50 ratio service / echo (target ≤ ${RATIO_TARGET})`,
            round(ratio, 2),
            ratio <= RATIO_TARGET ? 'met' : 'NOT MET',
            '',
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

// Deployment benchmark: the built service (node dist/index.js) as one replica, one replica behind nginx and two
// replicas behind nginx, all on PostgreSQL, with the same patient-view body; then feedback writes on PostgreSQL vs
// SQLite. Everything runs on 127.0.0.1 and every load run is bounded in time.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCdsService } from '../../cds-service/scripts/build';
import { buildFullPrefetch, buildHookRequest, toServerResources } from '../../cds-service/src/testing/fixture-requests';
import { startNginx, type NginxBalancer } from '../../cds-service/src/testing/nginx';
import { startPostgresCluster, type PostgresCluster } from '../../cds-service/src/testing/postgres-cluster';
import { startServiceProcess, type ServiceProcess } from '../../cds-service/src/testing/service-process';
import { NGINX_PATH, POSTGRES_BIN_DIR } from '../../cds-service/src/testing/topology-support';
import { loadFixtureBundle } from '../../fixtures/src/index';
import type { BenchTable, LoadResult } from './types';

const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  connections: number;
  duration: number;
  requests: readonly { setupRequest: (request: { body?: string }) => { body?: string } }[];
}) => Promise<LoadResult>;

const SERVICE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../cds-service');
const PATIENT_VIEW = '/cds-services/tachyphylaxis-patient-view';
const FEEDBACK = `${PATIENT_VIEW}/feedback`;
const FIXTURE = 'classic-ssri-tachyphylaxis';
const LOAD_SECONDS = 5;
const CONNECTIONS = 10;
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** A fresh uuid in place of the placeholder on every request (hookInstance or feedback card). */
async function load(url: string, body: string): Promise<LoadResult> {
  const run = (duration: number): Promise<LoadResult> =>
    autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      connections: CONNECTIONS,
      duration,
      requests: [{ setupRequest: (request) => ({ ...request, body: body.replace(PLACEHOLDER, randomUUID()) }) }],
    });
  await run(1);
  const result = await run(LOAD_SECONDS);
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result;
}

const row = (name: string, result: LoadResult): (string | number)[] => [
  name,
  round(result.requests.average),
  result.latency.p50,
  result.latency.p99,
];

export async function runDeployBench(): Promise<BenchTable[]> {
  if (POSTGRES_BIN_DIR === undefined) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
  const machineLoad = `load average ${round(loadavg()[0] ?? 0)} at start`;
  const resources = toServerResources(loadFixtureBundle(FIXTURE));
  const patientId = resources.find((resource) => resource.resourceType === 'Patient')?.id ?? 'unknown';
  const hookBody = JSON.stringify({
    ...buildHookRequest('patient-view', patientId, {
      prefetch: buildFullPrefetch('tachyphylaxis-patient-view', resources, patientId),
    }),
    hookInstance: PLACEHOLDER,
  });
  const feedbackBody = JSON.stringify({
    feedback: [
      {
        card: PLACEHOLDER,
        outcome: 'overridden',
        overrideReason: { reason: { code: 'bench', system: 'https://example.org/override' } },
        outcomeTimestamp: '2026-11-30T10:00:00Z',
      },
    ],
  });

  const distDir = (await buildCdsService(join(SERVICE_ROOT, `.dist-bench-${process.pid}`))).outdir;
  const sqliteDir = mkdtempSync(join(tmpdir(), 'tachywatch-bench-sqlite-'));
  const started: ServiceProcess[] = [];
  const balancers: NginxBalancer[] = [];
  let cluster: PostgresCluster | undefined;
  const replica = async (env: Record<string, string>): Promise<ServiceProcess> => {
    const service = await startServiceProcess({
      entry: join(distDir, 'index.js'),
      env: { CDS_REQUIRE_JWT: 'false', LOG_LEVEL: 'warn', ...env },
    });
    started.push(service);
    return service;
  };
  try {
    cluster = await startPostgresCluster(POSTGRES_BIN_DIR);
    const [a, b] = await Promise.all([replica({ DATABASE_URL: cluster.url }), replica({ DATABASE_URL: cluster.url })]);
    const one = await startNginx(NGINX_PATH, [a.port]);
    const two = await startNginx(NGINX_PATH, [a.port, b.port]);
    balancers.push(one, two);

    const direct = await load(`${a.url}${PATIENT_VIEW}`, hookBody);
    const behindOne = await load(`${one.url}${PATIENT_VIEW}`, hookBody);
    const behindTwo = await load(`${two.url}${PATIENT_VIEW}`, hookBody);

    const sqlite = await replica({ FEEDBACK_DB_PATH: join(sqliteDir, 'feedback.sqlite') });
    const postgresWrites = await load(`${a.url}${FEEDBACK}`, feedbackBody);
    const sqliteWrites = await load(`${sqlite.url}${FEEDBACK}`, feedbackBody);

    const bodyKb = round(Buffer.byteLength(hookBody) / 1024);
    return [
      {
        title: `Replicas behind nginx: patient-view, full prefetch, ${FIXTURE} (${bodyKb} KB body; built service on PostgreSQL, CDS_REQUIRE_JWT=false; ${CONNECTIONS} connections, ${LOAD_SECONDS} s each; 2 cores shared by nginx, replicas, PostgreSQL and the load generator; ${machineLoad})`,
        columns: ['Topology', 'req/s', 'p50 ms', 'p99 ms'],
        rows: [
          row('1 replica, direct', direct),
          row('1 replica behind nginx', behindOne),
          row('2 replicas behind nginx', behindTwo),
          [
            '2 replicas / 1 replica behind nginx (throughput)',
            round(behindTwo.requests.average / Math.max(behindOne.requests.average, 1), 2),
            '',
            '',
          ],
        ],
      },
      {
        title: `Feedback writes (one overridden item per request, each committed before the answer): PostgreSQL vs SQLite, one replica each (${CONNECTIONS} connections, ${LOAD_SECONDS} s)`,
        columns: ['Store', 'writes/s', 'p50 ms', 'p99 ms'],
        rows: [row('PostgreSQL (local, fsync on)', postgresWrites), row('SQLite (WAL, file)', sqliteWrites)],
      },
    ];
  } finally {
    await Promise.allSettled(started.map((service) => service.kill()));
    await Promise.allSettled(balancers.map((balancer) => balancer.destroy()));
    await cluster?.destroy();
    rmSync(distDir, { recursive: true, force: true });
    rmSync(sqliteDir, { recursive: true, force: true });
  }
}

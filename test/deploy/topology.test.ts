import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCdsService } from '../../cds-service/scripts/build';
import { buildFullPrefetch, buildHookRequest, toServerResources } from '../../cds-service/src/testing/fixture-requests';
import { generateTestKey, signClientJwt, type TestKey } from '../../cds-service/src/testing/jwt-signer';
import { startNginx, type NginxBalancer } from '../../cds-service/src/testing/nginx';
import { startPostgresCluster, type PostgresCluster } from '../../cds-service/src/testing/postgres-cluster';
import { findFreePort } from '../../cds-service/src/testing/processes';
import { startServiceProcess, type ServiceProcess } from '../../cds-service/src/testing/service-process';
import {
  nginxAvailable,
  postgresAvailable,
  requireNginx,
  requirePostgresBinDir,
} from '../../cds-service/src/testing/topology-support';
import { loadFixtureBundle } from '../../fixtures/src/index';

/**
 * The production topology, for real: PostgreSQL (Debian), two replicas of the built service (`node dist/index.js`)
 * on two ports, and nginx in front as the load balancer. Everything binds 127.0.0.1.
 */

const SERVICE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../cds-service');
const PATIENT_VIEW = '/cds-services/tachyphylaxis-patient-view';
const FEEDBACK = `${PATIENT_VIEW}/feedback`;
const ISS = 'https://ehr.example.org/cds-client';
const LOAD_MS = 30_000;

const resources = toServerResources(loadFixtureBundle('classic-ssri-tachyphylaxis'));
const patientId = resources.find((resource) => resource.resourceType === 'Patient')?.id ?? '';

interface Replica {
  readonly port: number;
  process: ServiceProcess;
}

let distDir: string;
let key: TestKey;
let cluster: PostgresCluster;
let lb: NginxBalancer;
let replicaA: Replica;
let replicaB: Replica;

function serviceEnv(): Record<string, string> {
  return {
    DATABASE_URL: cluster.url,
    PUBLIC_BASE_URL: lb.url,
    CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss: ISS, jwks: { keys: [key.publicJwk] } }]),
    SMART_APP_LAUNCH_URL: 'https://app.example.org/launch.html',
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
}

async function startReplica(port: number): Promise<ServiceProcess> {
  return startServiceProcess({ entry: join(distDir, 'index.js'), port, env: serviceEnv() });
}

/** A CDS client JWT for a path behind the load balancer (the public URL every replica is configured with). */
function tokenFor(path: string): Promise<string> {
  return signClientJwt(key, { iss: ISS, aud: `${lb.url}${path}` });
}

function patientViewBody(): Record<string, unknown> {
  return buildHookRequest('patient-view', patientId, {
    prefetch: buildFullPrefetch('tachyphylaxis-patient-view', resources, patientId),
  });
}

async function post(baseUrl: string, path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await tokenFor(path))}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
}

async function tachyphylaxisCards(baseUrl: string): Promise<{ uuid?: string; summary: string }[]> {
  const response = await post(baseUrl, PATIENT_VIEW, patientViewBody());
  expect(response.status).toBe(200);
  const { cards } = (await response.json()) as {
    cards: { uuid?: string; summary: string; source: { topic?: { code?: string } } }[];
  };
  return cards.filter((card) => card.source.topic?.code === 'antidepressant-tachyphylaxis');
}

async function countStoredFeedback(cards: readonly string[]): Promise<number> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      'SELECT COUNT(DISTINCT card_uuid) AS n FROM feedback WHERE card_uuid = ANY($1::text[])',
      [cards]
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

function servedRequests(replica: ServiceProcess): number {
  return replica
    .logLines()
    .filter((line) => line.msg === 'request' && (line.route === 'invoke' || line.route === 'feedback')).length;
}

describe.runIf(postgresAvailable && nginxAvailable)('deployment topology: PostgreSQL + 2 replicas + nginx', () => {
  let overriddenCard: string;
  let tokenUsedBeforeRestart: string;

  beforeAll(async () => {
    const nginxPath = requireNginx();
    const binDir = requirePostgresBinDir();
    distDir = (await buildCdsService(join(SERVICE_ROOT, `.dist-test-topology-${process.pid}`))).outdir;
    key = await generateTestKey('ES384');
    cluster = await startPostgresCluster(binDir);
    const [portA, portB] = [await findFreePort(), await findFreePort()];
    lb = await startNginx(nginxPath, [portA, portB]);
    const [a, b] = await Promise.all([startReplica(portA), startReplica(portB)]);
    replicaA = { port: portA, process: a };
    replicaB = { port: portB, process: b };
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([replicaA?.process.kill(), replicaB?.process.kill()]);
    await lb?.destroy();
    await cluster?.destroy();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  }, 60_000);

  it('an override sent through replica A silences the card served by replica B', async () => {
    const [card] = await tachyphylaxisCards(replicaB.process.url);
    expect(card?.uuid).toBeDefined();
    overriddenCard = card?.uuid ?? '';
    const feedback = await post(replicaA.process.url, FEEDBACK, {
      feedback: [
        {
          card: overriddenCard,
          outcome: 'overridden',
          overrideReason: { reason: { code: 'already-addressed', system: 'https://example.org/override' } },
          outcomeTimestamp: new Date().toISOString(),
        },
      ],
    });
    expect(feedback.status).toBe(200);
    expect(await tachyphylaxisCards(replicaB.process.url)).toEqual([]);
    expect(await tachyphylaxisCards(lb.url)).toEqual([]);
  });

  it('a JWT accepted by replica A and replayed to replica B is refused', async () => {
    const token = await tokenFor('/cds-services');
    const discover = (baseUrl: string): Promise<Response> =>
      fetch(`${baseUrl}/cds-services`, { headers: { authorization: `Bearer ${token}` } });
    expect((await discover(replicaA.process.url)).status).toBe(200);
    expect((await discover(replicaB.process.url)).status).toBe(401);
    expect(replicaB.process.logLines()).toContainEqual(expect.objectContaining({ authFailure: 'replay' }));
    tokenUsedBeforeRestart = token;
  });

  it(
    'under 30 s of load, replica A killed and restarted: no acknowledged feedback lost, only in-flight requests fail',
    { timeout: LOAD_MS + 60_000 },
    async () => {
      const concurrency = 6;
      const acknowledged: string[] = [];
      const failures: { startedAt: number; endedAt: number; detail: string }[] = [];
      let successes = 0;
      let successesWhileDown = 0;
      let down = false;
      const started = Date.now();
      let killedAt = Number.POSITIVE_INFINITY;

      const worker = async (index: number): Promise<void> => {
        for (let iteration = 0; Date.now() - started < LOAD_MS; iteration += 1) {
          const requestStarted = Date.now();
          const isFeedback = (iteration + index) % 2 === 0;
          const card = randomUUID();
          try {
            const response = isFeedback
              ? await post(lb.url, FEEDBACK, {
                  feedback: [
                    {
                      card,
                      outcome: 'overridden',
                      overrideReason: { reason: { code: 'load', system: 'https://example.org/override' } },
                      outcomeTimestamp: new Date().toISOString(),
                    },
                  ],
                })
              : await post(lb.url, PATIENT_VIEW, patientViewBody());
            await response.arrayBuffer();
            if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
            successes += 1;
            if (down) successesWhileDown += 1;
            if (isFeedback) acknowledged.push(card);
          } catch (error) {
            failures.push({
              startedAt: requestStarted,
              endedAt: Date.now(),
              detail: error instanceof Error ? error.message : String(error),
            });
          }
        }
      };

      const chaos = async (): Promise<void> => {
        await new Promise((done) => setTimeout(done, 8_000));
        killedAt = Date.now();
        down = true;
        await replicaA.process.kill();
        await new Promise((done) => setTimeout(done, 8_000));
        down = false;
        replicaA.process = await startReplica(replicaA.port);
      };

      await Promise.all([chaos(), ...Array.from({ length: concurrency }, (_, index) => worker(index))]);

      // Load balancer routed around the dead replica, and back to it once restarted.
      expect(successesWhileDown).toBeGreaterThan(20);
      expect(servedRequests(replicaA.process)).toBeGreaterThan(0);
      expect(successes).toBeGreaterThan(200);
      // Only requests in flight at the kill failed: at most one per client connection, none started after it
      // (a small allowance for a request nginx had just handed to the dying replica).
      expect(failures.length).toBeLessThanOrEqual(concurrency);
      for (const failure of failures) {
        expect(failure.detail).toBe('HTTP 502');
        expect(failure.startedAt).toBeLessThanOrEqual(killedAt + 1000);
        expect(failure.endedAt).toBeGreaterThanOrEqual(killedAt);
      }
      // Every acknowledged feedback is in the database.
      expect(acknowledged.length).toBeGreaterThan(100);
      expect(await countStoredFeedback(acknowledged)).toBe(acknowledged.length);
    }
  );

  it('after restarting everything (database, replicas, load balancer) the data is still there', async () => {
    await Promise.all([replicaA.process.stop(), replicaB.process.stop()]);
    await lb.stop();
    await cluster.stop();

    await cluster.start();
    replicaA.process = await startReplica(replicaA.port);
    replicaB.process = await startReplica(replicaB.port);
    await lb.start();

    expect(await countStoredFeedback([overriddenCard])).toBe(1);
    expect(await tachyphylaxisCards(lb.url)).toEqual([]);
    const replay = await fetch(`${lb.url}/cds-services`, {
      headers: { authorization: `Bearer ${tokenUsedBeforeRestart}` },
    });
    expect(replay.status).toBe(401);
  }, 120_000);
});

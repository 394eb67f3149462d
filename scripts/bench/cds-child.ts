// Child process for the CDS benchmark: starts one server on 127.0.0.1:0 and reports its port to the parent.
//   BENCH_ROLE=service  the real CDS service (createApp; HOOK_WORKERS from the environment, else the default), JWT
//                       disabled (one JWT cannot be replayed under load); reports its port once the workers loaded
//   BENCH_ROLE=echo     a tiny Express app that only parses the same JSON body and answers {"cards":[]}
//   BENCH_ROLE=fhir     a FHIR stub answering from BENCH_FHIR_FIXTURE after BENCH_FHIR_DELAY_MS per query
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import express from 'express';
import { createApp } from '../../cds-service/src/app';
import { parseConfig } from '../../cds-service/src/config';
import { createLogger } from '../../cds-service/src/ops/logger';
import { buildOnePageFhirCore, runWholeQuery, toServerResources } from '../../cds-service/src/testing/fixture-requests';
import { loadFixtureBundle } from '../../fixtures/src/index';

function startEcho(): Server {
  const app = express();
  app.post('/cds-services/:id', express.json({ limit: '5mb' }), (_req, res) => {
    res.json({ cards: [] });
  });
  return createServer(app);
}

async function startService(): Promise<Server> {
  const config = parseConfig({
    CDS_REQUIRE_JWT: 'false',
    FEEDBACK_DB_PATH: ':memory:',
    ALLOWED_FHIR_SERVERS: process.env.BENCH_FHIR_BASE ?? 'http://127.0.0.1:1/fhir',
    SMART_APP_LAUNCH_URL: 'http://127.0.0.1:1/launch.html',
    LOG_LEVEL: 'silent',
    ...(process.env.HOOK_WORKERS ? { HOOK_WORKERS: process.env.HOOK_WORKERS } : {}),
  });
  const cds = createApp({ config, logger: createLogger('silent') });
  await cds.hookWorkersReady();
  return createServer(cds.app);
}

function startFhirStub(): Server {
  const base = 'http://127.0.0.1/fhir';
  const delayMs = Number(process.env.BENCH_FHIR_DELAY_MS ?? '50');
  const core = buildOnePageFhirCore(
    toServerResources(loadFixtureBundle(process.env.BENCH_FHIR_FIXTURE ?? 'classic-ssri-tachyphylaxis'))
  );
  // Answers are computed once per URL: the stub stands for a server whose whole answer time is the configured
  // delay, so its own CPU work (evaluating the query, serialising) must not queue the parallel queries behind it.
  const answers = new Map<string, { status: number; body: string }>();
  const answer = (path: string): { status: number; body: string } => {
    let cached = answers.get(path);
    if (!cached) {
      // One page per query, so the measure is the parallelism of the queries, not the depth of paging.
      const result = runWholeQuery(core, path.replace(/^\/fhir/, ''), base);
      cached = {
        status: result ? 200 : 404,
        body: JSON.stringify(
          result ?? { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }
        ),
      };
      answers.set(path, cached);
    }
    return cached;
  };
  return createServer((req, res) => {
    const arrived = performance.now();
    const { status, body } = answer(req.url ?? '/');
    setTimeout(
      () => {
        res.writeHead(status, { 'content-type': 'application/fhir+json' });
        res.end(body);
      },
      Math.max(0, delayMs - (performance.now() - arrived))
    );
  });
}

const role = process.env.BENCH_ROLE;
const server = role === 'echo' ? startEcho() : role === 'fhir' ? startFhirStub() : await startService();
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));

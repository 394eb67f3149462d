import type { ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import express, { type Express } from 'express';
import { ClientKeySets } from './auth/client-key-sets';
import { createClientJwtVerifier } from './auth/verify-client-jwt';
import { defaultPublicBaseUrls, type ServiceConfig } from './config';
import { NotFoundError, buildOperationOutcome } from './errors';
import { SHARED_ENGINE, type CdsEngine } from './invoke/engine';
import { createHookWorkRunner } from './invoke/hook-work-runner';
import { OrderSessionMemory } from './invoke/order-session';
import { ReplayCache } from './invoke/replay-cache';
import { corsForCdsClients } from './middleware/cors';
import { errorHandler } from './middleware/error-handler';
import { requestContext } from './middleware/request-context';
import { requireClientJwt } from './middleware/require-client-jwt';
import type { Logger } from './ops/logger';
import { createMetrics, type ServiceMetrics } from './ops/metrics';
import { feedbackRoute } from './routes/feedback';
import { invokeRoute } from './routes/invoke';
import { DISCOVERY_RESPONSE } from './services/registry';
import { openDefaultStore } from './store/open-store';
import type { ServiceStore } from './store/types';

export interface AppDeps {
  readonly config: ServiceConfig;
  readonly logger: Logger;
  readonly engine?: CdsEngine;
  /** Feedback, suppression and JWT replay state; default: the SQLite store at FEEDBACK_DB_PATH. */
  readonly store?: ServiceStore;
  /** Used for FHIR and JWKS requests (tests pass the global fetch that msw intercepts). */
  readonly fetchImpl?: typeof fetch;
  readonly now?: () => Date;
  readonly metrics?: ServiceMetrics;
}

export interface CdsApp {
  readonly app: Express;
  /** Serves GET /metrics (also mounted on `app` unless METRICS_PORT gives it its own listener). */
  readonly metricsApp: Express;
  readonly metrics: ServiceMetrics;
  readonly store: ServiceStore;
  /** The same object as `store` (feedback and suppression were its first job). */
  readonly feedback: ServiceStore;
  /** Resolves once the hook workers have loaded (`/readyz` answers 503 "starting" until then). */
  hookWorkersReady(): Promise<void>;
  /** Turns readiness false (`/readyz` answers 503) while the process finishes its in-flight requests. */
  beginDrain(): void;
  /** Stops the hook workers and closes the store; call after the HTTP server has closed. */
  close(): Promise<void>;
  /** The JWT audiences accepted now (they follow the bound port when PUBLIC_BASE_URL is unset). */
  publicBaseUrls(): readonly string[];
  /** Tells the app the port it listens on (matters when PUBLIC_BASE_URL is unset and PORT=0). */
  setBoundPort(port: number): void;
}

const DISCOVERY_BODY = JSON.stringify(DISCOVERY_RESPONSE);

/** Builds the CDS service (never listens): `src/index.ts` listens; tests listen on 127.0.0.1:0. */
export function createApp(deps: AppDeps): CdsApp {
  const { config, logger } = deps;
  const now = deps.now ?? ((): Date => new Date());
  const fetchImpl = deps.fetchImpl ?? ((input, init) => fetch(input, init));
  const metrics = deps.metrics ?? createMetrics({ collectDefaults: false });
  const store = deps.store ?? openDefaultStore(config);
  let draining = false;
  const verifier = createClientJwtVerifier({
    trustedClients: config.trustedClients,
    keySets: new ClientKeySets({ cooldownMs: config.jwksRefreshCooldownMs, fetchImpl }),
    jtis: store,
    now,
    maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
  });
  let publicBaseUrls = config.publicBaseUrls;
  const jwt = requireClientJwt({
    enabled: config.requireJwt,
    verifier,
    publicBaseUrls: () => publicBaseUrls,
    logger,
    metrics,
  });
  const metricsApp = createMetricsApp(metrics, config.metricsToken);
  const jsonTypes = ['application/json', 'application/*+json'];
  const json = express.json({ limit: config.bodyLimit, type: jsonTypes });
  // Hook calls keep the raw bytes: they are parsed where the hook work runs (a worker thread, see HOOK_WORKERS).
  const rawJson = express.raw({ limit: config.bodyLimit, type: jsonTypes });
  const engine = deps.engine ?? SHARED_ENGINE;
  const hookWork = createHookWorkRunner({ config, engine, logger, metrics });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // While draining, every response closes its connection, so keep-alive clients reconnect to another replica.
  const inFlight = new Set<ServerResponse>();
  app.use((_req, res, next) => {
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    next();
  });
  app.use(requestContext(logger));
  app.use(corsForCdsClients(config.corsOrigins));

  app.get('/healthz', (_req, res) => {
    res.locals.route = 'healthz';
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    res.locals.route = 'readyz';
    res.set('cache-control', 'no-store');
    if (draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    if (!hookWork.isReady()) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    try {
      await withTimeout(store.ping(), config.databaseTimeoutMs);
      res.json({ status: 'ready', store: store.kind });
    } catch {
      res.status(503).json({ status: 'store-unreachable', store: store.kind });
    }
  });
  if (config.metricsPort === undefined) app.use(metricsApp);

  app.get('/cds-services', jwt, (_req, res) => {
    res.locals.route = 'discovery';
    res.type('application/json').send(DISCOVERY_BODY);
  });
  app.post(
    '/cds-services/:id',
    jwt,
    rawJson,
    invokeRoute({
      config,
      engine,
      hookWork,
      feedback: store,
      fetchImpl,
      now,
      metrics,
      replays: new ReplayCache(),
      orderSessions: new OrderSessionMemory(config.orderSessionMs),
      logger,
    })
  );
  app.post('/cds-services/:id/feedback', jwt, json, feedbackRoute({ feedback: store, metrics, now }));

  app.use((_req, _res, next) => next(new NotFoundError('Not found')));
  app.use(errorHandler(logger));

  return {
    app,
    metricsApp,
    metrics,
    store,
    feedback: store,
    publicBaseUrls: () => publicBaseUrls,
    setBoundPort(port) {
      if (config.publicBaseUrlsDefaulted) publicBaseUrls = defaultPublicBaseUrls(port);
    },
    hookWorkersReady: () => hookWork.whenReady(),
    beginDrain: () => {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    },
    close: async () => {
      await hookWork.close();
      await store.close();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** GET /metrics, behind `Authorization: Bearer <METRICS_TOKEN>` when a token is configured. */
function createMetricsApp(metrics: ServiceMetrics, token: string | undefined): Express {
  const expected = token === undefined ? undefined : Buffer.from(`Bearer ${token}`);
  const metricsApp = express();
  metricsApp.disable('x-powered-by');
  metricsApp.get('/metrics', async (req, res) => {
    res.locals.route = 'metrics';
    if (expected !== undefined) {
      const given = Buffer.from(req.get('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res
          .status(401)
          .set('www-authenticate', 'Bearer')
          .json(buildOperationOutcome('login', ['METRICS_TOKEN required']));
        return;
      }
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return metricsApp;
}

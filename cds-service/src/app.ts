import type { ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import { JwksCache } from './auth/jwks-cache';
import { createClientJwtVerifier } from './auth/verify-client-jwt';
import type { ServiceConfig } from './config';
import { NotFoundError } from './errors';
import { SHARED_ENGINE, type CdsEngine } from './invoke/engine';
import { ReplayCache } from './invoke/replay-cache';
import { cors } from './middleware/cors';
import { errorHandler } from './middleware/error-handler';
import { requestContext } from './middleware/request-context';
import { requireClientJwt } from './middleware/require-client-jwt';
import type { Logger } from './ops/logger';
import { createMetrics, type ServiceMetrics } from './ops/metrics';
import { feedbackRoute } from './routes/feedback';
import { invokeRoute, rawBodies } from './routes/invoke';
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
  readonly metrics: ServiceMetrics;
  readonly store: ServiceStore;
  /** The same object as `store` (feedback and suppression were its first job). */
  readonly feedback: ServiceStore;
  /** Turns readiness false (`/readyz` answers 503) while the process finishes its in-flight requests. */
  beginDrain(): void;
  /** Closes the store; call after the HTTP server has closed. */
  close(): Promise<void>;
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
    jwks: new JwksCache(config.jwksRefreshCooldownMs, fetchImpl, () => now().getTime()),
    jtis: store,
    now,
    maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
  });
  const jwt = requireClientJwt({
    enabled: config.requireJwt,
    verifier,
    publicBaseUrls: config.publicBaseUrls,
    logger,
    metrics,
  });
  const json = express.json({
    limit: config.bodyLimit,
    type: ['application/json', 'application/*+json'],
    verify: (req, _res, buffer) => {
      rawBodies.set(req, buffer);
    },
  });

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
  app.use(cors(config.corsOrigins));

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
    try {
      await withTimeout(store.ping(), config.databaseTimeoutMs);
      res.json({ status: 'ready', store: store.kind });
    } catch {
      res.status(503).json({ status: 'store-unreachable', store: store.kind });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.locals.route = 'metrics';
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/cds-services', jwt, (_req, res) => {
    res.locals.route = 'discovery';
    res.type('application/json').send(DISCOVERY_BODY);
  });
  app.post(
    '/cds-services/:id',
    jwt,
    json,
    invokeRoute({
      config,
      engine: deps.engine ?? SHARED_ENGINE,
      feedback: store,
      fetchImpl,
      now,
      metrics,
      replays: new ReplayCache(),
    })
  );
  app.post('/cds-services/:id/feedback', jwt, json, feedbackRoute({ feedback: store, metrics, now }));

  app.use((_req, _res, next) => next(new NotFoundError('Not found')));
  app.use(errorHandler(logger));

  return {
    app,
    metrics,
    store,
    feedback: store,
    beginDrain: () => {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    },
    close: () => store.close(),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

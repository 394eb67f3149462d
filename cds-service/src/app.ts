import express, { type Express } from 'express';
import { JwksCache } from './auth/jwks-cache';
import { JtiStore } from './auth/jti-store';
import { createClientJwtVerifier } from './auth/verify-client-jwt';
import type { ServiceConfig } from './config';
import { NotFoundError } from './errors';
import { FeedbackStore } from './feedback/feedback-store';
import { SHARED_ENGINE, type CdsEngine } from './invoke/engine';
import { OrderSessionMemory } from './invoke/order-session';
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

export interface AppDeps {
  readonly config: ServiceConfig;
  readonly logger: Logger;
  readonly engine?: CdsEngine;
  readonly feedback?: FeedbackStore;
  /** Used for FHIR and JWKS requests (tests pass the global fetch that msw intercepts). */
  readonly fetchImpl?: typeof fetch;
  readonly now?: () => Date;
  readonly metrics?: ServiceMetrics;
}

export interface CdsApp {
  readonly app: Express;
  readonly metrics: ServiceMetrics;
  readonly feedback: FeedbackStore;
  close(): void;
}

const DISCOVERY_BODY = JSON.stringify(DISCOVERY_RESPONSE);

/** Builds the CDS service (never listens): `src/index.ts` listens; tests listen on 127.0.0.1:0. */
export function createApp(deps: AppDeps): CdsApp {
  const { config, logger } = deps;
  const now = deps.now ?? ((): Date => new Date());
  const fetchImpl = deps.fetchImpl ?? ((input, init) => fetch(input, init));
  const metrics = deps.metrics ?? createMetrics({ collectDefaults: false });
  const feedback = deps.feedback ?? new FeedbackStore(config.feedbackDbPath, config.suppressionDays);
  const verifier = createClientJwtVerifier({
    trustedClients: config.trustedClients,
    jwks: new JwksCache(config.jwksRefreshCooldownMs, fetchImpl, () => now().getTime()),
    jtis: new JtiStore(),
    now,
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
  app.use(requestContext(logger));
  app.use(cors(config.corsOrigins));

  app.get('/healthz', (_req, res) => {
    res.locals.route = 'healthz';
    res.json({ status: 'ok' });
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
      feedback,
      fetchImpl,
      now,
      metrics,
      replays: new ReplayCache(),
      orderSessions: new OrderSessionMemory(config.orderSessionMs),
    })
  );
  app.post('/cds-services/:id/feedback', jwt, json, feedbackRoute({ feedback, metrics, now }));

  app.use((_req, _res, next) => next(new NotFoundError('Not found')));
  app.use(errorHandler(logger));

  return { app, metrics, feedback, close: () => feedback.close() };
}

import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import { CDS_REQUEST_SCHEMAS, formatSchemaIssues, type CdsServiceRequest } from '@tachywatch/shared';
import { BadRequestError, HttpError, NotFoundError, PrefetchUnavailableError } from '../errors';
import type { HookDeps } from '../invoke/run-hook';
import { runHook } from '../invoke/run-hook';
import type { CachedResponse, ReplayCache } from '../invoke/replay-cache';
import type { Logger } from '../ops/logger';
import type { ServiceMetrics } from '../ops/metrics';
import { getCdsService, type CdsServiceEntry } from '../services/registry';

/** Raw request bodies, kept by the JSON parser so a replay can be recognised cheaply. */
export const rawBodies = new WeakMap<IncomingMessage, Buffer>();

export interface InvokeDeps extends HookDeps {
  readonly metrics: ServiceMetrics;
  readonly replays: ReplayCache;
  readonly logger: Logger;
}

/** POST /cds-services/{id}: validate → (replay?) → run the hook → `{cards}`. */
export function invokeRoute(deps: InvokeDeps) {
  return async (req: Request<{ id: string }>, res: Response): Promise<void> => {
    const service = getCdsService(req.params.id);
    res.locals.route = 'invoke';
    if (!service) throw new NotFoundError(`Unknown CDS service id`);
    res.locals.logFields = { serviceId: service.id, hook: service.hook };
    const request = parseRequest(service, req.body);

    const nowMs = deps.now().getTime();
    const key = buildReplayKey(service.id, request.hookInstance, rawBodies.get(req) ?? JSON.stringify(req.body));
    const cached = deps.replays.get(key, nowMs);
    if (cached) {
      deps.metrics.hookReplays.inc({ service: service.id });
      const replay = await cached;
      addLogFields(res, { replay: true });
      res.status(replay.status).json(replay.body);
      return;
    }

    const stopTimer = deps.metrics.requestDuration.startTimer({ service: service.id, hook: service.hook });
    const pending = runHook(service, request, deps);
    deps.replays.set(
      key,
      pending.then((result): CachedResponse => ({ status: 200, body: result.response })),
      nowMs
    );
    try {
      const result = await pending;
      // Counts only: a card's kind or indicator is a clinical category (an item-9 result, a possible tachyphylaxis).
      if (result.built.length > 0) deps.metrics.cards.inc({ service: service.id }, result.built.length);
      countFetchErrors(deps.metrics, result.outcomes);
      addLogFields(res, {
        cards: result.built.length,
        suppressed: result.suppressed,
        shownAtSelect: result.shownAtSelect,
        ...(result.storeAvailable ? {} : { storeUnavailable: true }),
        fetch: summarizeOutcomes(result.outcomes),
      });
      stopTimer({ status: 200 });
      res.status(200).json(result.response);
    } catch (error) {
      stopTimer({ status: error instanceof HttpError ? error.status : 500 });
      if (error instanceof PrefetchUnavailableError) {
        const outcomes = error.outcomes as HookResultOutcomes;
        countFetchErrors(deps.metrics, outcomes);
        addLogFields(res, { missingRequired: error.keys, fetch: summarizeOutcomes(outcomes) });
        warnIfServerNotAllowed(deps, res, request.fhirServer, outcomes);
      }
      throw error;
    }
  };
}

/** A 412 because the hook named a FHIR server off the allow-list is a configuration problem: say which origin. */
function warnIfServerNotAllowed(
  deps: InvokeDeps,
  res: Response,
  fhirServer: string | undefined,
  outcomes: HookResultOutcomes
): void {
  const notAllowed = Object.values(outcomes).some(
    (outcome) => outcome.source === 'unavailable' && outcome.reason === 'server-not-allowed'
  );
  if (!notAllowed || fhirServer === undefined) return;
  let origin: string;
  try {
    origin = new URL(fhirServer).origin;
  } catch {
    origin = '(not a URL)';
  }
  deps.logger.warn(
    { reqId: res.locals.requestId, fhirServerOrigin: origin, allowedFhirServers: deps.config.allowedFhirServers },
    `412: the hook's fhirServer (origin ${origin}) is not in ALLOWED_FHIR_SERVERS (${
      deps.config.allowedFhirServers.join(', ') || 'empty'
    }); localhost and 127.0.0.1 are different origins`
  );
}

function addLogFields(res: Response, fields: Record<string, unknown>): void {
  res.locals.logFields = { ...(res.locals.logFields as Record<string, unknown>), ...fields };
}

function parseRequest(service: CdsServiceEntry, body: unknown): CdsServiceRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestError(['Request body must be a JSON object (Content-Type: application/json)']);
  }
  const hook = (body as { hook?: unknown }).hook;
  if (hook !== service.hook) {
    throw new BadRequestError([`hook: must be "${service.hook}" for service ${service.id}`]);
  }
  const parsed = CDS_REQUEST_SCHEMAS[service.hook].safeParse(body);
  if (!parsed.success) throw new BadRequestError(formatSchemaIssues(parsed.error));
  return parsed.data;
}

function buildReplayKey(serviceId: string, hookInstance: string, body: Buffer | string): string {
  const digest = createHash('sha256').update(body).digest('base64url');
  return `${serviceId}\u0000${hookInstance}\u0000${digest}`;
}

function countFetchErrors(metrics: ServiceMetrics, outcomes: HookResultOutcomes): void {
  for (const [key, outcome] of Object.entries(outcomes)) {
    if (outcome.source === 'unavailable') metrics.fhirFetchErrors.inc({ key, reason: outcome.reason });
    else if (outcome.partial) metrics.fhirFetchErrors.inc({ key, reason: `partial-${outcome.partial}` });
  }
}

function summarizeOutcomes(outcomes: HookResultOutcomes): Record<string, string> {
  return Object.fromEntries(
    Object.entries(outcomes).map(([key, outcome]) => [
      key,
      outcome.source === 'unavailable'
        ? `unavailable:${outcome.reason}`
        : `${outcome.source}:${outcome.pages}${outcome.partial ? `:partial-${outcome.partial}` : ''}`,
    ])
  );
}

type HookResultOutcomes = Awaited<ReturnType<typeof runHook>>['outcomes'];

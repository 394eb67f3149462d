import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { BadRequestError, HttpError, NotFoundError, PrefetchUnavailableError } from '../errors';
import type { HookWorkRunner } from '../invoke/hook-work-runner';
import type { HookDeps, HookResult } from '../invoke/run-hook';
import { finishHook, runHook } from '../invoke/run-hook';
import type { CachedResponse, ReplayCache } from '../invoke/replay-cache';
import type { Logger } from '../ops/logger';
import type { ServiceMetrics } from '../ops/metrics';
import { getCdsService, type CdsServiceEntry } from '../services/registry';

export interface InvokeDeps extends HookDeps {
  readonly metrics: ServiceMetrics;
  readonly replays: ReplayCache;
  readonly logger: Logger;
  readonly hookWork: HookWorkRunner;
}

/**
 * POST /cds-services/{id}: raw body → (replay?) → the hook work (parse, validate, assess, cards; in a worker thread
 * unless HOOK_WORKERS=0) → fetch what the prefetch lacked, if anything → store → `{cards}`.
 */
export function invokeRoute(deps: InvokeDeps) {
  return async (req: Request<{ id: string }>, res: Response): Promise<void> => {
    const service = getCdsService(req.params.id);
    res.locals.route = 'invoke';
    if (!service) throw new NotFoundError(`Unknown CDS service id`);
    res.locals.logFields = { serviceId: service.id, hook: service.hook };
    const body = requireJsonBody(req);

    const nowMs = deps.now().getTime();
    // Hashed before the body moves to a worker: the same body (hookInstance included) is the same call.
    const key = buildReplayKey(service.id, body);
    const cached = deps.replays.get(key, nowMs);
    if (cached) {
      deps.metrics.hookReplays.inc({ service: service.id });
      const replay = await cached;
      addLogFields(res, { replay: true });
      res.status(replay.status).json(replay.body);
      return;
    }

    const stopTimer = deps.metrics.requestDuration.startTimer({ service: service.id, hook: service.hook });
    const pending = executeHook(service, body, nowMs, deps, String(res.locals.requestId ?? ''));
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
      }
      throw error;
    }
  };
}

/** The hook work, then the FHIR server for what the prefetch lacked (if anything), then the store. */
async function executeHook(
  service: CdsServiceEntry,
  body: Uint8Array,
  nowMs: number,
  deps: InvokeDeps,
  requestId: string
): Promise<HookResult> {
  const work = await deps.hookWork.run({ serviceId: service.id, body, nowMs });
  switch (work.kind) {
    case 'invalid':
      throw new BadRequestError(work.details);
    case 'prefetch-unavailable':
      throw new PrefetchUnavailableError(work.keys, work.outcomes);
    case 'cards':
      return finishHook(service, work.context, work.built, work.outcomes, deps, new Date(nowMs));
    case 'needs-fhir-server':
      try {
        return await runHook(service, work.request, deps);
      } catch (error) {
        if (error instanceof PrefetchUnavailableError) {
          warnIfServerNotAllowed(deps, requestId, work.request.fhirServer, error.outcomes as HookResultOutcomes);
        }
        throw error;
      }
  }
}

/** RFC 8259 §8.1: JSON between systems is UTF-8; any other declared charset is refused (415). */
const NON_UTF8_CHARSET = /;\s*charset\s*=\s*"?(?!utf-?8\b)[^";\s]+/i;

function requireJsonBody(req: Request): Uint8Array {
  if (NON_UTF8_CHARSET.test(req.get('content-type') ?? '')) {
    throw new HttpError(415, 'not-supported', ['Unsupported request body encoding or charset']);
  }
  if (!(req.body instanceof Uint8Array)) {
    throw new BadRequestError(['Request body must be a JSON object (Content-Type: application/json)']);
  }
  return req.body;
}

/** A 412 because the hook named a FHIR server off the allow-list is a configuration problem: say which origin. */
function warnIfServerNotAllowed(
  deps: InvokeDeps,
  requestId: string,
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
    { reqId: requestId, fhirServerOrigin: origin, allowedFhirServers: deps.config.allowedFhirServers },
    `412: the hook's fhirServer (origin ${origin}) is not in ALLOWED_FHIR_SERVERS (${
      deps.config.allowedFhirServers.join(', ') || 'empty'
    }); localhost and 127.0.0.1 are different origins`
  );
}

function addLogFields(res: Response, fields: Record<string, unknown>): void {
  res.locals.logFields = { ...(res.locals.logFields as Record<string, unknown>), ...fields };
}

function buildReplayKey(serviceId: string, body: Uint8Array): string {
  const digest = createHash('sha256').update(body).digest('base64url');
  return `${serviceId}\u0000${digest}`;
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

type HookResultOutcomes = HookResult['outcomes'];

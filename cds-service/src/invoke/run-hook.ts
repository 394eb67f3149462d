import {
  PATIENT_DATA_QUERIES,
  type BuiltCard,
  type CdsServiceRequest,
  type CdsServiceResponse,
} from '@tachywatch/shared';
import type { ServiceConfig } from '../config';
import { PrefetchUnavailableError } from '../errors';
import type { FeedbackStore } from '../store/types';
import { resolvePatientData, type KeyOutcome, type ResolvedPatientData } from '../fhir/resolve-patient-data';
import type { CdsServiceEntry } from '../services/registry';
import type { CdsEngine } from './engine';
import { buildHookCards, describeCall, toHookWorkSettings, type HookCallContext } from './hook-work';
import { OrderSessionMemory } from './order-session';

export interface HookResult {
  readonly response: CdsServiceResponse;
  readonly built: readonly BuiltCard[];
  readonly suppressed: number;
  /** order-sign cards left out because order-select showed them for the same draft in this session. */
  readonly shownAtSelect: number;
  readonly outcomes: Readonly<Record<string, KeyOutcome>>;
  /** False when the store could not be read or written (suppression not applied, issuance not remembered). */
  readonly storeAvailable: boolean;
}

export interface HookDeps {
  readonly config: ServiceConfig;
  readonly engine: CdsEngine;
  readonly feedback: FeedbackStore;
  readonly fetchImpl: typeof fetch;
  readonly now: () => Date;
  readonly orderSessions: OrderSessionMemory;
}

/** The patient's data: the prefetch, then the FHIR server within the deadline; 412 when required data is missing. */
async function fetchHookData(request: CdsServiceRequest, deps: HookDeps): Promise<ResolvedPatientData> {
  const { config } = deps;
  const data = await resolvePatientData(PATIENT_DATA_QUERIES, {
    patientId: request.context.patientId,
    prefetch: request.prefetch,
    fhirServer: request.fhirServer,
    accessToken: request.fhirAuthorization?.access_token,
    allowedFhirServers: config.allowedFhirServers,
    fetchImpl: deps.fetchImpl,
    timeoutMs: config.fhirTimeoutMs,
    maxPages: config.fhirMaxPages,
    maxTotalBytes: config.fhirMaxBytes,
    deadline: AbortSignal.timeout(config.deadlineMs),
  });
  if (data.missingRequired.length > 0) throw new PrefetchUnavailableError(data.missingRequired, data.outcomes);
  return data;
}

/** The cards not overridden for the same episode, or undefined when the store cannot be read. */
async function dropSuppressed(
  built: readonly BuiltCard[],
  feedback: FeedbackStore,
  patientHash: string,
  nowMs: number
): Promise<BuiltCard[] | undefined> {
  try {
    const suppressed = await Promise.all(
      built.map((card) =>
        card.episodeKey === undefined
          ? Promise.resolve(false)
          : feedback.isSuppressed(patientHash, card.episodeKey, nowMs)
      )
    );
    return built.filter((_card, index) => !suppressed[index]);
  } catch {
    return undefined;
  }
}

/** Remembers the issued cards for feedback; false when the store cannot be written. */
async function recordIssued(
  kept: readonly BuiltCard[],
  feedback: FeedbackStore,
  serviceId: string,
  patientHash: string,
  nowMs: number
): Promise<boolean> {
  try {
    await feedback.recordIssued(
      kept.flatMap((card) =>
        card.episodeKey !== undefined && card.card.uuid !== undefined
          ? [{ cardUuid: card.card.uuid, serviceId, patientHash, episodeKey: card.episodeKey }]
          : []
      ),
      nowMs
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * One hook call on the event loop: obtain the patient's data (prefetch, then the FHIR server within the deadline),
 * assess it with the shared engine, build the cards, then `finishHook`. No clinical reasoning here.
 */
export async function runHook(
  service: CdsServiceEntry,
  request: CdsServiceRequest,
  deps: HookDeps
): Promise<HookResult> {
  const data = await fetchHookData(request, deps);
  const now = deps.now();
  const built = buildHookCards(request, data.resources, deps.engine, toHookWorkSettings(deps.config), now);
  return finishHook(service, describeCall(request), built, data.outcomes, deps, now);
}

/**
 * What follows the cards, on the event loop (the store lives there): drop tachyphylaxis cards overridden for the
 * same episode, leave out at order-sign what order-select showed, remember what was issued for feedback.
 */
export async function finishHook(
  service: CdsServiceEntry,
  call: HookCallContext,
  built: readonly BuiltCard[],
  outcomes: Readonly<Record<string, KeyOutcome>>,
  deps: HookDeps,
  now: Date
): Promise<HookResult> {
  const patientHash = deps.feedback.hashPatient(call.fhirServer ?? '', call.patientId);
  const nowMs = now.getTime();
  // The store only filters overridden cards and remembers what was issued: when it is down, the cards (a PHQ-9
  // item 9 safety card among them) are still returned, unsuppressed, and the outage is logged.
  const unsuppressed = await dropSuppressed(built, deps.feedback, patientHash, nowMs);
  const notSuppressed = unsuppressed ?? [...built];
  const kept = applyOrderSession(call, notSuppressed, patientHash, deps.orderSessions, nowMs);
  const storeAvailable =
    unsuppressed !== undefined && (await recordIssued(kept, deps.feedback, service.id, patientHash, nowMs));
  return {
    response: { cards: kept.map((card) => card.card) },
    built: kept,
    suppressed: built.length - notSuppressed.length,
    shownAtSelect: notSuppressed.length - kept.length,
    outcomes,
    storeAvailable,
  };
}

/**
 * One card per finding per ordering session: order-select remembers what it showed (early advice); order-sign (the
 * final check) leaves out what order-select already showed for the same draft, and shows only what is new.
 */
function applyOrderSession(
  call: HookCallContext,
  cards: BuiltCard[],
  patientHash: string,
  sessions: OrderSessionMemory,
  nowMs: number
): BuiltCard[] {
  if (call.hook === 'patient-view') return cards;
  const userId = call.userId ?? '';
  const keyOf = (card: BuiltCard): string | undefined =>
    card.orderKey === undefined ? undefined : OrderSessionMemory.key(patientHash, userId, card.orderKey);
  if (call.hook === 'order-select') {
    sessions.remember(
      cards.flatMap((card) => keyOf(card) ?? []),
      nowMs
    );
    return cards;
  }
  return cards.filter((card) => {
    const key = keyOf(card);
    return key === undefined || !sessions.wasShown(key, nowMs);
  });
}

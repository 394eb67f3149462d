import { randomUUID } from 'node:crypto';
import {
  PATIENT_DATA_QUERIES,
  buildOrderCards,
  buildPatientViewCards,
  type BuiltCard,
  type CdsServiceRequest,
  type CdsServiceResponse,
} from '@tachywatch/shared';
import type { ServiceConfig } from '../config';
import { PrefetchUnavailableError } from '../errors';
import type { FeedbackStore } from '../store/types';
import { resolvePatientData, type KeyOutcome } from '../fhir/resolve-patient-data';
import type { CdsServiceEntry } from '../services/registry';
import type { CdsEngine } from './engine';
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

/**
 * One hook call: obtain the patient's data (prefetch, then the FHIR server within the deadline), assess it with
 * the shared engine, build the cards, drop tachyphylaxis cards overridden for the same episode, remember what was
 * issued for feedback. No clinical reasoning here.
 */
export async function runHook(
  service: CdsServiceEntry,
  request: CdsServiceRequest,
  deps: HookDeps
): Promise<HookResult> {
  const { config, engine } = deps;
  const patientId = request.context.patientId;
  const deadline = AbortSignal.timeout(config.deadlineMs);
  const data = await resolvePatientData(PATIENT_DATA_QUERIES, {
    patientId,
    prefetch: request.prefetch,
    fhirServer: request.fhirServer,
    accessToken: request.fhirAuthorization?.access_token,
    allowedFhirServers: config.allowedFhirServers,
    fetchImpl: deps.fetchImpl,
    timeoutMs: config.fhirTimeoutMs,
    maxPages: config.fhirMaxPages,
    maxTotalBytes: config.fhirMaxBytes,
    deadline,
  });
  if (data.missingRequired.length > 0) throw new PrefetchUnavailableError(data.missingRequired, data.outcomes);

  const now = deps.now();
  const record = engine.readPatientRecord(data.resources, {
    patientId,
    ...(request.fhirServer ? { fhirServer: request.fhirServer } : {}),
  });
  const assessment = engine.assessPatient(record, { now, config: config.analysis });
  const cardOptions = {
    ...(config.smartAppLaunchUrl ? { appLaunchUrl: config.smartAppLaunchUrl } : {}),
    includeEmerging: config.emergingCards,
    ...(config.crisisLine ? { crisisLine: config.crisisLine } : {}),
    includeResidualDrift: config.analysis.flags?.residualDriftCard === true,
    newId: randomUUID,
    getCitation: (id: Parameters<CdsEngine['getCitation']>[0]) => engine.getCitation(id),
  };
  let built: BuiltCard[];
  if (request.hook === 'patient-view') {
    built = buildPatientViewCards(assessment, cardOptions);
  } else {
    const drafts = engine.readDraftMedicationOrders(request.context.draftOrders);
    const selected =
      request.hook === 'order-select' && request.context.selections.length > 0
        ? drafts.filter((draft) => request.context.selections.includes(draft.ref))
        : drafts;
    built = buildOrderCards(
      assessment,
      engine.assessOrder(record, assessment, selected, { now, config: config.analysis }),
      cardOptions,
      selected.map((draft) => draft.ref)
    );
  }

  const patientHash = deps.feedback.hashPatient(request.fhirServer ?? '', patientId);
  const nowMs = now.getTime();
  // The store only filters overridden cards and remembers what was issued: when it is down, the cards (a PHQ-9
  // item 9 safety card among them) are still returned, unsuppressed, and the outage is logged.
  let notSuppressed: BuiltCard[] = built;
  let storeAvailable = true;
  try {
    const suppressed = await Promise.all(
      built.map((card) =>
        card.episodeKey === undefined
          ? Promise.resolve(false)
          : deps.feedback.isSuppressed(patientHash, card.episodeKey, nowMs)
      )
    );
    notSuppressed = built.filter((_card, index) => !suppressed[index]);
  } catch {
    storeAvailable = false;
  }
  const kept = applyOrderSession(request, notSuppressed, patientHash, deps.orderSessions, nowMs);
  if (storeAvailable) {
    try {
      await deps.feedback.recordIssued(
        kept.flatMap((card) =>
          card.episodeKey !== undefined && card.card.uuid !== undefined
            ? [{ cardUuid: card.card.uuid, serviceId: service.id, patientHash, episodeKey: card.episodeKey }]
            : []
        ),
        nowMs
      );
    } catch {
      storeAvailable = false;
    }
  }
  return {
    response: { cards: kept.map((card) => card.card) },
    built: kept,
    suppressed: built.length - notSuppressed.length,
    shownAtSelect: notSuppressed.length - kept.length,
    outcomes: data.outcomes,
    storeAvailable,
  };
}

/**
 * One card per finding per ordering session: order-select remembers what it showed (early advice); order-sign (the
 * final check) leaves out what order-select already showed for the same draft, and shows only what is new.
 */
function applyOrderSession(
  request: CdsServiceRequest,
  cards: BuiltCard[],
  patientHash: string,
  sessions: OrderSessionMemory,
  nowMs: number
): BuiltCard[] {
  if (request.hook === 'patient-view') return cards;
  const userId = request.context.userId ?? '';
  const keyOf = (card: BuiltCard): string | undefined =>
    card.orderKey === undefined ? undefined : OrderSessionMemory.key(patientHash, userId, card.orderKey);
  if (request.hook === 'order-select') {
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

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

export interface HookResult {
  readonly response: CdsServiceResponse;
  readonly built: readonly BuiltCard[];
  readonly suppressed: number;
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
      cardOptions
    );
  }

  const patientHash = deps.feedback.hashPatient(request.fhirServer ?? '', patientId);
  const nowMs = now.getTime();
  // The store only filters overridden cards and remembers what was issued: when it is down, the cards (a PHQ-9
  // item 9 safety card among them) are still returned, unsuppressed, and the outage is logged.
  let kept: BuiltCard[] = built;
  let storeAvailable = true;
  try {
    const suppressed = await Promise.all(
      built.map((card) =>
        card.episodeKey === undefined
          ? Promise.resolve(false)
          : deps.feedback.isSuppressed(patientHash, card.episodeKey, nowMs)
      )
    );
    kept = built.filter((_card, index) => !suppressed[index]);
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
  return {
    response: { cards: kept.map((card) => card.card) },
    built: kept,
    suppressed: built.length - kept.length,
    outcomes: data.outcomes,
    storeAvailable,
  };
}

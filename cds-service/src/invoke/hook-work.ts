import { randomUUID } from 'node:crypto';
import {
  PATIENT_DATA_QUERIES,
  buildOrderCards,
  buildPatientViewCards,
  type AnalysisConfig,
  type BuiltCard,
  type CdsServiceRequest,
  type FhirResourceLike,
  type MedicationEvent,
  type PatientRecord,
} from '@tachywatch/shared';
import type { ServiceConfig } from '../config';
import { needsFhirServer, resolvePatientData, type KeyOutcome } from '../fhir/resolve-patient-data';
import { getCdsService } from '../services/registry';
import type { CdsEngine } from './engine';
import { parseHookRequest } from './hook-request';

/** What the hook's CPU-bound work needs from the configuration: plain data, so a worker thread can hold it. */
export interface HookWorkSettings {
  readonly analysis: AnalysisConfig;
  readonly smartAppLaunchUrl?: string;
  readonly emergingCards: boolean;
  readonly crisisLine: string;
  readonly allowedFhirServers: readonly string[];
  readonly fhirMaxPages: number;
}

export function toHookWorkSettings(config: ServiceConfig): HookWorkSettings {
  return {
    analysis: config.analysis,
    ...(config.smartAppLaunchUrl ? { smartAppLaunchUrl: config.smartAppLaunchUrl } : {}),
    emergingCards: config.emergingCards,
    crisisLine: config.crisisLine,
    allowedFhirServers: config.allowedFhirServers,
    fhirMaxPages: config.fhirMaxPages,
  };
}

export interface HookWorkInput {
  readonly serviceId: string;
  /** The raw request body (UTF-8 JSON). */
  readonly body: Uint8Array;
  readonly nowMs: number;
}

/** The parts of the request the event loop needs after the work: no patient data beyond the ids. */
export interface HookCallContext {
  readonly hook: CdsServiceRequest['hook'];
  readonly patientId: string;
  readonly fhirServer?: string;
  readonly userId?: string;
}

export type HookWorkResult =
  | {
      readonly kind: 'cards';
      readonly context: HookCallContext;
      readonly built: readonly BuiltCard[];
      readonly outcomes: Readonly<Record<string, KeyOutcome>>;
    }
  | { readonly kind: 'invalid'; readonly details: readonly string[] }
  | {
      readonly kind: 'prefetch-unavailable';
      readonly keys: readonly string[];
      readonly outcomes: Readonly<Record<string, KeyOutcome>>;
    }
  /** The prefetch leaves data to fetch (missing keys, more pages): the event loop fetches it (`runHook`). */
  | { readonly kind: 'needs-fhir-server'; readonly request: CdsServiceRequest };

const refuseFetch: typeof fetch = () => Promise.reject(new Error('the hook work never fetches'));

/**
 * The CPU-bound part of a hook call, the same on the event loop and in a worker thread: parse and validate the
 * body, take the patient's data from the prefetch, assess it with the shared engine and build the cards. Anything
 * that needs the network or the store is left to the caller. No clinical reasoning here.
 */
export async function runHookWork(
  input: HookWorkInput,
  settings: HookWorkSettings,
  engine: CdsEngine
): Promise<HookWorkResult> {
  const read = await readPrefetchedRecord(input, settings, engine);
  if (read.kind !== 'record') return read;
  return {
    kind: 'cards',
    context: read.hookRecord.call,
    built: buildCardsFor(read.hookRecord, engine, settings, new Date(input.nowMs)),
    outcomes: read.outcomes,
  };
}

/**
 * Parse, validate and read the prefetch into the patient's record. The parsed body is the bulk of the heap and is
 * not referenced once this returns, so it is garbage before the assessment runs (keeps garbage collection cheap).
 */
async function readPrefetchedRecord(
  input: HookWorkInput,
  settings: HookWorkSettings,
  engine: CdsEngine
): Promise<
  | Exclude<HookWorkResult, { kind: 'cards' }>
  | { kind: 'record'; hookRecord: HookRecord; outcomes: Readonly<Record<string, KeyOutcome>> }
> {
  const service = getCdsService(input.serviceId);
  if (!service) return { kind: 'invalid', details: ['Unknown CDS service id'] };
  const parsed = parseHookRequest(service, input.body);
  if (!parsed.ok) return { kind: 'invalid', details: parsed.details };
  const { request } = parsed;
  if (request.fhirServer !== undefined && needsFhirServer(PATIENT_DATA_QUERIES, request.prefetch)) {
    return { kind: 'needs-fhir-server', request };
  }
  // Nothing left to fetch: resolution reads the prefetch only (keys it lacks are reported unavailable).
  const data = await resolvePatientData(PATIENT_DATA_QUERIES, {
    patientId: request.context.patientId,
    prefetch: request.prefetch,
    fhirServer: request.fhirServer,
    accessToken: undefined,
    allowedFhirServers: settings.allowedFhirServers,
    fetchImpl: refuseFetch,
    timeoutMs: 1,
    maxPages: settings.fhirMaxPages,
    deadline: new AbortController().signal,
  });
  if (data.missingRequired.length > 0) {
    return { kind: 'prefetch-unavailable', keys: data.missingRequired, outcomes: data.outcomes };
  }
  return { kind: 'record', hookRecord: readHookRecord(request, data.resources, engine), outcomes: data.outcomes };
}

export function describeCall(request: CdsServiceRequest): HookCallContext {
  return {
    hook: request.hook,
    patientId: request.context.patientId,
    ...(request.fhirServer !== undefined ? { fhirServer: request.fhirServer } : {}),
    ...('userId' in request.context && request.context.userId !== undefined ? { userId: request.context.userId } : {}),
  };
}

/** What the cards are built from: the call, the patient's record and, for order hooks, the selected drafts. */
interface HookRecord {
  readonly call: HookCallContext;
  readonly record: PatientRecord;
  readonly drafts?: readonly MedicationEvent[];
}

function readHookRecord(
  request: CdsServiceRequest,
  resources: readonly FhirResourceLike[],
  engine: CdsEngine
): HookRecord {
  const call = describeCall(request);
  const record = engine.readPatientRecord(resources, {
    patientId: request.context.patientId,
    ...(request.fhirServer ? { fhirServer: request.fhirServer } : {}),
  });
  if (request.hook === 'patient-view') return { call, record };
  const drafts = engine.readDraftMedicationOrders(request.context.draftOrders);
  const selected =
    request.hook === 'order-select' && request.context.selections.length > 0
      ? drafts.filter((draft) => request.context.selections.includes(draft.ref))
      : drafts;
  return { call, record, drafts: selected };
}

/** Assesses the record with the shared engine and builds the hook's cards (order hooks: for the selected drafts). */
function buildCardsFor(
  { call, record, drafts }: HookRecord,
  engine: CdsEngine,
  settings: HookWorkSettings,
  now: Date
): BuiltCard[] {
  const assessment = engine.assessPatient(record, { now, config: settings.analysis });
  const cardOptions = {
    ...(settings.smartAppLaunchUrl ? { appLaunchUrl: settings.smartAppLaunchUrl } : {}),
    includeEmerging: settings.emergingCards,
    ...(settings.crisisLine ? { crisisLine: settings.crisisLine } : {}),
    includeResidualDrift: settings.analysis.flags?.residualDriftCard === true,
    newId: randomUUID,
    getCitation: (id: Parameters<CdsEngine['getCitation']>[0]) => engine.getCitation(id),
  };
  if (call.hook === 'patient-view' || drafts === undefined) return buildPatientViewCards(assessment, cardOptions);
  return buildOrderCards(
    assessment,
    engine.assessOrder(record, assessment, drafts, { now, config: settings.analysis }),
    cardOptions,
    drafts.map((draft) => draft.ref)
  );
}

/** The cards for a request whose data is at hand (the event loop's path, after fetching). */
export function buildHookCards(
  request: CdsServiceRequest,
  resources: readonly FhirResourceLike[],
  engine: CdsEngine,
  settings: HookWorkSettings,
  now: Date
): BuiltCard[] {
  return buildCardsFor(readHookRecord(request, resources, engine), engine, settings, now);
}

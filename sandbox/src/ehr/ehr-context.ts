import { readPatientRecord, type PatientRecord } from '@tachywatch/shared';
import type { Request } from 'express';
import type { AuthServer } from '../auth/auth-server';
import type { CdsClient, CdsClientIdentity } from './cds-client';
import type { PanelOptions } from './panel';
import { fetchPatientResources } from './patient-data';
import type { CdsMode, ShownCard, SilencedCard } from './views';

export interface EhrDeps {
  /** Origin of the FHIR + auth server (`/fhir`, `/fhir-open`, `/auth`). */
  readonly getFhirOrigin: () => string;
  readonly auth: AuthServer;
  readonly cds: CdsClient;
  readonly identity: CdsClientIdentity;
  /** The signed-in clinician, a relative reference. */
  readonly userId: string;
  readonly fetchImpl?: typeof fetch;
  readonly now?: () => Date;
  /** The SMART app's launch URL, for the chart's app menu (the app opens for any patient, card or not). */
  readonly appLaunchUrl?: string;
  /** A label per patient id (the scenario a synthetic patient was made for), shown in the patient list. */
  readonly patientLabels?: ReadonlyMap<string, string>;
  /** The Panel page (population registry): where the registry file is and how to launch the app. */
  readonly panel?: Pick<PanelOptions, 'registryFile' | 'appLaunchUrl'>;
}

export type StoredCard = ShownCard & { readonly patientId: string };

/** The mini EHR's dependencies and what it remembers between pages (each store bounded by MAX_REMEMBERED). */
export interface EhrContext {
  readonly deps: EhrDeps;
  readonly fetchImpl: typeof fetch;
  readonly now: () => Date;
  /** The open (unauthenticated) FHIR endpoint the EHR's own backend reads. */
  readonly openBase: () => string;
  /** Cards shown, by uuid, for feedback and app links. */
  readonly cards: Map<string, StoredCard>;
  /** Launched app frames, by key. */
  readonly frames: Map<string, { readonly patientId: string; readonly url: string }>;
  /** Cards the clinician overrode, per patient: hidden from the chart, listed as silenced. */
  readonly silenced: Map<string, SilencedCard[]>;
  /** order-sign results, so the page after signing survives a reload. */
  readonly signed: Map<string, { readonly patientId: string; readonly draftId: string; readonly cards: ShownCard[] }>;
}

const MAX_REMEMBERED = 500;

export const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function createEhrContext(deps: EhrDeps): EhrContext {
  return {
    deps,
    fetchImpl: deps.fetchImpl ?? fetch,
    now: deps.now ?? ((): Date => new Date()),
    openBase: () => `${deps.getFhirOrigin()}/fhir-open`,
    cards: new Map(),
    frames: new Map(),
    silenced: new Map(),
    signed: new Map(),
  };
}

/** Stores a value, dropping the oldest entry past MAX_REMEMBERED. */
export function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

export function toMode(value: unknown): CdsMode {
  return value === 'fhir-authorization' ? 'fhir-authorization' : 'prefetch';
}

/** The patient's record, or undefined when the FHIR server does not hold the patient. */
export async function loadRecord(context: EhrContext, patientId: string): Promise<PatientRecord | undefined> {
  const response = await context.fetchImpl(`${context.openBase()}/Patient/${encodeURIComponent(patientId)}`);
  if (!response.ok) return undefined;
  return readPatientRecord(await fetchPatientResources(context.openBase(), patientId, context.fetchImpl), {
    patientId,
  });
}

/** The card named by the `:uuid` route parameter, when it was shown for the `:id` patient. */
export function findShownCard(context: EhrContext, req: Request): StoredCard | undefined {
  const stored = context.cards.get(String(req.params.uuid));
  return stored?.patientId === String(req.params.id) ? stored : undefined;
}

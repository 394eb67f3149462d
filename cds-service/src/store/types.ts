import type { FeedbackItem } from '@tachywatch/shared';

/** A card issued to a patient, remembered so that feedback on it can suppress the same episode later. */
export interface IssuedCard {
  readonly cardUuid: string;
  readonly serviceId: string;
  readonly patientHash: string;
  readonly episodeKey: string;
}

export interface SaveFeedbackResult {
  readonly stored: number;
  readonly duplicates: number;
  readonly suppressions: number;
}

export interface StoredFeedback {
  readonly outcome: string;
  readonly overrideCode: string | null;
  readonly userComment: string | null;
}

/**
 * Feedback and override suppression. Patients are stored only as a salted HMAC (the salt lives in the store, so
 * every replica computes the same hash); feedback is idempotent on card + outcome + instant.
 */
export interface FeedbackStore {
  hashPatient(scope: string, patientId: string): string;
  recordIssued(cards: readonly IssuedCard[], nowMs: number): Promise<void>;
  isSuppressed(patientHash: string, episodeKey: string, nowMs: number): Promise<boolean>;
  saveFeedback(serviceId: string, items: readonly FeedbackItem[], nowMs: number): Promise<SaveFeedbackResult>;
  countFeedback(cardUuid: string): Promise<number>;
  getFeedback(cardUuid: string): Promise<StoredFeedback[]>;
}

/**
 * `fresh`: first use of this token id; `replay`: already used and not yet expired; `issuer-quota`: the issuer
 * already holds its maximum of live token ids (its own flood), so its new tokens are refused and nobody else's.
 */
export type JtiVerdict = 'fresh' | 'replay' | 'issuer-quota';

/** JWT replay protection: each `jti` (per issuer) is accepted once until its token expires. */
export interface ReplayStore {
  claimJti(issuer: string, jti: string, expiresAtMs: number, nowMs: number): Promise<JtiVerdict>;
}

export type StoreKind = 'sqlite' | 'postgres';

/** All state the service shares between requests and replicas, behind one interface. */
export interface ServiceStore extends FeedbackStore, ReplayStore {
  readonly kind: StoreKind;
  /** Resolves when the store answers a trivial query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

import { createHmac } from 'node:crypto';

/** The salted hash that stands for a patient in the store (scoped by FHIR server); never the id itself. */
export function hashPatientId(salt: Buffer, scope: string, patientId: string): string {
  return createHmac('sha256', salt).update(`${scope}\u0000${patientId}`).digest('hex');
}

export const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an issued card's patient hash and episode are kept for joining with feedback. */
export const ISSUANCE_TTL_MS = 14 * DAY_MS;
/** Expired issuance and suppression rows are deleted once per this many issuance writes. */
export const PRUNE_EVERY_WRITES = 500;

import type Client from 'fhirclient/lib/Client';
import { createFhirClientWriter, type ReviewWriter } from '../api/review-writer';

/** Whether the review can be saved to the EHR in this session, and how. */
export type WriteBack =
  | { readonly status: 'off' }
  | {
      readonly status: 'on';
      readonly writer: ReviewWriter;
      readonly patientId: string;
      /** `Practitioner/…` from the launch's fhirUser, the review's author. */
      readonly author?: string;
      readonly encounterId?: string;
      /** Whether the granted scopes allow each write; undefined when the EHR did not say which scopes it granted. */
      readonly canSaveReview?: boolean;
      readonly canProposeReferral?: boolean;
    };

/**
 * Whether a granted scope string allows creating the type: SMART v2 `c` or v1 `write`/`*`, on the type or `*`, at
 * patient or user level. Undefined when there is no scope string to read.
 */
export function canCreate(grantedScope: unknown, resourceType: string): boolean | undefined {
  if (typeof grantedScope !== 'string') return undefined;
  return grantedScope.split(/\s+/).some((scope) => {
    const match = /^(?:patient|user)\/(\*|[A-Za-z]+)\.([a-z*]+)$/.exec(scope);
    if (!match || (match[1] !== '*' && match[1] !== resourceType)) return false;
    const permission = match[2] ?? '';
    return permission === 'write' || permission === '*' || (permission !== 'read' && permission.includes('c'));
  });
}

/** The write-back state for a launch: off unless the site turned it on (`flags.writeBack`). */
export function getWriteBack(client: Client, patientId: string, siteWriteBack: boolean): WriteBack {
  if (!siteWriteBack) return { status: 'off' };
  const scope: unknown = (client.state.tokenResponse as { scope?: unknown } | undefined)?.scope;
  const fhirUser = client.user.fhirUser;
  return {
    status: 'on',
    writer: createFhirClientWriter(client),
    patientId,
    author: typeof fhirUser === 'string' && /^[A-Z][A-Za-z]+\/[^/]+$/.test(fhirUser) ? fhirUser : undefined,
    encounterId: client.encounter.id === null ? undefined : String(client.encounter.id),
    canSaveReview: canCreate(scope, 'QuestionnaireResponse'),
    canProposeReferral: canCreate(scope, 'ServiceRequest'),
  };
}

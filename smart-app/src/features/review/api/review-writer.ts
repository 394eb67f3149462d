import type Client from 'fhirclient/lib/Client';

/** What the EHR said about a resource it stored. */
export interface SavedResource {
  readonly resourceType: string;
  readonly id: string;
  /** When the EHR stored it (`meta.lastUpdated`), else when the app saw the answer. */
  readonly savedAt: string;
}

/** The two writes the review step makes; injected so the review renders (and is tested) without a live client. */
export interface ReviewWriter {
  create(resource: fhir4.Resource): Promise<SavedResource>;
  update(resource: fhir4.Resource & { id: string }): Promise<SavedResource>;
}

/** The EHR answered a write with success but no id or Location: it may have stored the resource. */
export class UnlocatedWriteError extends Error {
  override readonly name = 'UnlocatedWriteError';
}

interface CombinedResult {
  readonly body?: unknown;
  readonly response?: { readonly headers: { get(name: string): string | null } };
}

/** `…/QuestionnaireResponse/abc/_history/2` → `abc`, for servers that answer 201 with a Location and no body. */
export function getIdFromLocation(location: string | null | undefined, resourceType: string): string | undefined {
  if (!location) return undefined;
  const segments = location.split('?')[0]?.split('/') ?? [];
  const at = segments.lastIndexOf(resourceType);
  const id = at < 0 ? undefined : segments[at + 1];
  return id && /^[A-Za-z0-9\-.]{1,64}$/.test(id) ? id : undefined;
}

function toSaved(resourceType: string, result: CombinedResult, knownId?: string): SavedResource {
  const body = (typeof result.body === 'object' && result.body !== null ? result.body : {}) as fhir4.Resource;
  const id =
    (body.resourceType === resourceType ? body.id : undefined) ??
    getIdFromLocation(result.response?.headers.get('location'), resourceType) ??
    knownId;
  if (!id) {
    throw new UnlocatedWriteError(
      `The EHR accepted the ${resourceType} but did not say where it is stored (no id, no Location)`
    );
  }
  return { resourceType, id, savedAt: body.meta?.lastUpdated ?? new Date().toISOString() };
}

/** Asks for the stored resource back; a server that answers 201 without a body is read at its Location by fhirclient. */
const WRITE_OPTIONS = {
  includeResponse: true,
  headers: { 'content-type': 'application/fhir+json', prefer: 'return=representation' },
} as const;

/** Writes through the launch's fhirclient Client (its token, its server), reading the id from the body or Location. */
export function createFhirClientWriter(client: Client): ReviewWriter {
  return {
    async create(resource) {
      const result = (await client.create(resource as never, WRITE_OPTIONS)) as CombinedResult;
      return toSaved(resource.resourceType, result);
    },
    async update(resource) {
      const result = (await client.update(resource as never, WRITE_OPTIONS)) as CombinedResult;
      return toSaved(resource.resourceType, result, resource.id);
    },
  };
}

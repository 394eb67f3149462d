import type { ResourceEntry } from './bundle';
import { getObjects, getString, isJsonObject, type JsonObject } from './json';

/**
 * Index of the input's resources for reference resolution, built once: by `Type/id` and by Bundle `fullUrl`.
 * Resolution handles relative (`Medication/1`), absolute (`https://x/fhir/Medication/1/_history/2`), `urn:uuid:`
 * fullUrls and contained (`#id`) references.
 */
export class ResourceIndex {
  private byTypeAndId: Map<string, JsonObject> | undefined;
  private byFullUrl: Map<string, JsonObject> | undefined;
  /** Whether some fullUrl has no `:` (not an absolute URL or URN, as FHIR requires); set by `build`. */
  private relativeFullUrls = false;

  /** `refs[i]`, when given, is `toResourceRef(entries[i].resource, i)` (already computed by the caller). */
  constructor(
    private readonly entries: readonly ResourceEntry[],
    private readonly refs?: readonly string[]
  ) {}

  /** Built on first use: most records resolve no reference at all. */
  private build(): Map<string, JsonObject> {
    const byTypeAndId = new Map<string, JsonObject>();
    const refs = this.refs;
    let relativeFullUrls = false;
    for (let position = 0; position < this.entries.length; position += 1) {
      const { resource, fullUrl } = this.entries[position] as ResourceEntry;
      const id = getString(resource, 'id');
      if (id) {
        const key = refs?.[position] ?? `${resource.resourceType}/${id}`;
        if (!byTypeAndId.has(key)) {
          byTypeAndId.set(key, resource);
        }
      }
      if (fullUrl && !relativeFullUrls && !fullUrl.includes(':')) {
        relativeFullUrls = true;
      }
    }
    this.byTypeAndId = byTypeAndId;
    this.relativeFullUrls = relativeFullUrls;
    return byTypeAndId;
  }

  /**
   * Built on first need only: the references most data carries (`Observation/1`) have no `:`, so they cannot equal
   * a fullUrl unless the input has relative fullUrls; hashing every long fullUrl for nothing showed in profiles.
   */
  private buildByFullUrl(): Map<string, JsonObject> {
    const byFullUrl = new Map<string, JsonObject>();
    for (const { resource, fullUrl } of this.entries) {
      if (fullUrl && !byFullUrl.has(fullUrl)) {
        byFullUrl.set(fullUrl, resource);
      }
    }
    this.byFullUrl = byFullUrl;
    return byFullUrl;
  }

  /** The entry whose Bundle `fullUrl` is exactly `fullUrl` (no fallback to `Type/id`). */
  resolveFullUrl(fullUrl: string): JsonObject | undefined {
    return (this.byFullUrl ?? this.buildByFullUrl()).get(fullUrl);
  }

  /** Resolves a reference string from `container` (for `#id`); `undefined` when it points outside the input. */
  resolve(reference: string | undefined, container?: JsonObject): JsonObject | undefined {
    if (!reference) {
      return undefined;
    }
    if (reference.startsWith('#')) {
      const id = reference.slice(1);
      return getObjects(container, 'contained').find((resource) => getString(resource, 'id') === id);
    }
    const byTypeAndId = this.byTypeAndId ?? this.build();
    if (this.relativeFullUrls || reference.includes(':')) {
      const direct = (this.byFullUrl ?? this.buildByFullUrl()).get(reference);
      if (direct) {
        return direct;
      }
    }
    const relative = toRelativeReference(reference);
    return relative ? byTypeAndId.get(relative) : undefined;
  }
}

const HISTORY_SUFFIX = /\/_history\/[^/]+$/;
const TYPE_AND_ID = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * `https://x/fhir/Patient/1/_history/3` → `Patient/1`; `Patient/1` → `Patient/1`; other forms → undefined. The id
 * pattern is FHIR's `id` type. Both patterns run in linear time: the type name must start at a `/` or the start.
 */
export function toRelativeReference(reference: string): string | undefined {
  const match = TYPE_AND_ID.exec(reference.replace(HISTORY_SUFFIX, ''));
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** The `reference` string of a Reference-typed field. */
export function getReference(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return isJsonObject(value) ? getString(value, 'reference') : undefined;
}

/** The relative reference of a resource (`MedicationRequest/123`), with a positional fallback when it has no id. */
export function toResourceRef(resource: JsonObject & { readonly resourceType: string }, position: number): string {
  const id = getString(resource, 'id');
  return id ? `${resource.resourceType}/${id}` : `${resource.resourceType}/#${position}`;
}

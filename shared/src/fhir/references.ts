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

  constructor(private readonly entries: readonly ResourceEntry[]) {}

  /** Built on first use: most records resolve no reference at all. */
  private build(): void {
    const byTypeAndId = new Map<string, JsonObject>();
    const byFullUrl = new Map<string, JsonObject>();
    for (const { resource, fullUrl } of this.entries) {
      const id = getString(resource, 'id');
      if (id) {
        const key = `${resource.resourceType}/${id}`;
        if (!byTypeAndId.has(key)) {
          byTypeAndId.set(key, resource);
        }
      }
      if (fullUrl && !byFullUrl.has(fullUrl)) {
        byFullUrl.set(fullUrl, resource);
      }
    }
    this.byTypeAndId = byTypeAndId;
    this.byFullUrl = byFullUrl;
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
    if (!this.byTypeAndId || !this.byFullUrl) {
      this.build();
    }
    const direct = this.byFullUrl?.get(reference);
    if (direct) {
      return direct;
    }
    const relative = toRelativeReference(reference);
    return relative ? this.byTypeAndId?.get(relative) : undefined;
  }
}

/** `https://x/fhir/Patient/1/_history/3` → `Patient/1`; `Patient/1` → `Patient/1`; other forms → undefined. */
export function toRelativeReference(reference: string): string | undefined {
  const withoutHistory = reference.replace(/\/_history\/[^/]+$/, '');
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(withoutHistory);
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

import { getObjects, getString, isJsonObject, type JsonObject } from './json';

/** A resource as found in the input, with the `fullUrl` of its Bundle entry when it had one. */
export interface ResourceEntry {
  readonly resource: JsonObject & { readonly resourceType: string };
  readonly fullUrl?: string;
}

export interface CollectedEntries {
  readonly entries: readonly ResourceEntry[];
  /** Items that were neither a resource, a Bundle nor an array (counted, not kept). */
  readonly invalidCount: number;
}

const MAX_DEPTH = 32;

function isResource(value: unknown): value is JsonObject & { readonly resourceType: string } {
  return isJsonObject(value) && typeof value.resourceType === 'string' && value.resourceType.length > 0;
}

/**
 * Flattens any mix of resources, Bundles (searchset, transaction, collection, nested) and arrays into resources in
 * input order, iteratively (no recursion limit from the call stack). Bundles themselves are not returned.
 */
export function collectEntries(input: unknown): CollectedEntries {
  const entries: ResourceEntry[] = [];
  let invalidCount = 0;
  // The stack as three parallel arrays: one frame object per resource was a measurable share of the readers' time.
  const values: unknown[] = [input];
  const fullUrls: (string | undefined)[] = [undefined];
  const depths: number[] = [0];
  const seen = new Set<object>();
  while (values.length > 0) {
    const value = values.pop();
    const fullUrl = fullUrls.pop();
    const depth = depths.pop() as number;
    if (value === null || value === undefined || depth > MAX_DEPTH) {
      continue;
    }
    if (Array.isArray(value)) {
      // Only containers can repeat or cycle; resources are never descended into.
      if (seen.has(value)) {
        continue;
      }
      seen.add(value);
      for (let index = value.length - 1; index >= 0; index -= 1) {
        values.push(value[index]);
        fullUrls.push(undefined);
        depths.push(depth + 1);
      }
    } else if (isResource(value)) {
      if (value.resourceType === 'Bundle') {
        if (seen.has(value)) {
          continue;
        }
        seen.add(value);
        const bundleEntries = getObjects(value, 'entry');
        for (let index = bundleEntries.length - 1; index >= 0; index -= 1) {
          const entry = bundleEntries[index] as JsonObject;
          if (entry.resource !== undefined) {
            values.push(entry.resource);
            fullUrls.push(getString(entry, 'fullUrl'));
            depths.push(depth + 1);
          }
        }
      } else {
        entries.push(fullUrl ? { resource: value, fullUrl } : { resource: value });
      }
    } else {
      invalidCount += 1;
    }
  }
  return { entries, invalidCount };
}

/** Flattens Bundles (recursively) and arrays into FHIR resources; anything that is not a resource is dropped. */
export function collectResources(input: unknown): fhir4.Resource[] {
  return collectEntries(input).entries.map((entry) => entry.resource as unknown as fhir4.Resource);
}

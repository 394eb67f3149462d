import { getCompartmentPatientIds } from './search-parameters';

type TypeIndex = Map<string, Map<string, fhir4.Resource>>;

const MAX_REMEMBERED_DELETIONS = 10_000;

/**
 * The in-memory resource store: resources by type and id, plus an index patient id → type → id → resource so that a
 * patient-scoped search reads only that patient's resources, however large the store grows.
 */
export class ResourceStore {
  private readonly byType: TypeIndex = new Map();
  private readonly byPatient = new Map<string, TypeIndex>();
  private version = 0;
  /** Recent deletions, oldest first, for Bulk Data `_since` exports (bounded: the oldest are forgotten). */
  private readonly deletions: { readonly type: string; readonly id: string; readonly at: number }[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  get(type: string, id: string): fhir4.Resource | undefined {
    return this.byType.get(type)?.get(id);
  }

  /** Every resource of a type, in insertion order. */
  listType(type: string): Iterable<fhir4.Resource> {
    return this.byType.get(type)?.values() ?? [];
  }

  listForPatient(patientId: string, type: string): Iterable<fhir4.Resource> {
    return this.byPatient.get(patientId)?.get(type)?.values() ?? [];
  }

  count(): number {
    let total = 0;
    for (const resources of this.byType.values()) total += resources.size;
    return total;
  }

  /** Create or replace a resource (it must carry an id); returns the stored copy with `meta` set. */
  put(resource: fhir4.Resource & { id: string }): { created: boolean; resource: fhir4.Resource } {
    const previous = this.get(resource.resourceType, resource.id);
    if (previous) this.unindex(previous);
    this.version += 1;
    const stored: fhir4.Resource = {
      ...resource,
      meta: { ...resource.meta, versionId: String(this.version), lastUpdated: this.now().toISOString() },
    };
    setIn(this.byType, resource.resourceType, resource.id, stored);
    for (const patientId of getCompartmentPatientIds(stored)) {
      let types = this.byPatient.get(patientId);
      if (!types) {
        types = new Map();
        this.byPatient.set(patientId, types);
      }
      setIn(types, resource.resourceType, resource.id, stored);
    }
    return { created: previous === undefined, resource: stored };
  }

  delete(type: string, id: string): boolean {
    const previous = this.get(type, id);
    if (!previous) return false;
    this.unindex(previous);
    this.deletions.push({ type, id, at: this.now().getTime() });
    if (this.deletions.length > MAX_REMEMBERED_DELETIONS) this.deletions.shift();
    return true;
  }

  /** Resources deleted after `since` (epoch ms), oldest first, as far back as the store remembers. */
  listDeletionsSince(since: number): readonly { readonly type: string; readonly id: string }[] {
    return this.deletions.filter((deletion) => deletion.at > since);
  }

  clear(): void {
    this.byType.clear();
    this.byPatient.clear();
  }

  private unindex(resource: fhir4.Resource): void {
    if (resource.id === undefined) return;
    this.byType.get(resource.resourceType)?.delete(resource.id);
    for (const patientId of getCompartmentPatientIds(resource)) {
      this.byPatient.get(patientId)?.get(resource.resourceType)?.delete(resource.id);
    }
  }
}

function setIn(index: TypeIndex, type: string, id: string, resource: fhir4.Resource): void {
  let resources = index.get(type);
  if (!resources) {
    resources = new Map();
    index.set(type, resources);
  }
  resources.set(id, resource);
}

/** A new store holding `resources` as if each had been PUT (every resource needs an id). */
export function buildStore(resources: readonly fhir4.Resource[], now?: () => Date): ResourceStore {
  const store = new ResourceStore(now);
  for (const resource of resources) {
    if (resource.id === undefined) throw new Error(`A ${resource.resourceType} without an id cannot be stored`);
    store.put({ ...resource, id: resource.id });
  }
  return store;
}

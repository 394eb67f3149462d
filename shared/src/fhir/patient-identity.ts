import { getString, type JsonObject } from './json';
import { getReference, toRelativeReference, type ResourceIndex } from './references';

/**
 * Whether a resource is about the patient in context. Fails closed: a resource counts only when its `subject` (or
 * `patient`) reference provably points to that patient —
 * - relative: `Patient/{id}` (optionally `/_history/{v}`);
 * - absolute on the FHIR server the data came from: `{fhirServer}/Patient/{id}`;
 * - the `fullUrl` of a `Patient` entry with that id in the same input (e.g. a `urn:uuid:`).
 * No reference, an identifier- or display-only reference, a contained (`#…`) or conditional (`Patient?…`)
 * reference, another resource type (`Group/…`, `patient/…`), an unresolvable URN, or an absolute URL on another
 * server proves nothing and the resource is not counted.
 */
export type SubjectVerdict = 'own' | 'other-patient' | 'unverified';

const HISTORY = '/_history/';

export class PatientIdentity {
  private readonly ownRelative: string;
  private readonly serverPrefix: string | undefined;

  constructor(
    private readonly patientId: string,
    fhirServer: string | undefined,
    private readonly index: ResourceIndex
  ) {
    this.ownRelative = `Patient/${patientId}`;
    const base = fhirServer?.replace(/\/+$/, '');
    this.serverPrefix = base ? `${base}/` : undefined;
  }

  check(resource: JsonObject): SubjectVerdict {
    const reference = getReference(resource, 'subject') ?? getReference(resource, 'patient');
    if (reference === undefined) return 'unverified';
    if (reference === this.ownRelative) return 'own';
    if (reference.startsWith('#') || reference.includes('?')) return 'unverified';
    if (!reference.includes(':')) return this.judgeRelative(reference);
    const entry = this.index.resolveFullUrl(reference);
    if (entry !== undefined) {
      if (entry.resourceType !== 'Patient') return 'unverified';
      return getString(entry, 'id') === this.patientId ? 'own' : 'other-patient';
    }
    if (this.serverPrefix !== undefined && reference.startsWith(this.serverPrefix)) {
      return this.judgeRelative(reference.slice(this.serverPrefix.length));
    }
    // Elsewhere: naming another patient id is never ours; naming our id on an unknown server proves nothing.
    const named = toRelativeReference(reference);
    return named?.startsWith('Patient/') && named !== this.ownRelative ? 'other-patient' : 'unverified';
  }

  /** `Patient/{id}` or `Patient/{id}/_history/{v}` exactly (no base path in front). */
  private judgeRelative(reference: string): SubjectVerdict {
    if (!reference.startsWith('Patient/')) return 'unverified';
    const relative = toRelativeReference(reference);
    if (relative === undefined) return 'unverified';
    const exact = reference === relative || reference.startsWith(`${relative}${HISTORY}`);
    if (!exact) return 'unverified';
    return relative === this.ownRelative ? 'own' : 'other-patient';
  }
}

/** FHIR `id`: 1–64 of letters, digits, `-` and `.`. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The reference fields that put a resource in a patient's compartment, in the order they are read. */
const SUBJECT_FIELDS = ['subject', 'patient'] as const;

export type PatientLink =
  | { readonly kind: 'patient'; readonly patientId: string }
  | { readonly kind: 'unlinked'; readonly why: 'no-reference' | 'unresolvable' | 'conflicting' };

function readReference(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const reference = (value as { reference?: unknown }).reference;
  return typeof reference === 'string' ? reference : undefined;
}

/**
 * The patient id a reference provably names: `Patient/{id}` (relative, exact case) or `{serverBase}/Patient/{id}`
 * when the export's server base is known. Anything else — `urn:uuid`, contained (`#x`), conditional (`Patient?…`),
 * identifier- or display-only, versioned by another server, a Group — names nobody for certain.
 */
export function resolvePatientReference(reference: string, serverBases: readonly string[]): string | undefined {
  let relative = reference;
  if (!reference.startsWith('Patient/')) {
    const base = serverBases.find((candidate) => reference.startsWith(`${candidate}/Patient/`));
    if (base === undefined) return undefined;
    relative = reference.slice(base.length + 1);
  }
  const parts = relative.split('/');
  // Patient/{id} or Patient/{id}/_history/{version}
  const isPlain = parts.length === 2;
  const isVersioned = parts.length === 4 && parts[2] === '_history' && FHIR_ID.test(parts[3] ?? '');
  const id = parts[1] ?? '';
  return (isPlain || isVersioned) && FHIR_ID.test(id) ? id : undefined;
}

/**
 * Which patient a bulk-exported resource belongs to, failing closed: every subject/patient reference present must
 * resolve to the same patient; a Patient is its own patient.
 */
export function linkToPatient(resource: Record<string, unknown>, serverBases: readonly string[]): PatientLink {
  if (resource.resourceType === 'Patient') {
    return { kind: 'patient', patientId: resource.id as string };
  }
  let patientId: string | undefined;
  let sawField = false;
  for (const field of SUBJECT_FIELDS) {
    if (resource[field] === undefined) continue;
    sawField = true;
    const reference = readReference(resource[field]);
    const resolved = reference === undefined ? undefined : resolvePatientReference(reference, serverBases);
    if (resolved === undefined) return { kind: 'unlinked', why: 'unresolvable' };
    if (patientId !== undefined && patientId !== resolved) return { kind: 'unlinked', why: 'conflicting' };
    patientId = resolved;
  }
  if (patientId !== undefined) return { kind: 'patient', patientId };
  return { kind: 'unlinked', why: sawField ? 'unresolvable' : 'no-reference' };
}

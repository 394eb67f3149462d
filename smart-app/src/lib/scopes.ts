/**
 * The scopes Tachywatch requests: read and search on exactly the resource types it queries, never wildcards.
 * SMART v2 syntax (`.rs`) when the server advertises `permission-v2`, else the v1 form (`.read`).
 */
export const SCOPE_RESOURCE_TYPES = [
  'Patient',
  'MedicationStatement',
  'MedicationRequest',
  'MedicationDispense',
  'Observation',
  'QuestionnaireResponse',
  'Condition',
  'Procedure',
  'Medication',
] as const;

export type ScopeVersion = 'v1' | 'v2';
export type LaunchMode = 'ehr' | 'standalone';

/**
 * The write scopes asked for only when the site turns write-back on (`flags.writeBack`): create and amend the
 * documented review, create a draft referral. SMART v1 has no finer permission than `write`.
 */
export const WRITE_BACK_SCOPES: Readonly<Record<ScopeVersion, readonly string[]>> = {
  v2: ['patient/QuestionnaireResponse.cu', 'patient/ServiceRequest.c'],
  v1: ['patient/QuestionnaireResponse.write', 'patient/ServiceRequest.write'],
};

export function buildScope(mode: LaunchMode, version: ScopeVersion, options: { writeBack?: boolean } = {}): string {
  const suffix = version === 'v2' ? 'rs' : 'read';
  const context = mode === 'ehr' ? 'launch' : 'launch/patient';
  return [
    context,
    'openid',
    'fhirUser',
    ...SCOPE_RESOURCE_TYPES.map((type) => `patient/${type}.${suffix}`),
    ...(options.writeBack ? WRITE_BACK_SCOPES[version] : []),
  ].join(' ');
}

/** Capability names are matched tolerantly (smart-launcher-v2 still uses some older names). */
export function getScopeVersion(capabilities: readonly string[] | undefined): ScopeVersion {
  return capabilities?.includes('permission-v2') ? 'v2' : 'v1';
}

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

export function buildScope(mode: LaunchMode, version: ScopeVersion): string {
  const suffix = version === 'v2' ? 'rs' : 'read';
  const context = mode === 'ehr' ? 'launch' : 'launch/patient';
  return [context, 'openid', 'fhirUser', ...SCOPE_RESOURCE_TYPES.map((type) => `patient/${type}.${suffix}`)].join(' ');
}

/** Capability names are matched tolerantly (smart-launcher-v2 still uses some older names). */
export function getScopeVersion(capabilities: readonly string[] | undefined): ScopeVersion {
  return capabilities?.includes('permission-v2') ? 'v2' : 'v1';
}

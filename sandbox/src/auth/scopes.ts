import type { AccessContext } from '../fhir/access';

/**
 * A SMART resource scope, v1 (`patient/Observation.read`) or v2 (`patient/Observation.rs`). `system/` scopes belong
 * to SMART Backend Services clients only (see backend-services.ts); app launches never grant them.
 */
export interface ResourceScope {
  readonly level: 'patient' | 'user' | 'system';
  readonly resourceType: string;
  readonly canRead: boolean;
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)$/;
const CONTEXT_SCOPES = new Set(['openid', 'fhirUser', 'profile', 'online_access']);

export function parseResourceScope(scope: string): ResourceScope | undefined {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match) return undefined;
  const [, level, resourceType = '', permission = ''] = match;
  if (permission === '') return undefined;
  const canRead = permission === 'read' || permission === '*' || /[rs]/.test(permission);
  return { level: level === 'patient' || level === 'system' ? level : 'user', resourceType, canRead };
}

export interface ScopeContext {
  /** A launch id was presented (EHR launch). */
  readonly hasLaunch: boolean;
  readonly hasPatient: boolean;
  readonly hasEncounter: boolean;
}

/**
 * The scopes granted for a request: supported resource scopes (patient/ and user/, v1 and v2; granular `?` scopes and
 * system/ scopes are not granted), context scopes when the context exists, identity scopes. No refresh tokens, so
 * `offline_access` is not granted.
 */
export function grantScopes(requested: readonly string[], context: ScopeContext): string[] {
  const granted: string[] = [];
  for (const scope of requested) {
    if (granted.includes(scope)) continue;
    const resourceScope = parseResourceScope(scope);
    if ((resourceScope && resourceScope.level !== 'system') || CONTEXT_SCOPES.has(scope)) granted.push(scope);
    else if (scope === 'launch' && context.hasLaunch) granted.push(scope);
    else if (scope === 'launch/patient' && context.hasPatient) granted.push(scope);
    else if (scope === 'launch/encounter' && context.hasEncounter) granted.push(scope);
  }
  return granted;
}

export function splitScopes(scope: string | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter((part) => part !== '');
}

/** What a granted scope string allows on the FHIR server; `patient/` scopes pin access to the patient in context. */
export function buildAccessContext(scope: string, patientId: string | undefined): AccessContext {
  const resourceScopes = splitScopes(scope).flatMap((item) => parseResourceScope(item) ?? []);
  const hasPatientScope = resourceScopes.some((item) => item.level === 'patient');
  const hasUserScope = resourceScopes.some((item) => item.level !== 'patient');
  return {
    patientId: hasPatientScope && !hasUserScope ? patientId : undefined,
    canRead: (resourceType) =>
      resourceScopes.some((item) => item.canRead && (item.resourceType === '*' || item.resourceType === resourceType)),
  };
}

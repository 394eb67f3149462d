import type { AccessContext } from '../fhir/access';

/**
 * A SMART resource scope, v1 (`patient/Observation.read`) or v2 (`patient/Observation.rs`). `system/` scopes belong
 * to SMART Backend Services clients only (see backend-services.ts); app launches never grant them.
 */
export interface ResourceScope {
  readonly level: 'patient' | 'user' | 'system';
  readonly resourceType: string;
  readonly canRead: boolean;
  /** v2 `c`, v1 `write` or `*`. */
  readonly canCreate: boolean;
  /** v2 `u`, v1 `write` or `*`. */
  readonly canUpdate: boolean;
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)$/;
const CONTEXT_SCOPES = new Set(['openid', 'fhirUser', 'profile', 'online_access']);

export function parseResourceScope(scope: string): ResourceScope | undefined {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match) return undefined;
  const [, level, resourceType = '', permission = ''] = match;
  if (permission === '') return undefined;
  const v1Write = permission === 'write' || permission === '*';
  const v2 = permission !== 'read' && !v1Write;
  return {
    level: level === 'patient' || level === 'system' ? level : 'user',
    resourceType,
    canRead: permission === 'read' || permission === '*' || (v2 && /[rs]/.test(permission)),
    canCreate: v1Write || (v2 && permission.includes('c')),
    canUpdate: v1Write || (v2 && permission.includes('u')),
  };
}

/**
 * The part of a resource scope a client may be granted: write permissions (create, update) only on the resource types
 * its registration lists, never on a wildcard; delete never (the sandbox has no token deletes). A v2 scope keeps its
 * allowed letters (`patient/Observation.crs` → `patient/Observation.rs`); a v1 `*` becomes `read`, a v1 `write` on a
 * type the client may not write is not granted.
 */
function limitResourceScope(
  scope: string,
  parsed: ResourceScope,
  writableTypes: readonly string[]
): string | undefined {
  const canWrite = parsed.resourceType !== '*' && writableTypes.includes(parsed.resourceType);
  const prefix = scope.slice(0, scope.lastIndexOf('.') + 1);
  const permission = scope.slice(prefix.length);
  if (permission === 'read') return scope;
  if (permission === 'write' || permission === '*') {
    if (canWrite) return scope;
    return permission === '*' ? `${prefix}read` : undefined;
  }
  const allowed = [...permission].filter(
    (letter) => letter === 'r' || letter === 's' || (canWrite && /[cu]/.test(letter))
  );
  return allowed.length === 0 ? undefined : `${prefix}${allowed.join('')}`;
}

export interface ScopeContext {
  /** A launch id was presented (EHR launch). */
  readonly hasLaunch: boolean;
  readonly hasPatient: boolean;
  readonly hasEncounter: boolean;
  /** Resource types the client's registration allows it to create and update (none when absent). */
  readonly writableTypes?: readonly string[];
}

/**
 * The scopes granted for a request: supported resource scopes (patient/ and user/, v1 and v2; granular `?` scopes and
 * system/ scopes are not granted; write permissions only as the client's registration allows), context scopes when
 * the context exists, identity scopes. No refresh tokens, so `offline_access` is not granted.
 */
export function grantScopes(requested: readonly string[], context: ScopeContext): string[] {
  const granted: string[] = [];
  const grant = (scope: string | undefined): void => {
    if (scope !== undefined && !granted.includes(scope)) granted.push(scope);
  };
  for (const scope of requested) {
    const resourceScope = parseResourceScope(scope);
    if (resourceScope) {
      if (resourceScope.level !== 'system')
        grant(limitResourceScope(scope, resourceScope, context.writableTypes ?? []));
    } else if (CONTEXT_SCOPES.has(scope)) grant(scope);
    else if (scope === 'launch' && context.hasLaunch) grant(scope);
    else if (scope === 'launch/patient' && context.hasPatient) grant(scope);
    else if (scope === 'launch/encounter' && context.hasEncounter) grant(scope);
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
    canRead: (resourceType) => resourceScopes.some((item) => item.canRead && covers(item, resourceType)),
    canWrite: (resourceType, interaction) =>
      resourceScopes.some(
        (item) => (interaction === 'create' ? item.canCreate : item.canUpdate) && covers(item, resourceType)
      ),
  };
}

function covers(scope: ResourceScope, resourceType: string): boolean {
  return scope.resourceType === '*' || scope.resourceType === resourceType;
}

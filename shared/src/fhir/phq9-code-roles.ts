import { PHQ9_CODES, SYSTEMS } from '../knowledge/codes';
import { toCanonicalSystem } from './codings';
import { isJsonObject, type JsonObject } from './json';

/** What a code means for PHQ-9 data: a total or panel (PHQ-9 or the teen PHQ-9M), or one of the nine items. */
export type CodeRole =
  { readonly role: 'total' | 'panel'; readonly teen: boolean } | { readonly role: 'item'; readonly index: number };

const LOINC_PATTERN = /^\d{4,5}-\d$/;

/**
 * Role of each PHQ-9 LOINC code, built once: the lookup runs for every coding of every Observation. The role objects
 * are shared (read-only).
 */
const LOINC_ROLES: ReadonlyMap<string, CodeRole> = new Map<string, CodeRole>([
  ...PHQ9_CODES.items.map((code, index): [string, CodeRole] => [code, { role: 'item', index }]),
  // Set after the items so that, as in a switch tested first, a total or panel code wins over an item code.
  [PHQ9_CODES.total, { role: 'total', teen: false }],
  [PHQ9_CODES.teenTotal, { role: 'total', teen: true }],
  [PHQ9_CODES.panel, { role: 'panel', teen: false }],
  [PHQ9_CODES.teenPanel, { role: 'panel', teen: true }],
]);
const SNOMED_TOTAL_ROLE: CodeRole = LOINC_ROLES.get(PHQ9_CODES.total) as CodeRole;

function isLoinc(system: string | undefined, code: string): boolean {
  return system === SYSTEMS.loinc || (system === undefined && LOINC_PATTERN.test(code));
}

function toCodeRole(system: string | undefined, code: string): CodeRole | undefined {
  if (system === SYSTEMS.snomed && code === PHQ9_CODES.snomedTotal) {
    return SNOMED_TOTAL_ROLE;
  }
  if (!isLoinc(system, code)) {
    return undefined;
  }
  return toLoincRole(code);
}

export function toLoincRole(loinc: string): CodeRole | undefined {
  return LOINC_ROLES.get(loinc);
}

/** Hot path (every Observation): walks the codings without building Code objects. */
export function getConceptRole(concept: JsonObject | undefined): CodeRole | undefined {
  const codings = concept?.coding;
  const list: readonly unknown[] = Array.isArray(codings) ? codings : isJsonObject(codings) ? [codings] : [];
  for (const coding of list) {
    if (!isJsonObject(coding) || typeof coding.code !== 'string') {
      continue;
    }
    const system = typeof coding.system === 'string' ? toCanonicalSystem(coding.system) : undefined;
    const role = toCodeRole(system, coding.code.trim());
    if (role) {
      return role;
    }
  }
  return undefined;
}

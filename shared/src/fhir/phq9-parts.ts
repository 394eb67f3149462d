import type { IsoDate } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import { PHQ9_ANSWER_SCORES, PHQ9_CODES } from '../knowledge/codes';
import { THRESHOLDS } from '../knowledge/thresholds';
import type { CodeRole } from './phq9-code-roles';
import { getIsoDate, getNumber, getObject, getObjects, getString, isJsonObject, type JsonObject } from './json';

/**
 * One PHQ-9 resource read into a part of an administration (a panel, a questionnaire response, a total or an item),
 * with the values it carries. Grouping (`phq9-grouping.ts`) joins parts; scoring (`phq9-scoring.ts`) turns a group into
 * a score.
 */

/** entered-in-error and cancelled are ignored; `preliminary` is kept (patient-entered questionnaires often are). */
export const IGNORED_STATUSES = ['entered-in-error', 'cancelled'];
export const ITEM_COUNT = PHQ9_CODES.items.length;
const ITEM_MAX = THRESHOLDS.phq9ItemMax.value;
const TOTAL_MAX = THRESHOLDS.phq9Max.value;
const ORDINAL_EXTENSIONS = [
  'http://hl7.org/fhir/StructureDefinition/ordinalValue',
  'http://hl7.org/fhir/StructureDefinition/itemWeight',
  'http://hl7.org/fhir/StructureDefinition/iso21090-CO-value',
];

export type PartKind = 'panel' | 'questionnaire' | 'total' | 'item';

export interface Part {
  readonly ref: string;
  readonly kind: PartKind;
  readonly date: IsoDate;
  readonly teen: boolean;
  readonly total: number | undefined;
  /** Item answers by index (0 = item 1); absent when the part carries no item. */
  readonly items: readonly (number | undefined)[] | undefined;
  readonly order: number;
}

function ordinalOf(element: JsonObject | undefined): number | undefined {
  for (const extension of getObjects(element, 'extension')) {
    const url = getString(extension, 'url');
    if (url && ORDINAL_EXTENSIONS.includes(url)) {
      const value = getNumber(extension, 'valueDecimal') ?? getNumber(extension, 'valueInteger');
      if (value !== undefined) {
        return value;
      }
    }
  }
  return undefined;
}

/** Score of a coded answer: LL358-3 answer code, else an ordinal-value extension on the coding or the concept. */
function scoreOfConcept(concept: JsonObject | undefined): number | undefined {
  // Walks the codings as `getCodes` would (codings with a non-blank code) without building Code objects: this runs
  // for every item answer.
  const codings = concept?.coding;
  const list: readonly unknown[] = Array.isArray(codings) ? codings : isJsonObject(codings) ? [codings] : [];
  for (const coding of list) {
    if (!isJsonObject(coding) || typeof coding.code !== 'string') {
      continue;
    }
    const code = coding.code.trim();
    if (code.length === 0) {
      continue;
    }
    const score = PHQ9_ANSWER_SCORES[code] ?? ordinalOf(coding);
    if (score !== undefined) {
      return score;
    }
  }
  return ordinalOf(concept);
}

/** The numeric value of an Observation, component or answer (value[x] of the kinds PHQ-9 data uses). */
export function getValue(element: JsonObject): number | undefined {
  const quantity = getObject(element, 'valueQuantity');
  if (quantity) {
    return getNumber(quantity, 'value');
  }
  const direct = getNumber(element, 'valueInteger') ?? getNumber(element, 'valueDecimal');
  if (direct !== undefined) {
    return direct;
  }
  const coding = getObject(element, 'valueCoding');
  if (coding) {
    return scoreOfConcept({ coding: [coding] });
  }
  const concept = getObject(element, 'valueCodeableConcept');
  if (concept) {
    return scoreOfConcept(concept);
  }
  const text = getString(element, 'valueString');
  return text && /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

export function hasValue(element: JsonObject): boolean {
  return Object.keys(element).some((key) => key.startsWith('value'));
}

export interface PartBuilder {
  total?: number;
  items: (number | undefined)[] | undefined;
  teen: boolean;
}

export function addValue(
  builder: PartBuilder,
  role: CodeRole,
  value: number | undefined,
  ref: string,
  issues: DataIssue[]
): void {
  if (value === undefined) {
    return;
  }
  if (role.role !== 'item') {
    builder.teen ||= role.teen;
    if (!Number.isInteger(value) || value < 0 || value > TOTAL_MAX) {
      issues.push({
        code: 'phq9.total-out-of-range',
        severity: 'warning',
        message: `A PHQ-9 total outside 0–${TOTAL_MAX} (or not a whole number) was ignored.`,
        resourceRef: ref,
      });
      return;
    }
    builder.total ??= value;
    return;
  }
  if (!Number.isInteger(value) || value < 0 || value > ITEM_MAX) {
    issues.push({
      code: 'phq9.item-out-of-range',
      severity: 'warning',
      message: `A PHQ-9 item answer outside 0–${ITEM_MAX} (item ${role.index + 1}) was ignored.`,
      resourceRef: ref,
    });
    return;
  }
  builder.items ??= new Array<number | undefined>(ITEM_COUNT).fill(undefined);
  builder.items[role.index] ??= value;
}

export function getEffectiveDate(resource: JsonObject): IsoDate | undefined {
  return (
    getIsoDate(resource, 'effectiveDateTime') ??
    getIsoDate(getObject(resource, 'effectivePeriod'), 'start') ??
    getIsoDate(resource, 'effectiveInstant') ??
    getIsoDate(resource, 'issued')
  );
}

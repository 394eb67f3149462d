import type { DataIssue } from '../domain/issues';
import type { LabKind, LabResult } from '../domain/record';
import { SYSTEMS, THYROID_LAB_CODES } from '../knowledge/codes';
import { getCodes, hasCode } from './codings';
import { getIsoDate, getNumber, getObject, getObjects, getString, type JsonObject } from './json';

/** Thyroid function test Observations (TSH, free T4) → LabResult. */

const IGNORED_STATUSES = ['entered-in-error', 'cancelled', 'registered', 'preliminary'];

/** HL7 v3 ObservationInterpretation codes the reader understands. */
const INTERPRETATION_FLAGS: Readonly<Record<string, LabResult['flag']>> = {
  H: 'high',
  HH: 'high',
  HU: 'high',
  L: 'low',
  LL: 'low',
  LU: 'low',
  N: 'normal',
};

export function getThyroidLabKind(resource: JsonObject): LabKind | undefined {
  const code = getObject(resource, 'code');
  if (hasCode(code, SYSTEMS.loinc, THYROID_LAB_CODES.tsh)) {
    return 'tsh';
  }
  return hasCode(code, SYSTEMS.loinc, THYROID_LAB_CODES.freeT4) ? 'free-t4' : undefined;
}

function getFlag(resource: JsonObject, value: number): LabResult['flag'] {
  for (const concept of getObjects(resource, 'interpretation')) {
    for (const code of getCodes(concept)) {
      const flag = INTERPRETATION_FLAGS[code.code];
      if (flag) {
        return flag;
      }
    }
  }
  const range = getObjects(resource, 'referenceRange')[0];
  const low = getNumber(getObject(range, 'low'), 'value');
  const high = getNumber(getObject(range, 'high'), 'value');
  if (high !== undefined && value > high) {
    return 'high';
  }
  if (low !== undefined && value < low) {
    return 'low';
  }
  return high !== undefined || low !== undefined ? 'normal' : undefined;
}

export function readThyroidLab(
  resource: JsonObject,
  ref: string,
  kind: LabKind
): { lab?: LabResult; issue?: DataIssue } {
  const status = getString(resource, 'status');
  if (status !== undefined && IGNORED_STATUSES.includes(status)) {
    return {};
  }
  const quantity = getObject(resource, 'valueQuantity');
  const value = getNumber(quantity, 'value');
  const date =
    getIsoDate(resource, 'effectiveDateTime') ??
    getIsoDate(getObject(resource, 'effectivePeriod'), 'start') ??
    getIsoDate(resource, 'issued');
  if (value === undefined || !Number.isFinite(value) || value < 0 || date === undefined) {
    return {
      issue: {
        code: 'lab.unreadable',
        severity: 'info',
        message: 'A thyroid test result has no numeric value or no date and was not used.',
        resourceRef: ref,
      },
    };
  }
  const unit = getString(quantity, 'code') ?? getString(quantity, 'unit');
  const flag = getFlag(resource, value);
  return { lab: { ref, kind, date, value, ...(unit ? { unit } : {}), ...(flag ? { flag } : {}) } };
}

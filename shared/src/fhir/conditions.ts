import type { ConditionCategory, ConditionFact, TobaccoStatus } from '../domain/record';
import {
  classifyConditionCode,
  FORMER_NICOTINE_ICD10,
  normaliseConditionCode,
  toCodeSystemKey,
} from '../knowledge/condition-codes';
import { getCodes, getConceptText } from './codings';
import { getIsoDate, getObject, type JsonObject } from './json';

/**
 * Condition → ConditionFact for the categories the rules use (value sets and ICD-10 ranges in knowledge/). A code
 * in two categories gives two facts. Refuted and entered-in-error diagnoses are ignored. Z87.891 (history of nicotine
 * dependence) becomes a former-smoker TobaccoStatus instead of a condition.
 */

const IGNORED_VERIFICATION = ['refuted', 'entered-in-error'];

function getStatusCode(resource: JsonObject, key: string): string | undefined {
  const value = resource[key];
  if (typeof value === 'string') {
    return value;
  }
  return getCodes(getObject(resource, key))[0]?.code;
}

export interface ConditionReadResult {
  readonly conditions: readonly ConditionFact[];
  readonly tobacco?: TobaccoStatus;
}

export function readCondition(resource: JsonObject, ref: string): ConditionReadResult {
  const verification = getStatusCode(resource, 'verificationStatus');
  if (verification && IGNORED_VERIFICATION.includes(verification)) {
    return { conditions: [] };
  }
  const concept = getObject(resource, 'code');
  const clinicalStatus = getStatusCode(resource, 'clinicalStatus');
  const onset = getIsoDate(resource, 'onsetDateTime') ?? getIsoDate(getObject(resource, 'onsetPeriod'), 'start');
  const abatementPeriod = getObject(resource, 'abatementPeriod');
  const abatement =
    getIsoDate(resource, 'abatementDateTime') ??
    getIsoDate(abatementPeriod, 'end') ??
    getIsoDate(abatementPeriod, 'start');
  const recorded = getIsoDate(resource, 'recordedDate');
  const facts = new Map<ConditionCategory, ConditionFact>();
  let tobacco: TobaccoStatus | undefined;
  for (const code of getCodes(concept)) {
    const systemKey = toCodeSystemKey(code.system);
    if (systemKey === 'icd10' && normaliseConditionCode(systemKey, code.code) === FORMER_NICOTINE_ICD10) {
      const date = recorded ?? onset;
      if (date) {
        tobacco = { ref, date, status: 'former' };
      }
      continue;
    }
    for (const match of classifyConditionCode(code.system, code.code)) {
      if (facts.has(match.category)) {
        continue;
      }
      facts.set(match.category, {
        ref,
        category: match.category,
        system: code.system ?? '',
        code: code.code,
        display: code.display ?? getConceptText(concept) ?? code.code,
        ...(clinicalStatus ? { clinicalStatus } : {}),
        ...(verification ? { verificationStatus: verification } : {}),
        ...(onset ? { onset } : {}),
        ...(abatement ? { abatement } : {}),
        ...(recorded ? { recorded } : {}),
        ...(match.psychoticFeatures ? { psychoticFeatures: true } : {}),
      });
    }
  }
  return { conditions: [...facts.values()], ...(tobacco ? { tobacco } : {}) };
}

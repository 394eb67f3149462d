import { findAgentIdsInText, getAgentIdsByAtc, getAgentIdsByRxnormIngredient } from '../knowledge/agent-lookup';
import { parseClinicalDrugDisplay, type Formulation, type StrengthPer } from '../knowledge/clinical-drug-display';
import { SYSTEMS } from '../knowledge/codes';
import { getRxnormClinicalDrug } from '../knowledge/rxnorm-table';
import { getCodes, getConceptText, getConceptTexts } from './codings';
import { toDoseAmount } from './dosage';
import { getNumber, getObject, getObjects, getString, type JsonObject } from './json';

/**
 * Identifies the catalogue agents in a medication product and their strengths. Order (first that yields agents):
 * RxNorm clinical drug (SCD/SBD) in the value-set table → RxNorm ingredient codes → ATC codes → names and brands in
 * the text. Strengths come from the table, else Medication.ingredient.strength, else the RxNorm-style display.
 */

export interface ProductIngredient {
  readonly agentId: string;
  readonly strengthMg?: number;
  readonly per: StrengthPer;
  readonly doseFactor?: number;
}

export type IdentifiedBy = 'rxnorm-clinical-drug' | 'rxnorm-ingredient' | 'atc' | 'text';

export interface Product {
  readonly ingredients: readonly ProductIngredient[];
  readonly identifiedBy?: IdentifiedBy;
  readonly formulation?: Formulation;
  readonly text: string;
  /** An ATC N06A (antidepressant) code that no catalogue agent carries. */
  readonly unrecognisedAntidepressantCode?: string;
  readonly pack: boolean;
}

export interface ProductSource {
  /** medicationCodeableConcept, or the referenced Medication's `code`. */
  readonly concept?: JsonObject;
  /** The resolved Medication resource, when the record references one. */
  readonly medication?: JsonObject;
  /** `medicationReference.display`, used as text when nothing else names the product. */
  readonly referenceDisplay?: string;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function getIngredientConcepts(medication: JsonObject | undefined): readonly JsonObject[] {
  return getObjects(medication, 'ingredient')
    .map((ingredient) => getObject(ingredient, 'itemCodeableConcept'))
    .filter((concept): concept is JsonObject => concept !== undefined);
}

function agentIdsFromCodes(concepts: readonly JsonObject[], system: string): string[] {
  const lookup = system === SYSTEMS.rxnorm ? getAgentIdsByRxnormIngredient : getAgentIdsByAtc;
  return unique(
    concepts.flatMap((concept) =>
      getCodes(concept)
        .filter((code) => code.system === system)
        .flatMap((code) => lookup(code.code))
    )
  );
}

/** Strength from a Medication.ingredient Ratio: mg per unit, per mL, or per 24 h. */
function toIngredientStrength(ingredient: JsonObject): { strengthMg: number; per: StrengthPer } | undefined {
  const strength = getObject(ingredient, 'strength');
  const numerator = toDoseAmount(getObject(strength, 'numerator'));
  if (!numerator || numerator.kind !== 'mg') {
    return undefined;
  }
  const denominator = getObject(strength, 'denominator');
  const denominatorValue = getNumber(denominator, 'value') ?? 1;
  if (denominatorValue <= 0) {
    return undefined;
  }
  const denominatorUnit = (getString(denominator, 'code') ?? getString(denominator, 'unit') ?? '').toLowerCase();
  if (/^(h|hr|hour|hours)$/.test(denominatorUnit)) {
    return { strengthMg: (numerator.mg / denominatorValue) * 24, per: '24h' };
  }
  if (/^(d|day|24\.h|24 h|24h)$/.test(denominatorUnit)) {
    return { strengthMg: numerator.mg / denominatorValue, per: '24h' };
  }
  const amount = toDoseAmount({ value: denominatorValue, unit: denominatorUnit });
  if (!amount || amount.kind !== 'count') {
    return undefined;
  }
  return { strengthMg: numerator.mg / denominatorValue, per: amount.per };
}

function strengthsFromMedication(
  medication: JsonObject | undefined
): Map<string, { strengthMg: number; per: StrengthPer }> {
  const strengths = new Map<string, { strengthMg: number; per: StrengthPer }>();
  for (const ingredient of getObjects(medication, 'ingredient')) {
    const concept = getObject(ingredient, 'itemCodeableConcept');
    const strength = toIngredientStrength(ingredient);
    if (!concept || !strength) {
      continue;
    }
    const ids = unique([
      ...agentIdsFromCodes([concept], SYSTEMS.rxnorm),
      ...agentIdsFromCodes([concept], SYSTEMS.atc),
      ...getConceptTexts(concept).flatMap(findAgentIdsInText),
    ]);
    if (ids.length === 1 && ids[0] && !strengths.has(ids[0])) {
      strengths.set(ids[0], strength);
    }
  }
  return strengths;
}

function formulationFromForm(medication: JsonObject | undefined): Formulation | undefined {
  const form = getConceptTexts(getObject(medication, 'form')).join(' ').toLowerCase();
  if (form.length === 0) {
    return undefined;
  }
  if (/patch|transdermal/.test(form)) {
    return 'transdermal';
  }
  if (/extended|sustained|delayed|controlled|\b(er|xr|xl|sr|cr|24 hr|12 hr)\b/.test(form)) {
    return 'extended-release';
  }
  return /tablet|capsule|solution|suspension|oral/.test(form) ? 'immediate-release' : undefined;
}

const EXTENDED_RELEASE_TEXT = /\b(xr|xl|er|sr|cr|extended[- ]release|24 ?hr)\b/i;

/** `Wellbutrin XL`, `Effexor XR`: release type from a product name without a parsable strength. */
function formulationFromText(texts: readonly string[]): Formulation | undefined {
  return texts.some((text) => EXTENDED_RELEASE_TEXT.test(text)) ? 'extended-release' : undefined;
}

export function identifyProduct(source: ProductSource): Product {
  const { concept, medication, referenceDisplay } = source;
  const text = getConceptText(concept) ?? referenceDisplay ?? '';
  const codes = getCodes(concept);

  for (const code of codes) {
    const drug = code.system === SYSTEMS.rxnorm ? getRxnormClinicalDrug(code.code) : undefined;
    if (drug) {
      return {
        ingredients: drug.ingredients.flatMap((ingredient) =>
          ingredient.agentId
            ? [
                {
                  agentId: ingredient.agentId,
                  ...(ingredient.strengthMg !== undefined ? { strengthMg: ingredient.strengthMg } : {}),
                  per: ingredient.per,
                  ...(ingredient.doseFactor !== undefined ? { doseFactor: ingredient.doseFactor } : {}),
                },
              ]
            : []
        ),
        identifiedBy: 'rxnorm-clinical-drug',
        formulation: drug.formulation,
        text: text || drug.display,
        pack: drug.pack === true,
      };
    }
  }

  const concepts = concept ? [concept, ...getIngredientConcepts(medication)] : [...getIngredientConcepts(medication)];
  const texts = [...concepts.flatMap(getConceptTexts), ...(referenceDisplay ? [referenceDisplay] : [])];
  let identifiedBy: IdentifiedBy | undefined;
  let agentIds = agentIdsFromCodes(concepts, SYSTEMS.rxnorm);
  if (agentIds.length > 0) {
    identifiedBy = 'rxnorm-ingredient';
  } else {
    agentIds = agentIdsFromCodes(concepts, SYSTEMS.atc);
    if (agentIds.length > 0) {
      identifiedBy = 'atc';
    } else {
      agentIds = unique(texts.flatMap(findAgentIdsInText));
      identifiedBy = agentIds.length > 0 ? 'text' : undefined;
    }
  }

  const fromMedication = strengthsFromMedication(medication);
  const parsedDisplays = texts.map(parseClinicalDrugDisplay).filter((parsed) => parsed !== undefined);
  const ingredients = agentIds.map((agentId): ProductIngredient => {
    const strength =
      fromMedication.get(agentId) ??
      parsedDisplays
        .flatMap((parsed) => parsed.ingredients)
        .find((ingredient) => ingredient.agentId === agentId && ingredient.strengthMg !== undefined);
    return strength?.strengthMg !== undefined
      ? { agentId, strengthMg: strength.strengthMg, per: strength.per }
      : { agentId, per: 'unit' };
  });
  const parsedFormulation = parsedDisplays.map((parsed) => parsed.formulation).find((value) => value !== 'other');
  const formulation = parsedFormulation ?? formulationFromForm(medication) ?? formulationFromText(texts);
  const unrecognised =
    agentIds.length === 0
      ? concepts
          .flatMap(getCodes)
          .find((code) => code.system === SYSTEMS.atc && code.code.toUpperCase().startsWith('N06A'))
      : undefined;
  return {
    ingredients,
    ...(identifiedBy ? { identifiedBy } : {}),
    ...(formulation ? { formulation } : {}),
    text: text || texts[0] || '',
    ...(unrecognised ? { unrecognisedAntidepressantCode: unrecognised.code } : {}),
    pack: parsedDisplays.some((parsed) => parsed.pack),
  };
}

import { findAgentIdsInText } from './agent-lookup';

/**
 * Parses RxNorm clinical-drug names (SCD/SBD/GPCK display strings) into ingredients with strengths:
 * `sertraline 50 MG Oral Tablet`, `24 HR venlafaxine 150 MG Extended Release Oral Capsule`,
 * `fluoxetine 25 MG / olanzapine 6 MG Oral Capsule`, `fluoxetine 4 MG/ML Oral Solution`,
 * `24 HR selegiline 0.25 MG/HR Transdermal System`, `selegiline 6 MG/24HR Transdermal System`,
 * `{14 (lamotrigine 100 MG Oral Tablet) / 84 (lamotrigine 25 MG Oral Tablet) } Pack`.
 * Used by the build script for the value-set table and by the readers for free-text product names.
 */

export type Formulation = 'immediate-release' | 'extended-release' | 'transdermal' | 'other';

/** What one unit of `strengthMg` is: a tablet/capsule/dose unit, one mL, or 24 hours of a patch. */
export type StrengthPer = 'unit' | 'mL' | '24h';

export interface ParsedIngredient {
  /** Ingredient name without salt, lower case (e.g. `bupropion`). */
  readonly name: string;
  /** The substance as named, with salt (e.g. `bupropion hydrobromide`). */
  readonly substance: string;
  /** Catalogue agent, when the ingredient is one. */
  readonly agentId?: string;
  /** Absent for packs whose components differ in strength. */
  readonly strengthMg?: number;
  readonly per: StrengthPer;
}

export interface ParsedClinicalDrug {
  readonly ingredients: readonly ParsedIngredient[];
  readonly formulation: Formulation;
  readonly doseForm: string;
  readonly pack: boolean;
}

const SALT_WORDS = new Set([
  'hydrochloride',
  'hcl',
  'hydrobromide',
  'maleate',
  'succinate',
  'mesylate',
  'pamoate',
  'sodium',
  'potassium',
  'calcium',
  'carbonate',
  'citrate',
  'sulfate',
  'tartrate',
  'fumarate',
  'oxalate',
  'besylate',
  'hemifumarate',
  'dimesylate',
  'dihydrochloride',
]);

const STRENGTH = /(\d+(?:\.\d+)?)\s*(MG|MCG|G)(?:\s*\/\s*(ML|HR|24\s*HR|(\d+(?:\.\d+)?)\s*ML))?/i;
const SEGMENT = new RegExp(`^(.*?)\\s+${STRENGTH.source}`, 'i');
const EXTENDED_RELEASE = /\b(\d+ HR|extended release|delayed release|xr|xl|sr|er|cr|la|24hr|12hr)\b/i;

function toMg(value: number, unit: string): number {
  switch (unit.toUpperCase()) {
    case 'MCG':
      return value / 1000;
    case 'G':
      return value * 1000;
    default:
      return value;
  }
}

function stripSalts(substance: string): string {
  const words = substance.split(' ').filter((word) => word.length > 0);
  const kept = words.filter((word) => !SALT_WORDS.has(word));
  return kept.length > 0 ? kept.join(' ') : substance;
}

/** Removes leading qualifiers RxNorm puts before the ingredient (`24 HR`, `PMDD`, `Sprinkle`, `Smoking Cessation`). */
function cleanSubstance(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/\b\d+ hr\b/g, ' ')
    .replace(/\b(pmdd|sprinkle|smoking cessation|weekly)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function parseSegment(segment: string): { ingredient: ParsedIngredient; rest: string } | undefined {
  const match = SEGMENT.exec(segment.trim());
  if (!match) {
    return undefined;
  }
  const [whole, rawName = '', value = '', unit = 'MG', denominator, perVolumeMl] = match;
  const substance = cleanSubstance(rawName);
  if (substance.length === 0) {
    return undefined;
  }
  let strengthMg = toMg(Number(value), unit);
  let per: StrengthPer = 'unit';
  if (denominator) {
    const denom = denominator.toUpperCase().replace(/\s+/g, '');
    if (denom === 'HR') {
      strengthMg *= 24;
      per = '24h';
    } else if (denom === '24HR') {
      per = '24h';
    } else {
      per = 'mL';
      if (perVolumeMl) {
        strengthMg /= Number(perVolumeMl);
      }
    }
  }
  const name = stripSalts(substance);
  const agentIds = findAgentIdsInText(name);
  const agentId = agentIds.length === 1 ? agentIds[0] : undefined;
  return {
    ingredient: {
      name,
      substance,
      ...(agentId ? { agentId } : {}),
      strengthMg: Math.round(strengthMg * 1e6) / 1e6,
      per,
    },
    rest: segment.trim().slice(whole.length).trim(),
  };
}

function toFormulation(display: string, doseForm: string): Formulation {
  if (/transdermal/i.test(doseForm)) {
    return 'transdermal';
  }
  if (EXTENDED_RELEASE.test(display)) {
    return 'extended-release';
  }
  if (/\boral\b|\btablet\b|\bcapsule\b|\bsolution\b|\bsuspension\b/i.test(doseForm)) {
    return 'immediate-release';
  }
  return 'other';
}

function parseSingle(display: string): ParsedClinicalDrug | undefined {
  const text = display.replace(/\s*\[[^\]]*\]\s*$/, '').trim();
  const parts = text.split(/\s+\/\s+(?=[A-Za-z0-9])/);
  const ingredients: ParsedIngredient[] = [];
  let doseForm = '';
  for (const [index, part] of parts.entries()) {
    const parsed = parseSegment(part);
    if (!parsed) {
      return undefined;
    }
    ingredients.push(parsed.ingredient);
    if (index === parts.length - 1) {
      doseForm = parsed.rest.replace(/^(extended release|delayed release)\s+/i, '').trim();
    }
  }
  if (ingredients.length === 0) {
    return undefined;
  }
  return { ingredients, formulation: toFormulation(text, doseForm), doseForm, pack: false };
}

function parsePack(display: string): ParsedClinicalDrug | undefined {
  const components = [...display.matchAll(/\d+\s*\(([^()]+)\)/g)].map((match) => parseSingle(match[1] ?? ''));
  if (components.length === 0 || components.some((component) => component === undefined)) {
    return undefined;
  }
  const parsed = components as ParsedClinicalDrug[];
  const byName = new Map<string, ParsedIngredient>();
  for (const ingredient of parsed.flatMap((component) => component.ingredients)) {
    const seen = byName.get(ingredient.name);
    if (!seen) {
      byName.set(ingredient.name, ingredient);
    } else if (seen.strengthMg !== ingredient.strengthMg) {
      byName.set(ingredient.name, {
        name: seen.name,
        substance: seen.substance,
        ...(seen.agentId ? { agentId: seen.agentId } : {}),
        per: seen.per,
      });
    }
  }
  const first = parsed[0] as ParsedClinicalDrug;
  return { ingredients: [...byName.values()], formulation: first.formulation, doseForm: 'Pack', pack: true };
}

/** Parses an RxNorm-style clinical drug name; `undefined` when the text carries no `<name> <n> MG` strength. */
export function parseClinicalDrugDisplay(display: string): ParsedClinicalDrug | undefined {
  const text = display.trim();
  if (text.length === 0 || text.length > 500) {
    return undefined;
  }
  return /^\{.*\}\s*pack\b/i.test(text) ? parsePack(text) : parseSingle(text);
}

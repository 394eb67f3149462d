import { getNumber, getObject, getObjects, getString, getStrings, getText, type JsonObject } from './json';
import { getCodes } from './codings';

/**
 * Reads FHIR Dosage lines into amounts per day. An amount is mg, mg per day (patches), or a count of product units
 * (tablets, capsules, patches) or mL that the caller multiplies by the product strength.
 */

export type DoseAmount =
  | { readonly kind: 'mg'; readonly mg: number }
  | { readonly kind: 'mg-per-day'; readonly mg: number }
  | { readonly kind: 'count'; readonly count: number; readonly per: 'unit' | 'mL' };

export interface DoseLine {
  readonly amount: DoseAmount;
  readonly perDay: number;
  /** True when no timing was given and once daily was assumed. */
  readonly frequencyAssumed: boolean;
  /** True when the text gave only a frequency ("once daily") and one unit of the product per dose was assumed. */
  readonly amountAssumed?: boolean;
}

export type DosageReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'lines'; readonly lines: readonly DoseLine[] }
  | { readonly kind: 'unreadable'; readonly reason: string };

const DAYS_PER_UNIT: Readonly<Record<string, number>> = {
  s: 1 / 86_400,
  min: 1 / 1_440,
  h: 1 / 24,
  d: 1,
  wk: 7,
  mo: 30,
  a: 365,
};

/** Doses per day for common timing abbreviations (HL7 v3 GTSAbbreviation and EHR variants). */
const TIMING_CODES: Readonly<Record<string, number>> = {
  QD: 1,
  QDAY: 1,
  DAILY: 1,
  OD: 1,
  QAM: 1,
  QPM: 1,
  QHS: 1,
  HS: 1,
  AM: 1,
  PM: 1,
  Q24H: 1,
  BID: 2,
  Q12H: 2,
  TID: 3,
  Q8H: 3,
  QID: 4,
  Q6H: 4,
  Q4H: 6,
  Q3H: 8,
  Q2H: 12,
  Q1H: 24,
  QOD: 0.5,
  Q48H: 0.5,
  QW: 1 / 7,
  WK: 1 / 7,
  WEEKLY: 1 / 7,
  BIW: 2 / 7,
  TIW: 3 / 7,
};

const COUNT_UNITS = new Set([
  '',
  '1',
  '{tbl}',
  'tbl',
  'tab',
  'tabs',
  'tablet',
  'tablets',
  '{tablet}',
  '{tablets}',
  'cap',
  'caps',
  'capsule',
  'capsules',
  '{capsule}',
  '{capsules}',
  '{cap}',
  'each',
  'ea',
  '{each}',
  'patch',
  'patches',
  '{patch}',
  'unit',
  'units',
  '{unit}',
  'dose',
  'doses',
  '{dose}',
  'spray',
  '{spray}',
  'sprays',
  'device',
  '{device}',
  'system',
  'piece',
]);

/** Classifies a Quantity as an amount; `undefined` for units the readers cannot convert. */
export function toDoseAmount(quantity: JsonObject | undefined): DoseAmount | undefined {
  const value = getNumber(quantity, 'value');
  if (value === undefined || value < 0) {
    return undefined;
  }
  const unit = (getString(quantity, 'code') ?? getString(quantity, 'unit') ?? '').toLowerCase();
  const mgPerDay = /^(mg|milligrams?)\s*\/\s*(\(?24\.?\s*h(r|rs|our|ours)?\)?|d|day)$/.exec(unit);
  if (mgPerDay) {
    return { kind: 'mg-per-day', mg: value };
  }
  switch (unit) {
    case 'mg':
    case 'milligram':
    case 'milligrams':
      return { kind: 'mg', mg: value };
    case 'g':
    case 'gram':
    case 'grams':
      return { kind: 'mg', mg: value * 1000 };
    case 'ug':
    case 'mcg':
    case 'µg':
    case 'microgram':
    case 'micrograms':
      return { kind: 'mg', mg: value / 1000 };
    case 'ml':
    case 'milliliter':
    case 'milliliters':
    case 'millilitre':
      return { kind: 'count', count: value, per: 'mL' };
    default:
      return COUNT_UNITS.has(unit) ? { kind: 'count', count: value, per: 'unit' } : undefined;
  }
}

function getDoseQuantity(dosage: JsonObject): JsonObject | undefined | 'range' {
  for (const doseAndRate of getObjects(dosage, 'doseAndRate')) {
    const quantity = getObject(doseAndRate, 'doseQuantity');
    if (quantity) {
      return quantity;
    }
    if (getObject(doseAndRate, 'doseRange')) {
      return 'range';
    }
  }
  // STU3 shape, still sent by some servers.
  return getObject(dosage, 'doseQuantity') ?? (getObject(dosage, 'doseRange') ? 'range' : undefined);
}

/** Doses per day from `timing`; `undefined` when there is no usable timing, `NaN` when it is unreadable. */
export function getDosesPerDay(timing: JsonObject | undefined): number | undefined {
  if (!timing) {
    return undefined;
  }
  const repeat = getObject(timing, 'repeat');
  if (repeat) {
    const frequency = getNumber(repeat, 'frequency');
    const period = getNumber(repeat, 'period');
    const periodUnit = getString(repeat, 'periodUnit');
    const implied = getStrings(repeat, 'timeOfDay').length || getStrings(repeat, 'when').length || undefined;
    if (frequency !== undefined || period !== undefined || periodUnit !== undefined) {
      const days = DAYS_PER_UNIT[periodUnit ?? 'd'];
      if (days === undefined || (period !== undefined && period <= 0) || (frequency !== undefined && frequency <= 0)) {
        return Number.NaN;
      }
      return (frequency ?? implied ?? 1) / ((period ?? 1) * days);
    }
    if (implied !== undefined) {
      return implied;
    }
  }
  const code = getObject(timing, 'code');
  const candidates = [...getCodes(code).map((coding) => coding.code), getText(code, 'text')];
  for (const candidate of candidates) {
    const perDay = candidate ? TIMING_CODES[candidate.toUpperCase().replace(/[\s.-]/g, '')] : undefined;
    if (perDay !== undefined) {
      return perDay;
    }
  }
  return code ? Number.NaN : undefined;
}

const WORD_NUMBERS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  half: 0.5,
  'one-half': 0.5,
};

const TEXT_FREQUENCIES: readonly (readonly [RegExp, number])[] = [
  [/\b(four times (a|per|each) day|qid|every 6 hours|q6h)\b/, 4],
  [/\b(three times (a|per|each) day|thrice daily|tid|every 8 hours|q8h)\b/, 3],
  [/\b(twice (a |per )?day|twice daily|two times (a|per|each) day|bid|every 12 hours|q12h)\b/, 2],
  [/\b(every other day|qod)\b/, 0.5],
  [/\b(once (a |per )?week|once weekly|every week|weekly)\b/, 1 / 7],
  [
    /\b(once (a |per )?day|once daily|daily|every day|each day|qd|every morning|every evening|every night|at bedtime|nightly|qhs|qam|qpm)\b/,
    1,
  ],
];

/**
 * A number (or number word) and its unit. The look-behind makes a match start only at the first digit of a number,
 * so a run of digits is tried once, not once per digit: linear time on any text.
 */
const DOSE_AMOUNT_IN_TEXT =
  /(?<![\d.])(\d+(?:\.\d+)?|one-half|one|two|three|four|half)\s*(mg|milligrams?|tablets?|tabs?|capsules?|caps?|ml|patch(?:es)?)\b/;

/**
 * Conservative free-text reading (`Take 2 tablets by mouth twice daily`): needs an explicit frequency. When the text
 * gives only a frequency (`once daily`), one unit of the product per dose is assumed and flagged.
 */
export function parseDosageText(text: string): DoseLine | undefined {
  const lower = text.toLowerCase();
  const frequency = TEXT_FREQUENCIES.find(([pattern]) => pattern.test(lower))?.[1];
  if (frequency === undefined) {
    return undefined;
  }
  const amountMatch = DOSE_AMOUNT_IN_TEXT.exec(lower);
  if (!amountMatch) {
    return {
      amount: { kind: 'count', count: 1, per: 'unit' },
      perDay: frequency,
      frequencyAssumed: false,
      amountAssumed: true,
    };
  }
  const [, rawValue = '', rawUnit = ''] = amountMatch;
  const value = WORD_NUMBERS[rawValue] ?? Number(rawValue);
  if (!Number.isFinite(value)) {
    return undefined;
  }
  const amount: DoseAmount =
    rawUnit === 'ml'
      ? { kind: 'count', count: value, per: 'mL' }
      : rawUnit.startsWith('m')
        ? { kind: 'mg', mg: value }
        : { kind: 'count', count: value, per: 'unit' };
  return { amount, perDay: frequency, frequencyAssumed: false };
}

function readDosageLine(dosage: JsonObject): DoseLine | string {
  const quantity = getDoseQuantity(dosage);
  const text = getText(dosage, 'text') ?? getText(dosage, 'patientInstruction');
  if (quantity === 'range') {
    return 'the dose is a range';
  }
  if (!quantity) {
    const fromText = text ? parseDosageText(text) : undefined;
    return fromText ?? 'the dosage has no dose quantity';
  }
  const amount = toDoseAmount(quantity);
  if (!amount) {
    return 'the dose unit is not one the reader converts';
  }
  if (amount.kind === 'mg-per-day') {
    return { amount, perDay: 1, frequencyAssumed: false };
  }
  const perDay = getDosesPerDay(getObject(dosage, 'timing'));
  if (perDay !== undefined && Number.isNaN(perDay)) {
    return 'the dosage timing is not readable';
  }
  if (perDay === undefined) {
    const fromText = text ? parseDosageText(text) : undefined;
    if (fromText) {
      return { amount, perDay: fromText.perDay, frequencyAssumed: false };
    }
    return { amount, perDay: 1, frequencyAssumed: true };
  }
  return { amount, perDay, frequencyAssumed: false };
}

const DOSAGE_CONTENT_KEYS = ['doseAndRate', 'doseQuantity', 'doseRange', 'text', 'patientInstruction', 'timing'];

/**
 * Reads `dosage` / `dosageInstruction` lines. Lines with the same `sequence` are concurrent and add up; when a
 * titration lists several sequences, the last one (the target dose) is used.
 */
export function readDosage(allDosages: readonly JsonObject[]): DosageReading {
  const dosages = allDosages.filter((dosage) => DOSAGE_CONTENT_KEYS.some((key) => dosage[key] !== undefined));
  if (dosages.length === 0) {
    return { kind: 'none' };
  }
  const sequences = dosages.map((dosage) => getNumber(dosage, 'sequence') ?? 0);
  const lastSequence = Math.max(...sequences);
  const current = dosages.filter((_dosage, index) => sequences[index] === lastSequence);
  const lines: DoseLine[] = [];
  for (const dosage of current) {
    const line = readDosageLine(dosage);
    if (typeof line === 'string') {
      return { kind: 'unreadable', reason: line };
    }
    lines.push(line);
  }
  return { kind: 'lines', lines };
}

/**
 * Tolerant accessors for FHIR JSON of unknown shape. The readers never trust a field's type: a wrong type reads as
 * absent, so malformed input degrades to a DataIssue instead of an exception. These guards are used instead of a
 * full schema parse because the readers must stay close to JSON.parse speed on 5,000-resource records.
 */
import { digitsAt, isAsciiDigit, isDigitRun } from '../domain/digits';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string (trimmed), else undefined. */
export function getString(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  if (typeof value !== 'string') {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/**
 * The most free text (a name, a display, a dosage instruction, a report line) any reader looks at. Real values are
 * far shorter; the cap keeps every text pattern's work per field constant, whatever a server sends.
 */
export const MAX_FREE_TEXT_LENGTH = 1000;

/** Free text: like `getString`, cut to its first `MAX_FREE_TEXT_LENGTH` characters. */
export function getText(object: JsonObject | undefined, key: string): string | undefined {
  return capText(getString(object, key));
}

export function capText(text: string | undefined): string | undefined {
  return text !== undefined && text.length > MAX_FREE_TEXT_LENGTH ? text.slice(0, MAX_FREE_TEXT_LENGTH) : text;
}

/** A finite number; numeric strings are accepted because some servers serialise decimals as strings. */
export function getNumber(object: JsonObject | undefined, key: string): number | undefined {
  const value = object?.[key];
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

export function getBoolean(object: JsonObject | undefined, key: string): boolean | undefined {
  const value = object?.[key];
  return typeof value === 'boolean' ? value : undefined;
}

export function getObject(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = object?.[key];
  return isJsonObject(value) ? value : undefined;
}

/**
 * The objects of an array field. A single object where an array belongs (the CDS Hooks Sandbox sends `category` as
 * an object) is read as a one-element array; anything else reads as empty.
 */
const EMPTY_OBJECTS: readonly JsonObject[] = Object.freeze([]);

export function getObjects(object: JsonObject | undefined, key: string): readonly JsonObject[] {
  const value = object?.[key];
  if (Array.isArray(value)) {
    // The usual array holds only objects: return it as is (read-only) instead of copying it on every call.
    for (let index = 0; index < value.length; index += 1) {
      if (!isJsonObject(value[index])) {
        return value.filter(isJsonObject);
      }
    }
    return value as readonly JsonObject[];
  }
  return isJsonObject(value) ? [value] : EMPTY_OBJECTS;
}

export function getStrings(object: JsonObject | undefined, key: string): readonly string[] {
  const value = object?.[key];
  const list: readonly unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((item): item is string => typeof item === 'string' && item.trim().length > 0);
}

const DATE_PREFIX = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The calendar day of a FHIR date/dateTime/instant field, as `toIsoDate` in domain/dates reads it (partial dates
 * take the first day), without allocating Date objects: the readers call this for every resource.
 */
export function getIsoDate(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  if (typeof value !== 'string') {
    return undefined;
  }
  // Fast path for the usual `YYYY-MM-DD…` form; anything else goes through the general pattern.
  if (value.length >= 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45 && isDigitRun(value, 0, 4)) {
    if (
      isDigitRun(value, 5, 7) &&
      isDigitRun(value, 8, 10) &&
      (value.length === 10 || !isAsciiDigit(value.charCodeAt(10)))
    ) {
      return validDate(
        value.length === 10 ? value : value.slice(0, 10),
        digitsAt(value, 0, 4),
        digitsAt(value, 5, 7),
        digitsAt(value, 8, 10)
      );
    }
  }
  const match = DATE_PREFIX.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, year = '', month = '01', day = '01'] = match;
  return validDate(`${year}-${month}-${day}`, Number(year), Number(month), Number(day));
}

function validDate(date: string, year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1) {
    return undefined;
  }
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 31);
  return day <= maxDay ? date : undefined;
}

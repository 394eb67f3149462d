/**
 * Dates in the domain are calendar days, `YYYY-MM-DD`. Day granularity is what the clinical rules reason in
 * (weeks on a dose, days between PHQ-9s), and plain strings keep the domain serialisable and deterministic.
 * All arithmetic is done in UTC so that no result depends on the machine's time zone.
 */
import { digitsAt, isDigitRun } from './digits';
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO_DATE_PREFIX = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

/**
 * Reads the calendar day of a FHIR date, dateTime or instant (`2024`, `2024-03`, `2024-03-05`,
 * `2024-03-05T10:00:00+01:00`). Partial dates take the first day of the period. Returns `undefined`
 * for anything that is not a FHIR date.
 */
export function toIsoDate(value: string | undefined | null): IsoDate | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = ISO_DATE_PREFIX.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, year, month = '01', day = '01'] = match;
  const date = `${year}-${month}-${day}`;
  return isValidIsoDate(date) ? date : undefined;
}

/**
 * Whether `value` has the shape of /^(\d{4})-(\d{2})-(\d{2})$/ (checked by character codes: the analysis does this
 * for every date it compares, and the regex and its match array dominated the profile).
 */
function isIsoDayShape(value: string): boolean {
  return (
    value.length === 10 &&
    value.charCodeAt(4) === 45 &&
    value.charCodeAt(7) === 45 &&
    isDigitRun(value, 0, 4) &&
    isDigitRun(value, 5, 7) &&
    isDigitRun(value, 8, 10)
  );
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function getDaysInMonth(year: number, month: number): number {
  return month === 2
    ? isLeapYear(year)
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31;
}

/** Year, month, day of a real calendar day `YYYY-MM-DD` (proleptic Gregorian, as `Date` uses), else undefined. */
function parseIsoDay(value: string): [number, number, number] | undefined {
  if (!isIsoDayShape(value)) {
    return undefined;
  }
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  return month >= 1 && month <= 12 && day >= 1 && day <= getDaysInMonth(year, month) ? [year, month, day] : undefined;
}

export function isValidIsoDate(value: string): boolean {
  return typeof value === 'string' && parseIsoDay(value) !== undefined;
}

/** The calendar day (UTC) of a `Date`. */
export function dateToIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

// Calendar arithmetic without Date objects (days_from_civil / civil_from_days, H. Hinnant): the analysis does this
// for every PHQ-9 and medication record, and Date.parse + toISOString dominated its profile. Same results as Date for
// years 0000–9999; anything else takes the Date path as before.
const DAYS_PER_ERA = 146_097;
const EPOCH_SHIFT = 719_468;
const MAX_FAST_YEAR = 9999;

function fromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
}

function toCivil(epochDay: number): IsoDate | undefined {
  const z = epochDay + EPOCH_SHIFT;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > MAX_FAST_YEAR) {
    return undefined;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toEpochDay(date: IsoDate): number {
  if (isIsoDayShape(date)) {
    return fromCivil(digitsAt(date, 0, 4), digitsAt(date, 5, 7), digitsAt(date, 8, 10));
  }
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const epochDay = toEpochDay(date) + days;
  return (
    (Number.isInteger(epochDay) ? toCivil(epochDay) : undefined) ??
    new Date(epochDay * DAY_MS).toISOString().slice(0, 10)
  );
}

export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** Age in whole years on `onDate`. */
export function ageInYears(birthDate: IsoDate, onDate: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

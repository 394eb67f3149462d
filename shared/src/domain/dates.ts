/**
 * Dates in the domain are calendar days, `YYYY-MM-DD`. Day granularity is what the clinical rules reason in
 * (weeks on a dose, days between PHQ-9s), and plain strings keep the domain serialisable and deterministic.
 * All arithmetic is done in UTC so that no result depends on the machine's time zone.
 */
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

export function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

/** The calendar day (UTC) of a `Date`. */
export function dateToIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

function toEpochDay(date: IsoDate): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date((toEpochDay(date) + days) * DAY_MS).toISOString().slice(0, 10);
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

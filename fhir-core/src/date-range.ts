/**
 * FHIR date values as half-open instant ranges [start, end) in epoch milliseconds, following the R4 search rules:
 * every date has an implicit range set by its precision (`2024` is the whole year) and a Period is the range between
 * its bounds (an open bound is infinite). Values without a time zone are read as UTC.
 */
export interface DateRange {
  readonly start: number;
  readonly end: number;
}

const DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

export function parseDateRange(value: string): DateRange | undefined {
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const y = Number(year);
  const mo = month === undefined ? undefined : Number(month) - 1;
  const d = day === undefined ? undefined : Number(day);
  if (mo !== undefined && (mo < 0 || mo > 11)) return undefined;
  if (d !== undefined && (d < 1 || d > 31)) return undefined;
  if (mo === undefined) return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) };
  if (d === undefined) return { start: Date.UTC(y, mo, 1), end: Date.UTC(y, mo + 1, 1) };
  if (hour === undefined || minute === undefined) {
    const start = Date.UTC(y, mo, d);
    if (new Date(start).getUTCDate() !== d) return undefined;
    return { start, end: Date.UTC(y, mo, d + 1) };
  }
  const offsetMs = parseZoneOffset(zone);
  const base = Date.UTC(y, mo, d, Number(hour), Number(minute), second === undefined ? 0 : Number(second));
  const start = base - offsetMs;
  if (second === undefined) return { start, end: start + 60_000 };
  if (fraction === undefined) return { start, end: start + 1000 };
  const digits = Math.min(fraction.length, 3);
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  return { start: start + ms, end: start + ms + 10 ** (3 - digits) };
}

function parseZoneOffset(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours, minutes] = zone.slice(1).split(':').map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000;
}

export function toPeriodRange(period: fhir4.Period): DateRange | undefined {
  const start = period.start === undefined ? undefined : parseDateRange(period.start);
  const end = period.end === undefined ? undefined : parseDateRange(period.end);
  if (!start && !end) return undefined;
  return { start: start?.start ?? -Infinity, end: end?.end ?? Infinity };
}

export type DatePrefix = 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge' | 'sa' | 'eb';

export const DATE_PREFIXES: readonly DatePrefix[] = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'sa', 'eb'];

/** Whether a target range matches `prefix` + search range (FHIR R4 §3.1.1.4.1.2 "Prefixes"). */
export function isDateMatch(prefix: DatePrefix, search: DateRange, target: DateRange): boolean {
  const contained = search.start <= target.start && target.end <= search.end;
  switch (prefix) {
    case 'eq':
      return contained;
    case 'ne':
      return !contained;
    case 'gt':
      return target.end > search.end;
    case 'lt':
      return target.start < search.start;
    case 'ge':
      return target.end > search.end || contained;
    case 'le':
      return target.start < search.start || contained;
    case 'sa':
      return target.start >= search.end;
    case 'eb':
      return target.end <= search.start;
  }
}

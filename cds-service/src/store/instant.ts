import { isValidIsoDate } from '@tachywatch/shared';

/**
 * The canonical UTC form of an RFC 3339 date-time, so that one instant written with different offsets
 * (`…T10:00:00Z`, `…T10:00:00+00:00`, `…T12:00:00+02:00`) compares equal. Fractional seconds are kept at the
 * precision given (trailing zeros dropped) rather than rounded to milliseconds. Returns undefined for anything
 * that is not a valid RFC 3339 date-time with an offset.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,12}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export function toCanonicalInstant(value: string): string | undefined {
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zulu, sign, offsetHour, offsetMinute] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  if (!isValidIsoDate(`${year}-${month}-${day}`) || h > 23 || mi > 59 || s > 59) return undefined;
  const offsetMinutes = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHour) * 60 + Number(offsetMinute));
  if (Math.abs(offsetMinutes) >= 24 * 60) return undefined;
  const utc = new Date(0);
  utc.setUTCFullYear(y, mo - 1, d);
  utc.setUTCHours(h, mi - offsetMinutes, s, 0);
  const utcYear = utc.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) return undefined;
  const digits = fraction.replace(/0+$/, '');
  return `${utc.toISOString().slice(0, 19)}${digits ? `.${digits}` : ''}Z`;
}

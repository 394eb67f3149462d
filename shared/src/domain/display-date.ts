import { isValidIsoDate, type IsoDate } from './dates';

const ENGLISH_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The locale the card and the app use when none is given. */
export const DEFAULT_DISPLAY_LOCALE = 'en-US';

/**
 * The one date format Tachywatch shows a clinician, on the card and in the app: day, short month, year
 * ("27 Sep 2025"). The day-month-year order never changes, so a date cannot be misread as month/day across
 * locales; the month name follows the locale (English locales always use the three-letter form, never "Sept").
 * Anything that is not a valid ISO date is returned unchanged.
 */
export function formatDisplayDate(date: IsoDate, locale: string = DEFAULT_DISPLAY_LOCALE): string {
  const day = date.slice(0, 10);
  if (!isValidIsoDate(day)) return date;
  const [year, month, dayOfMonth] = day.split('-').map(Number) as [number, number, number];
  return `${dayOfMonth} ${formatMonth(year, month, locale)} ${year}`;
}

/** Month and year only ("Sep 2025"), for axis ticks. */
export function formatDisplayMonth(date: IsoDate, locale: string = DEFAULT_DISPLAY_LOCALE): string {
  const day = date.slice(0, 10);
  if (!isValidIsoDate(day)) return date;
  const [year, month] = day.split('-').map(Number) as [number, number];
  return `${formatMonth(year, month, locale)} ${year}`;
}

function formatMonth(year: number, month: number, locale: string): string {
  if (/^en\b/i.test(locale) || !isSupportedLocale(locale)) return ENGLISH_MONTHS[month - 1] ?? String(month);
  const name = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 15))
  );
  return name.replace(/\.$/, '');
}

function isSupportedLocale(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

const ISO_DATE_IN_TEXT = /\b(\d{4}-\d{2}-\d{2})(?![\d:T])/g;

/**
 * Rewrites every ISO date inside a sentence from the engine ("PHQ-9 rose to 12 (2026-11-01)") in the display format,
 * so the card and the app show one date format whatever text they are given.
 */
export function formatDatesInText(text: string, locale: string = DEFAULT_DISPLAY_LOCALE): string {
  return text.replace(ISO_DATE_IN_TEXT, (date: string) => formatDisplayDate(date, locale));
}

import {
  DEFAULT_DISPLAY_LOCALE,
  daysBetween,
  formatDatesInText,
  formatDisplayDate,
  formatDisplayMonth,
} from '@tachywatch/shared';
import type { IsoDate } from '@tachywatch/shared';

/** The browser's locale (month names); the order is always day month year, as on the CDS card. */
export function getLocale(): string {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : DEFAULT_DISPLAY_LOCALE;
}

/** `2024-03-05` → `5 Mar 2024`: the one date format of the card and the app (`formatDisplayDate` in shared). */
export function formatDate(date: IsoDate | undefined): string {
  return date ? formatDisplayDate(date, getLocale()) : '—';
}

/** An instant (ISO dateTime) in the reader's time zone: `5 Mar 2024, 14:05`. Unparseable text is shown as is. */
export function formatDateTime(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const pad = (value: number): string => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${formatDisplayDate(day, getLocale())}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A sentence from the engine with its ISO dates in the display format. */
export function formatText(text: string): string {
  return formatDatesInText(text, getLocale());
}

/** `2024-03-05` → `Mar 2024`, for the first tick of a time axis. */
export function formatMonth(date: IsoDate): string {
  return formatDisplayMonth(date, getLocale());
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** A duration in days as weeks (under a year) or months/years. */
export function formatDuration(days: number): string {
  if (days < 14) {
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  if (days < 365) {
    return plural(Math.round(days / 7), 'week');
  }
  const years = days / 365.25;
  return `${years.toFixed(1)} years`;
}

export function formatDurationBetween(from: IsoDate, to: IsoDate): string {
  return formatDuration(Math.max(0, daysBetween(from, to)));
}

export function formatDose(mg: number | undefined): string {
  return mg === undefined ? 'dose unknown' : `${Number.isInteger(mg) ? mg : mg.toFixed(1)} mg/day`;
}

export function formatPercent(ratio: number | undefined): string {
  return ratio === undefined ? '—' : `${Math.round(ratio * 100)} %`;
}

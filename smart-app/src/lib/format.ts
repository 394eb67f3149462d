import { daysBetween } from '@tachywatch/shared';
import type { IsoDate } from '@tachywatch/shared';

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `2024-03-05` → `5 Mar 2024` (UTC, so the day never shifts with the browser's time zone). */
export function formatDate(date: IsoDate | undefined): string {
  if (!date) {
    return '—';
  }
  const time = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(time) ? date : DATE_FORMAT.format(time);
}

/** A duration in days as weeks (under a year) or months/years. */
export function formatDuration(days: number): string {
  if (days < 14) {
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  if (days < 365) {
    return `${Math.round(days / 7)} weeks`;
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

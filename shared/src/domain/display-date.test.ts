import { describe, expect, it } from 'vitest';
import { formatDatesInText, formatDisplayDate, formatDisplayMonth } from './display-date';

describe('formatDisplayDate', () => {
  it('shows day, three-letter month and year in English, never "Sept"', () => {
    expect(formatDisplayDate('2025-09-27')).toBe('27 Sep 2025');
    expect(formatDisplayDate('2025-09-27', 'en-GB')).toBe('27 Sep 2025');
    expect(formatDisplayDate('2026-01-05T10:00:00Z')).toBe('5 Jan 2026');
  });

  it('keeps the day-month-year order and uses the locale for the month name', () => {
    expect(formatDisplayDate('2025-03-01', 'fr-FR')).toMatch(/^1 mars 2025$/);
    expect(formatDisplayDate('2025-03-01', 'not a locale')).toBe('1 Mar 2025');
  });

  it('returns what is not an ISO date unchanged', () => {
    expect(formatDisplayDate('unknown')).toBe('unknown');
    expect(formatDisplayDate('2025-02-30')).toBe('2025-02-30');
  });

  it('formats month ticks', () => {
    expect(formatDisplayMonth('2025-12-31')).toBe('Dec 2025');
  });
});

describe('formatDatesInText', () => {
  it('rewrites ISO dates inside engine sentences and leaves the rest alone', () => {
    expect(formatDatesInText('PDC 44 % from 2025-09-17 to 2025-12-15 (dispenses); id 2025-09-17T10:00')).toBe(
      'PDC 44 % from 17 Sep 2025 to 15 Dec 2025 (dispenses); id 2025-09-17T10:00'
    );
    expect(formatDatesInText('Carbamazepine since 2025-09')).toBe('Carbamazepine since 2025-09');
  });
});

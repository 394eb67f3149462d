import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isValidIsoDate } from './dates';

const DAY_MS = 86_400_000;

/** The Date-based definitions the fast calendar arithmetic must agree with. */
function referenceAddDays(date: string, days: number): string {
  return new Date(Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS + days) * DAY_MS).toISOString().slice(0, 10);
}

function referenceIsValid(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

const dayArb = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9998-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar arithmetic', () => {
  it('agrees with Date for addDays and daysBetween over years 0001–9998', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -400_000, max: 400_000 }), (date, days) => {
        const shifted = referenceAddDays(date, days);
        if (!/^\d{4}-/.test(shifted)) {
          return;
        }
        expect(addDays(date, days)).toBe(shifted);
        expect(daysBetween(date, shifted)).toBe(days);
      }),
      { numRuns: 2000, seed: 7 }
    );
  });

  it.each([
    '2024-02-29',
    '2023-02-29',
    '1900-02-29',
    '2000-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '0000-01-01',
    '2024-1-01',
    'x',
  ])('isValidIsoDate(%s) agrees with Date', (value) => {
    expect(isValidIsoDate(value)).toBe(referenceIsValid(value));
  });

  it('crosses leap days and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });
});

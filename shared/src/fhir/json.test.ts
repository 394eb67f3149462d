import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toIsoDate } from '../domain/dates';
import { getIsoDate, getNumber, getObjects, getString, getStrings } from './json';

describe('tolerant JSON accessors', () => {
  it.each<[unknown, string | undefined]>([
    ['  x ', 'x'],
    ['', undefined],
    ['   ', undefined],
    [3, undefined],
    [null, undefined],
  ])('getString(%j)', (value, expected) => {
    expect(getString({ v: value }, 'v')).toBe(expected);
  });

  it.each<[unknown, number | undefined]>([
    [2.5, 2.5],
    ['40', 40],
    [' 12.5 ', 12.5],
    ['12 mg', undefined],
    [Number.NaN, undefined],
    [Infinity, undefined],
    [true, undefined],
  ])('getNumber(%j)', (value, expected) => {
    expect(getNumber({ v: value }, 'v')).toBe(expected);
  });

  it('reads a single object where an array belongs, and drops non-objects from arrays', () => {
    expect(getObjects({ v: { a: 1 } }, 'v')).toEqual([{ a: 1 }]);
    expect(getObjects({ v: [{ a: 1 }, 2, null, 'x'] }, 'v')).toEqual([{ a: 1 }]);
    expect(getObjects({ v: 'x' }, 'v')).toEqual([]);
    expect(getStrings({ v: ['a', 3, ' '] }, 'v')).toEqual(['a']);
    expect(getStrings({ v: 'b' }, 'v')).toEqual(['b']);
  });

  it.each<[string, string | undefined]>([
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', undefined],
    ['1900-02-29', undefined],
    ['2000-02-29T23:00:00+05:00', '2000-02-29'],
    ['2024-04', '2024-04-01'],
    ['2024', '2024-01-01'],
    ['2024-13-01', undefined],
    ['2024-04-31', undefined],
    ['yesterday', undefined],
  ])('getIsoDate(%j)', (value, expected) => {
    expect(getIsoDate({ v: value }, 'v')).toBe(expected);
  });

  it('agrees with toIsoDate on generated FHIR-like dates', () => {
    const datelike = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.constantFrom('', 'T10:00:00Z', 'T23:59:59-05:00', 'x')
      )
      .map(
        ([year, month, day, suffix]) =>
          `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}${suffix}`
      );
    fc.assert(
      fc.property(fc.oneof(datelike, fc.string()), (value) => {
        expect(getIsoDate({ v: value }, 'v')).toBe(toIsoDate(value));
      }),
      { numRuns: 2000 }
    );
  });
});

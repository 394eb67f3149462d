import { describe, expect, it } from 'vitest';
import type { MedicationEvent } from '../domain/record';
import { analyzeAdherence } from './adherence';
import { buildMedicationIntervals } from './medication-intervals';
import { buildRecord, buildTestContext, dispense, request, statement } from './test-records';

const ctx = buildTestContext('2025-01-10');

function intervalsOf(medications: MedicationEvent[]) {
  return buildMedicationIntervals(buildRecord({ medications }), ctx).byAgent.get('sertraline') ?? [];
}

describe('analyzeAdherence', () => {
  it.each([
    {
      name: 'fully covered window',
      meds: [
        dispense('a', 'sertraline', '2024-01-01', { daysSupply: 30 }),
        dispense('b', 'sertraline', '2024-01-31', { daysSupply: 30 }),
      ],
      window: ['2024-01-01', '2024-02-29'],
      expected: { pdc: 1, basis: 'dispenses', longestGapDays: 0 },
    },
    {
      name: 'PDC exactly 0.8 (24 of 30 days)',
      meds: [dispense('a', 'sertraline', '2024-01-01', { daysSupply: 24 })],
      window: ['2024-01-01', '2024-01-30'],
      expected: { pdc: 0.8, basis: 'dispenses', longestGapDays: 6 },
    },
    {
      name: 'an early refill is shifted forward (PQA): overlapping supplies still cover the window',
      meds: [
        dispense('a', 'sertraline', '2024-01-01', { daysSupply: 30 }),
        dispense('b', 'sertraline', '2024-01-21', { daysSupply: 30 }),
      ],
      window: ['2024-01-01', '2024-02-29'],
      expected: { pdc: 1, basis: 'dispenses', longestGapDays: 0 },
    },
    {
      name: 'a supply started before the window counts inside it',
      meds: [dispense('a', 'sertraline', '2023-12-20', { daysSupply: 30 })],
      window: ['2024-01-01', '2024-01-18'],
      expected: { pdc: 1, basis: 'dispenses', longestGapDays: 0 },
    },
    {
      name: 'falls back to request supply when there are no dispenses',
      meds: [request('r', 'sertraline', '2024-01-01', { daysSupply: 30, refills: 1, status: 'completed' })],
      window: ['2024-01-01', '2024-03-30'],
      expected: { pdc: 60 / 90, basis: 'request-supply', longestGapDays: 30 },
    },
    {
      name: 'statements only: no supply data, pdc absent',
      meds: [statement('s', 'sertraline', '2024-01-01')],
      window: ['2024-01-01', '2024-03-30'],
      expected: { pdc: undefined, basis: 'none', longestGapDays: 0 },
    },
  ])('$name', ({ meds, window, expected }) => {
    const result = analyzeAdherence(intervalsOf(meds), window[0] as string, window[1] as string);
    expect({ pdc: result.pdc, basis: result.basis, longestGapDays: result.longestGapDays }).toEqual(expected);
  });

  it('lists the gaps inside the window', () => {
    const meds = [
      dispense('a', 'sertraline', '2024-01-01', { daysSupply: 10 }),
      dispense('b', 'sertraline', '2024-01-21', { daysSupply: 5 }),
    ];
    const result = analyzeAdherence(intervalsOf(meds), '2024-01-01', '2024-01-31');
    expect(result.gaps).toEqual([
      { start: '2024-01-11', end: '2024-01-20', days: 10 },
      { start: '2024-01-26', end: '2024-01-31', days: 6 },
    ]);
  });

  it('treats a reversed window as a single day instead of failing', () => {
    const result = analyzeAdherence(
      intervalsOf([dispense('a', 'sertraline', '2024-01-01')]),
      '2024-02-01',
      '2024-01-01'
    );
    expect(result.windowEnd).toBe('2024-02-01');
    expect(result.pdc).toBe(0);
  });

  it('ignores a huge days supply without overflowing dates', () => {
    const result = analyzeAdherence(
      intervalsOf([dispense('a', 'sertraline', '2024-01-01', { daysSupply: 1e12 })]),
      '2024-01-01',
      '2024-12-31'
    );
    expect(result.pdc).toBe(1);
  });
});

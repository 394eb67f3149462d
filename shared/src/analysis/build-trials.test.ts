import { describe, expect, it } from 'vitest';
import type { MedicationEvent } from '../domain/record';
import { buildTrials } from './build-trials';
import { buildMedicationIntervals } from './medication-intervals';
import { buildRecord, buildTestContext, dispense, dispenses, request, statement } from './test-records';
import { toTrial } from './trial-outcome';

const ctx = buildTestContext('2025-01-10');

function trialsOf(medications: MedicationEvent[]) {
  const record = buildRecord({ medications });
  const intervals = buildMedicationIntervals(record, ctx);
  return { trials: buildTrials(intervals, ctx), issues: intervals.issues };
}

describe('buildTrials: merging records into trials', () => {
  it.each([
    {
      name: 'an active statement is one ongoing trial',
      meds: [statement('a', 'sertraline', '2024-01-01', { dose: 100 })],
      expected: [{ id: 'sertraline:2024-01-01', ongoing: true, end: undefined }],
    },
    {
      name: 'a completed statement without end ends on its start',
      meds: [statement('a', 'sertraline', '2024-01-01', { dose: 100, status: 'completed' })],
      expected: [{ id: 'sertraline:2024-01-01', ongoing: false, end: '2024-01-01' }],
    },
    {
      name: 'requests with supply: a gap of exactly 30 days merges',
      meds: [
        request('r1', 'sertraline', '2024-01-01', { dose: 50, daysSupply: 30, status: 'completed' }),
        request('r2', 'sertraline', '2024-03-01', { dose: 50, daysSupply: 30, status: 'completed' }),
      ],
      // r1 covers to 2024-01-30; 2024-01-31 … 2024-02-29 is 30 uncovered days.
      expected: [{ id: 'sertraline:2024-01-01', ongoing: false, end: '2024-03-30' }],
    },
    {
      name: 'requests with supply: a gap of 31 days splits',
      meds: [
        request('r1', 'sertraline', '2024-01-01', { dose: 50, daysSupply: 30, status: 'completed' }),
        request('r2', 'sertraline', '2024-03-02', { dose: 50, daysSupply: 30, status: 'completed' }),
      ],
      expected: [
        { id: 'sertraline:2024-01-01', ongoing: false, end: '2024-01-30' },
        { id: 'sertraline:2024-03-02', ongoing: false, end: '2024-03-31' },
      ],
    },
    {
      name: 'refills extend a request: 30 days × (2 + 1)',
      meds: [
        request('r1', 'escitalopram', '2024-01-01', { dose: 10, daysSupply: 30, refills: 2, status: 'completed' }),
      ],
      expected: [{ id: 'escitalopram:2024-01-01', ongoing: false, end: '2024-03-30' }],
    },
    {
      name: 'an active request whose supply covers today is ongoing',
      meds: [request('r1', 'sertraline', '2024-12-20', { dose: 50, daysSupply: 90 })],
      expected: [{ id: 'sertraline:2024-12-20', ongoing: true, end: undefined }],
    },
    {
      name: 'an open active request is superseded by a later stopped one',
      meds: [
        request('r1', 'sertraline', '2024-01-01', { dose: 50 }),
        request('r2', 'sertraline', '2024-02-01', { dose: 50, status: 'stopped', end: '2024-04-01' }),
      ],
      expected: [{ id: 'sertraline:2024-01-01', ongoing: false, end: '2024-04-01' }],
    },
    {
      name: 'dispenses only: monthly fills make one trial ending at the last supply',
      meds: dispenses('d', 'fluoxetine', '2024-01-01', 3, { dose: 20 }),
      expected: [{ id: 'fluoxetine:2024-01-01', ongoing: false, end: '2024-03-30' }],
    },
    {
      name: 'unsorted and duplicated records give the same single trial',
      meds: [
        statement('b', 'sertraline', '2024-03-01', { dose: 100, status: 'completed', end: '2024-06-01' }),
        statement('a', 'sertraline', '2024-01-01', { dose: 100, status: 'completed', end: '2024-03-01' }),
        statement('a', 'sertraline', '2024-01-01', { dose: 100, status: 'completed', end: '2024-03-01' }),
      ],
      expected: [{ id: 'sertraline:2024-01-01', ongoing: false, end: '2024-06-01' }],
    },
    {
      name: 'records naming no catalogue agent make no trial',
      meds: [
        statement('x', 'not-a-drug', '2024-01-01', { dose: 1 }),
        statement('t', 'tramadol', '2024-01-01', { dose: 100 }),
      ],
      expected: [],
    },
    {
      name: 'cancelled and entered-in-error records are ignored',
      meds: [
        statement('a', 'sertraline', '2024-01-01', { dose: 100, status: 'entered-in-error' }),
        request('b', 'sertraline', '2024-01-01', { dose: 100, status: 'cancelled' }),
      ],
      expected: [],
    },
    {
      name: 'records dated after now are ignored',
      meds: [statement('a', 'sertraline', '2025-02-01', { dose: 100 })],
      expected: [],
    },
  ])('$name', ({ meds, expected }) => {
    const { trials } = trialsOf(meds);
    expect(trials.map((t) => ({ id: t.id, ongoing: t.ongoing, end: t.end }))).toEqual(expected);
  });

  it('reports a record without a usable start as a data issue', () => {
    const bad: MedicationEvent = { ...statement('a', 'sertraline', '2024-01-01'), start: 'yesterday' };
    const { trials, issues } = trialsOf([bad]);
    expect(trials).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(['analysis.medication-no-start']);
  });
});

describe('buildTrials: dose segments', () => {
  it.each([
    {
      name: 'a dose change starts a new segment the day the new record starts',
      meds: [
        statement('a', 'sertraline', '2024-01-01', { dose: 50, status: 'completed', end: '2024-02-29' }),
        statement('b', 'sertraline', '2024-03-01', { dose: 100 }),
      ],
      expected: [
        { start: '2024-01-01', end: '2024-02-29', dose: 50 },
        { start: '2024-03-01', end: undefined, dose: 100 },
      ],
    },
    {
      name: 'an unknown dose inside a known-dose period continues it',
      meds: [
        request('a', 'sertraline', '2024-01-01', { dose: 100, daysSupply: 90, status: 'completed' }),
        request('b', 'sertraline', '2024-02-01', { daysSupply: 30, status: 'completed' }),
      ],
      expected: [{ start: '2024-01-01', end: '2024-03-30', dose: 100 }],
    },
    {
      name: 'an unknown dose after the known supply ran out makes a segment without dose',
      meds: [
        request('a', 'sertraline', '2024-01-01', { dose: 100, daysSupply: 30, status: 'completed' }),
        request('b', 'sertraline', '2024-02-15', { daysSupply: 30, status: 'completed' }),
      ],
      expected: [
        { start: '2024-01-01', end: '2024-02-14', dose: 100 },
        { start: '2024-02-15', end: '2024-03-15', dose: undefined },
      ],
    },
    {
      name: 'dispenses do not split segments when a request states the dose',
      meds: [
        request('a', 'sertraline', '2024-01-01', { dose: 100, daysSupply: 30, refills: 2, status: 'completed' }),
        dispense('d1', 'sertraline', '2024-01-02', { dose: 50 }),
      ],
      expected: [{ start: '2024-01-01', end: '2024-03-30', dose: 100 }],
    },
    {
      name: 'two records on the same day with different doses: the later-sorted record wins',
      meds: [
        statement('a', 'sertraline', '2024-01-01', { dose: 50, status: 'completed', end: '2024-03-01' }),
        statement('b', 'sertraline', '2024-01-01', { dose: 100, status: 'completed', end: '2024-03-01' }),
      ],
      expected: [{ start: '2024-01-01', end: '2024-03-01', dose: 100 }],
    },
  ])('$name', ({ meds, expected }) => {
    const [trial] = trialsOf(meds).trials;
    expect(trial?.doseSegments.map((s) => ({ start: s.start, end: s.end, dose: s.dailyDoseMg }))).toEqual(expected);
  });

  it('counts days at or above the minimum adequate dose and the maximum dose', () => {
    const [trial] = trialsOf([
      statement('a', 'sertraline', '2024-01-01', { dose: 25, status: 'completed', end: '2024-01-31' }),
      statement('b', 'sertraline', '2024-02-01', { dose: 150, status: 'completed', end: '2024-03-31' }),
    ]).trials;
    expect(trial?.daysAtAdequateDose).toBe(60);
    expect(trial?.maxDailyDoseMg).toBe(150);
    expect(trial?.durationDays).toBe(91);
  });
});

describe('buildTrials: role of agents that are antidepressants and augmenters', () => {
  it.each([
    {
      name: 'bupropion started while sertraline runs is an augmentation',
      meds: [
        statement('s', 'sertraline', '2024-01-01', { dose: 100 }),
        statement('b', 'bupropion', '2024-03-01', { dose: 150 }),
      ],
      expected: { 'sertraline:2024-01-01': 'antidepressant', 'bupropion:2024-03-01': 'augmentation' },
    },
    {
      name: 'bupropion alone is an antidepressant',
      meds: [statement('b', 'bupropion', '2024-03-01', { dose: 300 })],
      expected: { 'bupropion:2024-03-01': 'antidepressant' },
    },
    {
      name: 'mirtazapine started after sertraline stopped is an antidepressant',
      meds: [
        statement('s', 'sertraline', '2024-01-01', { dose: 100, status: 'completed', end: '2024-02-01' }),
        statement('m', 'mirtazapine', '2024-02-02', { dose: 30 }),
      ],
      expected: { 'sertraline:2024-01-01': 'antidepressant', 'mirtazapine:2024-02-02': 'antidepressant' },
    },
    {
      name: 'bupropion overlapping the last 30 days of sertraline is a cross-taper switch',
      meds: [
        statement('s', 'sertraline', '2024-01-01', { dose: 100, status: 'completed', end: '2024-03-30' }),
        statement('b', 'bupropion', '2024-03-01', { dose: 300 }),
      ],
      expected: { 'sertraline:2024-01-01': 'antidepressant', 'bupropion:2024-03-01': 'antidepressant' },
    },
    {
      // Added for 31 days, then sertraline stopped and bupropion went on alone: it is now the primary antidepressant.
      name: 'bupropion added to sertraline becomes the antidepressant once sertraline stops',
      meds: [
        statement('s', 'sertraline', '2024-01-01', { dose: 100, status: 'completed', end: '2024-03-31' }),
        statement('b', 'bupropion', '2024-03-01', { dose: 300 }),
      ],
      expected: { 'sertraline:2024-01-01': 'antidepressant', 'bupropion:2024-03-01': 'antidepressant' },
    },
    {
      name: 'bupropion added to sertraline stays an augmentation while another antidepressant replaces sertraline',
      meds: [
        statement('s', 'sertraline', '2024-01-01', { dose: 100, status: 'completed', end: '2024-05-31' }),
        statement('e', 'escitalopram', '2024-06-01', { dose: 10 }),
        statement('b', 'bupropion', '2024-03-01', { dose: 300 }),
      ],
      expected: {
        'sertraline:2024-01-01': 'antidepressant',
        'bupropion:2024-03-01': 'augmentation',
        'escitalopram:2024-06-01': 'antidepressant',
      },
    },
    {
      name: 'aripiprazole is always an augmentation',
      meds: [statement('a', 'aripiprazole', '2024-01-01', { dose: 5 })],
      expected: { 'aripiprazole:2024-01-01': 'augmentation' },
    },
  ])('$name', ({ meds, expected }) => {
    const roles = Object.fromEntries(trialsOf(meds).trials.map((t) => [t.id, t.role]));
    expect(roles).toEqual(expected);
  });

  it('records when an add-on became the primary antidepressant', () => {
    const { trials } = trialsOf([
      statement('s', 'sertraline', '2024-01-01', { dose: 100, status: 'completed', end: '2024-05-31' }),
      statement('b', 'bupropion', '2024-03-01', { dose: 300 }),
    ]);
    expect(trials.find((t) => t.agent.id === 'bupropion')?.primarySince).toBe('2024-06-01');
  });

  it.each([
    { name: 'trazodone 50 mg at night is a hypnotic, not a trial', dose: 50, trial: false },
    { name: 'trazodone 100 mg is still a hypnotic dose', dose: 100, trial: false },
    { name: 'trazodone 150 mg is an antidepressant trial', dose: 150, trial: true },
  ])('$name', ({ dose, trial }) => {
    const { trials } = trialsOf([
      statement('e', 'escitalopram', '2024-01-01', { dose: 10 }),
      statement('t', 'trazodone', '2024-02-01', { dose }),
    ]);
    expect(trials.some((t) => t.agent.id === 'trazodone')).toBe(trial);
  });

  it('keeps the trial start and adherence window for a full Trial', () => {
    const record = buildRecord({ medications: dispenses('d', 'sertraline', '2024-01-01', 3, { dose: 100 }) });
    const intervals = buildMedicationIntervals(record, ctx);
    const [core] = buildTrials(intervals, ctx);
    const trial = core ? toTrial(core, [], ctx) : undefined;
    expect(trial?.adherence).toMatchObject({
      basis: 'dispenses',
      pdc: 1,
      windowStart: '2024-01-01',
      windowEnd: '2024-03-30',
    });
  });
});

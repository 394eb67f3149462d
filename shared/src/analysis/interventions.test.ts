import { describe, expect, it } from 'vitest';
import { buildInterventions } from './interventions';
import { buildTestContext, procedure } from './test-records';

const ctx = buildTestContext('2025-01-10');

describe('buildInterventions', () => {
  it.each([
    { name: 'no procedures', procedures: [], expected: [] },
    {
      name: 'daily TMS sessions make one course; unsorted input is fine',
      procedures: [
        procedure('t3', 'tms', '2024-03-03'),
        procedure('t1', 'tms', '2024-03-01'),
        procedure('t2', 'tms', '2024-03-02'),
      ],
      expected: [{ kind: 'tms', start: '2024-03-01', end: '2024-03-03', sessions: 3 }],
    },
    {
      name: 'sessions exactly 30 days apart stay one course; 31 days start a new one',
      procedures: [
        procedure('e1', 'ect', '2024-01-01'),
        procedure('e2', 'ect', '2024-01-31'),
        procedure('e3', 'ect', '2024-03-02'),
      ],
      expected: [
        { kind: 'ect', start: '2024-01-01', end: '2024-01-31', sessions: 2 },
        { kind: 'ect', start: '2024-03-02', end: '2024-03-02', sessions: 1 },
      ],
    },
    {
      name: 'psychotherapy is not a course; future and invalid dates are left out',
      procedures: [
        procedure('p', 'psychotherapy', '2024-01-01'),
        procedure('f', 'esketamine', '2026-01-01'),
        procedure('x', 'tms', 'soon'),
      ],
      expected: [],
    },
  ])('$name', ({ procedures, expected }) => {
    expect(
      buildInterventions(procedures, ctx).map(({ kind, start, end, sessions }) => ({ kind, start, end, sessions }))
    ).toEqual(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { analyzeTrialScores, buildPhq9Points, findBaseline, getPhq9Band } from './phq9-series';
import { buildTestContext, phq } from './test-records';

const { t } = buildTestContext('2025-01-10');

describe('getPhq9Band', () => {
  it.each([
    [0, 'none-minimal'],
    [4, 'none-minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately-severe'],
    [19, 'moderately-severe'],
    [20, 'severe'],
    [27, 'severe'],
  ] as const)('%i → %s', (total, band) => {
    expect(getPhq9Band(total, t)).toBe(band);
  });
});

describe('buildPhq9Points', () => {
  it.each([
    {
      name: 'total above 27 is dropped',
      scores: [phq('2024-01-01', 28)],
      totals: [],
      codes: ['phq9.total-out-of-range'],
    },
    {
      name: 'negative total is dropped',
      scores: [phq('2024-01-01', -1)],
      totals: [],
      codes: ['phq9.total-out-of-range'],
    },
    {
      name: 'NaN total is dropped',
      scores: [phq('2024-01-01', Number.NaN)],
      totals: [],
      codes: ['phq9.total-out-of-range'],
    },
    { name: 'future date is dropped', scores: [phq('2025-02-01', 10)], totals: [], codes: ['phq9.date-unusable'] },
    {
      name: 'invalid date is dropped',
      scores: [{ ...phq('2024-01-01', 10), date: '2024-13-45' }],
      totals: [],
      codes: ['phq9.date-unusable'],
    },
    {
      name: 'unsorted scores are sorted by date',
      scores: [phq('2024-03-01', 3), phq('2024-01-01', 20), phq('2024-02-01', 10)],
      totals: [20, 10, 3],
      codes: [],
    },
    {
      name: 'exact duplicates (same day, same total) merge; same-day different totals stay',
      scores: [phq('2024-01-01', 12), phq('2024-01-01', 12), phq('2024-01-01', 14)],
      totals: [12, 14],
      codes: [],
    },
  ])('$name', ({ scores, totals, codes }) => {
    const result = buildPhq9Points(scores, '2025-01-10', t);
    expect(result.points.map((p) => p.total)).toEqual(totals);
    expect(result.issues.map((i) => i.code)).toEqual(codes);
  });

  it('keeps an out-of-range item 9 as the maximum answer and reports it', () => {
    const result = buildPhq9Points([phq('2024-01-01', 12, 7)], '2025-01-10', t);
    expect(result.points[0]?.item9).toBe(3);
    expect(result.issues.map((i) => i.code)).toEqual(['phq9.item-out-of-range']);
  });
});

describe('findBaseline', () => {
  const start = '2024-02-01';
  it.each([
    {
      name: '30 days before the start counts',
      scores: [phq('2024-01-02', 15)],
      expected: { date: '2024-01-02', total: 15 },
    },
    { name: '31 days before the start does not', scores: [phq('2024-01-01', 15)], expected: undefined },
    {
      name: '14 days after the start counts',
      scores: [phq('2024-02-15', 15)],
      expected: { date: '2024-02-15', total: 15 },
    },
    { name: '15 days after the start does not', scores: [phq('2024-02-16', 15)], expected: undefined },
    { name: 'a score of 9 is not elevated', scores: [phq('2024-02-01', 9)], expected: undefined },
    {
      name: 'a score of exactly 10 is elevated',
      scores: [phq('2024-02-01', 10)],
      expected: { date: '2024-02-01', total: 10 },
    },
    {
      name: 'the score closest to the start wins',
      scores: [phq('2024-01-10', 22), phq('2024-01-29', 12), phq('2024-02-10', 18)],
      expected: { date: '2024-01-29', total: 12 },
    },
  ])('$name', ({ scores, expected }) => {
    const { points } = buildPhq9Points(scores, '2025-01-10', t);
    expect(findBaseline(points, start, t)).toEqual(expected);
  });
});

describe('analyzeTrialScores', () => {
  it.each([
    {
      name: 'response at exactly 50 % of baseline, 4 weeks after the start',
      scores: [phq('2024-01-01', 20), phq('2024-01-29', 10), phq('2024-02-12', 10)],
      expected: { responseAt: { date: '2024-01-29', total: 10 }, remissionAt: undefined },
    },
    {
      name: 'a response not sustained 14 days is not a response',
      scores: [phq('2024-01-01', 20), phq('2024-01-29', 10), phq('2024-02-11', 10)],
      expected: { responseAt: undefined, remissionAt: undefined },
    },
    {
      name: 'a qualifying run broken by a non-qualifying score starts again',
      scores: [phq('2024-01-01', 20), phq('2024-01-29', 8), phq('2024-02-05', 14), phq('2024-02-19', 9)],
      expected: { responseAt: undefined, remissionAt: undefined },
    },
    {
      name: 'a 50 % drop before 4 weeks is not yet a response',
      scores: [phq('2024-01-01', 20), phq('2024-01-28', 10)],
      expected: { responseAt: undefined, remissionAt: undefined },
    },
    {
      name: 'score < 5 is a response and a remission',
      scores: [phq('2024-01-01', 10), phq('2024-02-15', 4), phq('2024-03-01', 3)],
      expected: { responseAt: { date: '2024-02-15', total: 4 }, remissionAt: { date: '2024-02-15', total: 4 } },
    },
    {
      name: 'no baseline → nothing judged',
      scores: [phq('2024-02-15', 4)],
      expected: { responseAt: undefined, remissionAt: undefined },
    },
  ])('$name', ({ scores, expected }) => {
    const { points } = buildPhq9Points(scores, '2025-01-10', t);
    const result = analyzeTrialScores(points, '2024-01-01', '2025-01-10', t);
    expect({ responseAt: result.responseAt, remissionAt: result.remissionAt }).toEqual(expected);
  });

  it('finds the first loss of response against the running nadir, confirmed 14 days later', () => {
    const { points } = buildPhq9Points(
      [
        phq('2024-01-01', 20),
        phq('2024-02-15', 8),
        phq('2024-04-01', 3),
        phq('2024-06-01', 7),
        phq('2024-08-01', 12),
        phq('2024-08-15', 13),
      ],
      '2025-01-10',
      t
    );
    const result = analyzeTrialScores(points, '2024-01-01', '2025-01-10', t);
    expect(result.nadir).toEqual({ date: '2024-04-01', total: 3 });
    expect(result.lossAt).toEqual({ date: '2024-08-01', total: 12 });
  });

  it.each([
    { name: 'no score 14 days later yet → unconfirmed', extra: [], lossAt: undefined, unconfirmed: '2024-08-01' },
    {
      name: 'the score 14 days later is back down → resolved',
      extra: [phq('2024-08-15', 4)],
      lossAt: undefined,
      unconfirmed: undefined,
    },
    {
      name: 'a score 13 days later does not confirm it',
      extra: [phq('2024-08-14', 14)],
      lossAt: undefined,
      unconfirmed: '2024-08-01',
    },
  ])('a loss score: $name', ({ extra, lossAt, unconfirmed }) => {
    const { points } = buildPhq9Points(
      [phq('2024-01-01', 20), phq('2024-02-15', 8), phq('2024-04-01', 3), phq('2024-08-01', 12), ...extra],
      '2025-01-10',
      t
    );
    const result = analyzeTrialScores(points, '2024-01-01', '2025-01-10', t);
    expect(result.lossAt?.date).toBe(lossAt);
    expect(result.unconfirmedLossAt?.date).toBe(unconfirmed);
  });
});

import { describe, expect, it } from 'vitest';
import { formatDose, formatPercent, truncateText } from './format';

describe('format helpers', () => {
  it.each([
    { text: 'short', max: 140, expected: 'short' },
    { text: 'a'.repeat(139), max: 140, expected: 'a'.repeat(139) },
    { text: 'word '.repeat(40), max: 20, expected: 'word word word…' },
    { text: 'x'.repeat(30), max: 10, expected: `${'x'.repeat(8)}…` },
  ])('truncateText keeps "$text" under $max', ({ text, max, expected }) => {
    const result = truncateText(text, max);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThan(max);
  });

  it.each([
    [100, '100 mg/day'],
    [37.5, '37.5 mg/day'],
    [undefined, 'an unknown dose'],
  ] as const)('formatDose(%s) = %s', (dose, expected) => {
    expect(formatDose(dose)).toBe(expected);
  });

  it('formats a PDC as a whole percentage', () => {
    expect(formatPercent(0.796)).toBe('80 %');
  });
});

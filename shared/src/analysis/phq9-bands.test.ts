import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_CONFIG } from './config';
import { isItem9Positive } from './phq9-bands';

describe('isItem9Positive', () => {
  it.each([
    [undefined, false],
    [0, false],
    [1, true],
    [3, true],
  ])('item 9 = %s → %s', (item9, positive) => {
    expect(isItem9Positive(item9)).toBe(positive);
  });

  it('follows a site threshold', () => {
    expect(isItem9Positive(1, { ...DEFAULT_ANALYSIS_CONFIG.thresholds, item9Positive: 2 })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { getMaudsleyScale, getThaseRushScale } from './staging';

describe('staging scales for display', () => {
  it('gives the published Maudsley maximum and bands (Fekadu 2018 Table 3: up to 15; 7–10 moderate, 11–15 severe)', () => {
    expect(getMaudsleyScale()).toEqual({
      max: 15,
      bands: [
        { label: 'mild', from: 0, to: 6 },
        { label: 'moderate', from: 7, to: 10 },
        { label: 'severe', from: 11, to: 15 },
      ],
    });
  });

  it('gives the five Thase–Rush stages', () => {
    expect(getThaseRushScale().max).toBe(5);
  });
});

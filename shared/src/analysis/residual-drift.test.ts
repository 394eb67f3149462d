import { describe, expect, it } from 'vitest';
import { buildPatientViewCards } from '../cards/patient-view-cards';
import type { Phq9Score } from '../domain/record';
import { getCitation } from '../knowledge/citations';
import { assessPatient } from './assess-patient';
import { NOW, RecordClassicSertralineLoss, phq } from './test-records';

/** A PHQ-9 with all nine items: items 1, 3, 4, 7 set to `residual`, item 2 (mood) to `mood`, others 0. */
function withItems(date: string, residual: number, mood = 0): Phq9Score {
  const items = [residual, mood, residual, residual, 0, 0, residual, 0, 0];
  return {
    ...phq(
      date,
      items.reduce((a, b) => a + b, 0)
    ),
    items,
  };
}

const RESPONSE = [phq('2024-01-05', 19), phq('2024-03-04', 8), phq('2024-04-01', 4)];

function assessWith(scores: readonly Phq9Score[]) {
  return assessPatient({ ...RecordClassicSertralineLoss, phq9: [...RESPONSE, ...scores] }, { now: NOW });
}

describe('residual-symptom drift', () => {
  it('interest, sleep, energy and concentration rising while the total stays low is drift', () => {
    // Totals 0, 4, 8: never 5 above the nadir and ≥ 10, so no loss of response is called.
    const assessment = assessWith([withItems('2024-06-01', 0), withItems('2024-09-01', 1), withItems('2024-12-01', 2)]);
    expect(assessment.tachyphylaxis.status).toBe('none');
    expect(assessment.residualDrift).toMatchObject({
      status: 'drift',
      from: { date: '2024-06-01', subscore: 0 },
      to: { date: '2024-12-01', subscore: 8 },
    });
    expect(assessment.residualDrift?.risingItems.map((item) => item.item)).toEqual([1, 3, 4, 7]);
  });

  it('a rise on the mood item alone is not residual-symptom drift', () => {
    const assessment = assessWith([
      withItems('2024-06-01', 0, 0),
      withItems('2024-09-01', 0, 2),
      withItems('2024-12-01', 0, 3),
    ]);
    expect(assessment.residualDrift?.status).toBe('stable');
  });

  it('needs three PHQ-9s with item answers', () => {
    const assessment = assessWith([withItems('2024-06-01', 0), withItems('2024-12-01', 2)]);
    expect(assessment.residualDrift?.status).toBe('insufficient-data');
  });

  it('gives an info card only when the site flag is on', () => {
    const assessment = assessWith([withItems('2024-06-01', 0), withItems('2024-09-01', 1), withItems('2024-12-01', 2)]);
    let counter = 0;
    const options = { includeEmerging: true, newId: () => `id-${(counter += 1)}`, getCitation };
    expect(buildPatientViewCards(assessment, options).map((card) => card.kind)).toEqual([]);
    const cards = buildPatientViewCards(assessment, { ...options, includeResidualDrift: true });
    expect(cards.map((card) => card.kind)).toEqual(['residual-drift']);
    expect(cards[0]?.card.indicator).toBe('info');
    expect(cards[0]?.card.summary.length).toBeLessThan(140);
  });
});

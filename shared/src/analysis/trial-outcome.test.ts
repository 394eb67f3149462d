import { describe, expect, it } from 'vitest';
import { addDays } from '../domain/dates';
import type { MedicationEvent, Phq9Score } from '../domain/record';
import { buildTrials } from './build-trials';
import { buildMedicationIntervals } from './medication-intervals';
import { buildPhq9Points } from './phq9-series';
import { buildRecord, buildTestContext, phq, statement } from './test-records';
import { toTrial } from './trial-outcome';

const NOW = '2025-01-10';
const ctx = buildTestContext(NOW);

function trialOf(medications: MedicationEvent[], scores: Phq9Score[] = []) {
  const record = buildRecord({ medications });
  const cores = buildTrials(buildMedicationIntervals(record, ctx), ctx);
  const { points } = buildPhq9Points(scores, NOW, ctx.t);
  const core = cores[0];
  if (!core) {
    throw new Error('expected a trial');
  }
  return toTrial(core, points, ctx);
}

function sertraline(days: number, dose: number | undefined, start = '2024-01-01'): MedicationEvent {
  return statement('s', 'sertraline', start, {
    ...(dose === undefined ? {} : { dose }),
    status: 'completed',
    end: addDays(start, days - 1),
  });
}

describe('adequacy', () => {
  it.each([
    { name: 'exactly 6 weeks at the minimum dose is adequate', days: 42, dose: 50, expected: 'adequate' },
    { name: '41 days is borderline', days: 41, dose: 50, expected: 'borderline' },
    { name: 'exactly 4 weeks is borderline', days: 28, dose: 100, expected: 'borderline' },
    { name: '27 days is inadequate duration', days: 27, dose: 100, expected: 'inadequate-duration' },
    { name: 'below the minimum dose for long is inadequate dose', days: 120, dose: 25, expected: 'inadequate-dose' },
    { name: 'unknown dose is unknown', days: 120, dose: undefined, expected: 'unknown' },
  ])('$name', ({ days, dose, expected }) => {
    expect(trialOf([sertraline(days, dose)]).adequacy).toBe(expected);
  });

  it('is unknown for an agent without a minimum adequate dose (aripiprazole)', () => {
    expect(trialOf([statement('a', 'aripiprazole', '2024-01-01', { dose: 5 })]).adequacy).toBe('unknown');
  });
});

describe('outcome', () => {
  const long = sertraline(200, 100);
  it.each([
    // A response counts once sustained: a second qualifying score ≥ 14 days later (Frank 1991; ACNP 2006).
    {
      name: 'remission',
      scores: [phq('2024-01-01', 18), phq('2024-03-01', 4), phq('2024-03-20', 3)],
      expected: 'remission',
    },
    {
      name: 'response without remission',
      scores: [phq('2024-01-01', 18), phq('2024-03-01', 9), phq('2024-03-20', 8)],
      expected: 'response',
    },
    {
      name: 'one lucky score followed by persistent symptoms is non-response',
      scores: [phq('2024-01-01', 18), phq('2024-03-01', 8), phq('2024-03-20', 16), phq('2024-05-01', 17)],
      expected: 'non-response',
    },
    {
      name: 'a lucky score then a held 25–49 % improvement is partial response',
      scores: [phq('2024-01-01', 18), phq('2024-03-01', 8), phq('2024-03-20', 12), phq('2024-05-01', 13)],
      expected: 'partial-response',
    },
    {
      name: 'a single qualifying score at the end of an ended trial cannot be judged',
      scores: [phq('2024-01-01', 18), phq('2024-03-01', 16), phq('2024-07-01', 8)],
      expected: 'unknown',
    },
    {
      name: 'partial response at exactly 75 %',
      scores: [phq('2024-01-01', 20), phq('2024-03-01', 15)],
      expected: 'partial-response',
    },
    { name: 'non-response', scores: [phq('2024-01-01', 20), phq('2024-03-01', 16)], expected: 'non-response' },
    {
      name: 'loss of response',
      scores: [
        phq('2024-01-01', 20),
        phq('2024-03-01', 4),
        phq('2024-03-20', 4),
        phq('2024-06-01', 15),
        phq('2024-06-20', 16),
      ],
      expected: 'loss-of-response',
    },
    {
      // One elevated score after a sustained response: not a loss until a second one confirms it.
      name: 'an unconfirmed worsening',
      scores: [phq('2024-01-01', 20), phq('2024-03-01', 4), phq('2024-03-20', 4), phq('2024-06-01', 15)],
      expected: 'worsening-unconfirmed',
    },
    { name: 'no follow-up after baseline is too early', scores: [phq('2024-01-01', 20)], expected: 'too-early' },
    { name: 'no baseline is unknown', scores: [phq('2024-03-01', 4)], expected: 'unknown' },
    { name: 'no PHQ-9 at all is unknown', scores: [], expected: 'unknown' },
  ])('$name', ({ scores, expected }) => {
    expect(trialOf([long], scores).outcome).toBe(expected);
  });

  it('records the unsustained response score on the trial', () => {
    const trial = trialOf([long], [phq('2024-01-01', 18), phq('2024-03-01', 8), phq('2024-03-20', 16)]);
    expect(trial.responseAt).toBeUndefined();
    expect(trial.unsustainedResponseAt).toEqual({ date: '2024-03-01', total: 8 });
  });

  it('is too early while an ongoing trial has a response not yet sustained', () => {
    const trial = trialOf(
      [statement('s', 'sertraline', '2024-10-01', { dose: 100 })],
      [phq('2024-10-01', 20), phq('2024-12-01', 16), phq('2025-01-05', 8)]
    );
    expect(trial.outcome).toBe('too-early');
  });

  it('is too early while an ongoing trial is younger than 6 weeks', () => {
    const trial = trialOf(
      [statement('s', 'sertraline', '2024-12-01', { dose: 100 })],
      [phq('2024-12-01', 20), phq('2025-01-05', 19)]
    );
    expect(trial.outcome).toBe('too-early');
  });
});

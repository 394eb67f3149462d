import { THRESHOLDS, type Phq9Point } from '@tachywatch/shared';
import { describe, expect, it } from 'vitest';
import type { TimelineLane, TimelineMarker } from './build-timeline-model';
import { describePoint, describeSegment, formatTimeTick, markerClassName } from './chart-labels';

const remissionBelow = THRESHOLDS.remissionBelow.value;

describe('markerClassName', () => {
  it('styles a nadir by whether it reached remission', () => {
    const nadir = (total: number): TimelineMarker => ({ kind: 'nadir', date: '2024-01-01', total });
    expect(markerClassName(nadir(remissionBelow - 1))).toBe('marker marker--nadir marker--nadir-remission');
    expect(markerClassName(nadir(remissionBelow))).toBe('marker marker--nadir marker--nadir-residual');
    expect(markerClassName({ kind: 'loss', date: '2024-01-01', total: 3 })).toBe('marker marker--loss');
  });
});

describe('describePoint', () => {
  const point: Phq9Point = {
    date: '2025-06-24',
    total: 17,
    band: 'moderately-severe',
    instrument: 'PHQ-9',
    item9: 1,
    refs: [],
  };

  it('names the score, band, date, a positive item 9 and the markers on that date', () => {
    const markers: TimelineMarker[] = [
      { kind: 'loss', date: '2025-06-24', total: 17 },
      { kind: 'baseline', date: '2024-01-10', total: 21 },
    ];
    expect(describePoint(point, markers)).toBe(
      'PHQ-9 17 (moderately severe) on 24 Jun 2025, item 9: 1 (positive). Loss of response (confirmed)'
    );
  });

  it('leaves out item 9 when it was not answered', () => {
    expect(describePoint({ ...point, item9: undefined }, [])).toBe('PHQ-9 17 (moderately severe) on 24 Jun 2025');
  });
});

describe('describeSegment', () => {
  const segment = {
    start: '2024-02-10',
    end: '2025-07-01',
    from: '2024-02-10',
    to: '2025-07-01',
    ongoing: true,
    dailyDoseMg: 150,
    relativeDose: 1,
  };
  const lane = (kind: TimelineLane['kind'], label: string): TimelineLane => ({
    id: label,
    label,
    kind,
    segments: [segment],
    ongoing: true,
    description: label,
  });

  it('gives a drug its dose and an ongoing segment "now"', () => {
    expect(describeSegment(lane('antidepressant', 'Sertraline'), segment)).toBe(
      'Sertraline: 150 mg/day, 10 Feb 2024 to now'
    );
  });

  it('gives a course no dose, and an ended segment its end date', () => {
    expect(describeSegment(lane('tms', 'TMS course'), { ...segment, ongoing: false })).toBe(
      'TMS course: 10 Feb 2024 to 1 Jul 2025'
    );
  });
});

describe('formatTimeTick', () => {
  it('shows the year on the first tick and in January, the month alone elsewhere', () => {
    expect(formatTimeTick(new Date('2024-03-01T00:00:00Z'), 0)).toBe('Mar 2024');
    expect(formatTimeTick(new Date('2024-05-01T00:00:00Z'), 1)).toBe('May');
    expect(formatTimeTick(new Date('2025-01-01T00:00:00Z'), 4)).toBe('Jan 2025');
    expect(formatTimeTick(Date.UTC(2025, 1, 1), 5)).toBe('Feb');
  });
});

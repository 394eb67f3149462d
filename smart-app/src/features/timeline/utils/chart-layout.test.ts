import { PHQ9_SCORE_DOMAIN, getPhq9Bands } from '@tachywatch/shared';
import { describe, expect, it } from 'vitest';
import type { TimelineLane, TimelineMarker } from './build-timeline-model';
import {
  CHART_WIDTH,
  LANE_GAP,
  LANE_HEIGHT,
  MARGIN,
  MARKER_SIZE,
  PHQ_HEIGHT,
  bandScoreExtent,
  computeChartLayout,
  laneTop,
  placeMarkers,
  toDate,
} from './chart-layout';

const lane = (id: string): TimelineLane => ({
  id,
  label: id,
  kind: 'antidepressant',
  segments: [],
  ongoing: false,
  description: id,
});

const marker = (date: string, total: number, kind: TimelineMarker['kind'] = 'baseline'): TimelineMarker => ({
  kind,
  date,
  total,
});

describe('computeChartLayout', () => {
  it('puts the PHQ-9 panel below the lanes, so each lane adds its height and gap to the chart', () => {
    const none = computeChartLayout({ domain: ['2024-01-01', '2024-12-31'], lanes: [] });
    const three = computeChartLayout({
      domain: ['2024-01-01', '2024-12-31'],
      lanes: [lane('a'), lane('b'), lane('c')],
    });
    expect(three.phqTop - none.phqTop).toBe(3 * (LANE_HEIGHT + LANE_GAP));
    expect(three.height - none.height).toBe(3 * (LANE_HEIGHT + LANE_GAP));
    expect(none.phqTop).toBeGreaterThan(MARGIN.top);
    expect(none.height).toBeGreaterThan(none.phqTop + PHQ_HEIGHT);
  });

  it('maps the domain onto the plotting area and scores onto the panel, worst at the top', () => {
    const layout = computeChartLayout({ domain: ['2024-01-01', '2024-12-31'], lanes: [] });
    expect(layout.innerWidth).toBe(CHART_WIDTH - MARGIN.left - MARGIN.right);
    expect(layout.x(toDate('2024-01-01'))).toBe(0);
    expect(layout.x(toDate('2024-12-31'))).toBeCloseTo(layout.innerWidth);
    expect(layout.y(PHQ9_SCORE_DOMAIN[0])).toBe(PHQ_HEIGHT);
    expect(layout.y(PHQ9_SCORE_DOMAIN[1])).toBe(0);
  });

  it('gives a day its share of the width, and at least one unit so a one-day bar stays visible', () => {
    const year = computeChartLayout({ domain: ['2024-01-01', '2025-01-01'], lanes: [] });
    expect(year.dayWidth).toBeCloseTo(year.innerWidth / 366);
    const oneDay = computeChartLayout({ domain: ['2024-01-01', '2024-01-01'], lanes: [] });
    expect(oneDay.dayWidth).toBe(oneDay.innerWidth);
    const decades = computeChartLayout({ domain: ['1990-01-01', '2025-01-01'], lanes: [] });
    expect(decades.dayWidth).toBe(1);
  });
});

describe('laneTop', () => {
  it('stacks lanes with a gap', () => {
    expect([0, 1, 2].map(laneTop)).toEqual([0, LANE_HEIGHT + LANE_GAP, 2 * (LANE_HEIGHT + LANE_GAP)]);
  });
});

describe('bandScoreExtent', () => {
  const bands = getPhq9Bands();

  it('covers the whole scale without gaps or overlaps between adjacent bands', () => {
    const extents = bands.map((_band, index) => bandScoreExtent(bands, index));
    expect(extents[0]?.low).toBe(PHQ9_SCORE_DOMAIN[0]);
    expect(extents.at(-1)?.high).toBe(PHQ9_SCORE_DOMAIN[1]);
    for (let index = 1; index < extents.length; index += 1) {
      expect(extents[index]?.low).toBe(extents[index - 1]?.high);
    }
  });

  it('meets the next band half-way between the integer bounds', () => {
    const [first, second] = bands;
    expect(bandScoreExtent(bands, 0).high).toBe((first!.to + second!.from) / 2);
  });

  it('refuses an index outside the bands', () => {
    expect(() => bandScoreExtent(bands, bands.length)).toThrow(RangeError);
  });
});

describe('placeMarkers', () => {
  const place = (markers: TimelineMarker[]): { x: number; y: number }[] =>
    placeMarkers(
      markers,
      (item) => Number(item.date),
      (item) => item.total
    ).map(({ x, y }) => ({ x, y }));

  it('draws a lone marker above its score', () => {
    const [only] = place([marker('100', 50)]);
    expect(only?.x).toBe(100);
    expect(only?.y).toBeLessThan(50);
  });

  it('stacks markers that would overlap, each clear of the ones below', () => {
    const placed = place([marker('100', 50), marker('104', 50, 'nadir'), marker('98', 52, 'loss')]);
    expect(placed.map((item) => item.x)).toEqual([100, 104, 98]);
    for (let i = 0; i < placed.length; i += 1) {
      for (let j = i + 1; j < placed.length; j += 1) {
        const a = placed[i]!;
        const b = placed[j]!;
        const overlaps = Math.abs(a.x - b.x) < MARKER_SIZE + 2 && Math.abs(a.y - b.y) < MARKER_SIZE + 2;
        expect(overlaps).toBe(false);
      }
    }
    expect(placed[1]!.y).toBeLessThan(placed[0]!.y);
    expect(placed[2]!.y).toBeLessThan(placed[1]!.y);
  });

  it('leaves markers far apart at their own height', () => {
    const placed = place([marker('100', 50), marker('300', 50)]);
    expect(placed[0]?.y).toBe(placed[1]?.y);
  });
});

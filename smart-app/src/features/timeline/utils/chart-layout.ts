import { PHQ9_SCORE_DOMAIN, type Phq9BandRange } from '@tachywatch/shared';
import { scaleLinear, scaleUtc } from '@visx/scale';
import type { TimelineMarker, TimelineModel } from './build-timeline-model';

/** The chart's coordinate space (the SVG scales to its container; these are viewBox units). */
export const CHART_WIDTH = 960;
export const MARGIN = { left: 150, right: 160, top: 8 } as const;
export const LANE_HEIGHT = 24;
export const LANE_GAP = 6;
export const PHQ_HEIGHT = 220;
const AXIS_HEIGHT = 30;
/** Space between the last lane and the PHQ-9 panel. */
const PANEL_GAP = 16;
export const MARKER_SIZE = 14;
/** How far a marker moves up when it would overlap one already placed. */
const MARKER_STEP = 17;
/** A marker sits this far above its score. */
const MARKER_LIFT = 16;
const DAY_MS = 86_400_000;

export type TimeScale = ReturnType<typeof scaleUtc<number>>;
export type ScoreScale = ReturnType<typeof scaleLinear<number>>;

export interface ChartLayout {
  /** Width of the plotting area between the margins. */
  readonly innerWidth: number;
  /** Top of the PHQ-9 panel, below the lanes. */
  readonly phqTop: number;
  /** Total height of the viewBox. */
  readonly height: number;
  /** The width of one day, at least 1 (a one-day segment stays visible). */
  readonly dayWidth: number;
  /** Dates to x within the plotting area. */
  readonly x: TimeScale;
  /** PHQ-9 scores to y within the PHQ-9 panel. */
  readonly y: ScoreScale;
}

/** A FHIR date (`YYYY-MM-DD`) as midnight UTC. */
export function toDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The top of the lane at `index`, relative to the lanes group. */
export function laneTop(index: number): number {
  return index * (LANE_HEIGHT + LANE_GAP);
}

export function computeChartLayout(model: Pick<TimelineModel, 'domain' | 'lanes'>): ChartLayout {
  const phqTop = MARGIN.top + laneTop(model.lanes.length) + PANEL_GAP;
  const innerWidth = CHART_WIDTH - MARGIN.left - MARGIN.right;
  const start = toDate(model.domain[0]);
  const end = toDate(model.domain[1]);
  const days = (end.getTime() - start.getTime()) / DAY_MS;
  return {
    innerWidth,
    phqTop,
    height: phqTop + PHQ_HEIGHT + AXIS_HEIGHT,
    dayWidth: Math.max(1, innerWidth / Math.max(1, days)),
    x: scaleUtc({ domain: [start, end], range: [0, innerWidth] }),
    y: scaleLinear({ domain: [...PHQ9_SCORE_DOMAIN], range: [PHQ_HEIGHT, 0] }),
  };
}

/**
 * The scores a severity band's rectangle spans: adjacent bands meet half-way between their integer bounds, so the
 * background has no gaps; the outer edges stop at the scale's ends.
 */
export function bandScoreExtent(
  bands: readonly Phq9BandRange[],
  index: number
): { readonly low: number; readonly high: number } {
  const band = bands[index];
  if (!band) throw new RangeError(`No band at index ${index}`);
  return {
    low: band.from - (index === 0 ? 0 : 0.5),
    high: band.to + (index === bands.length - 1 ? 0 : 0.5),
  };
}

export interface PlacedMarker {
  readonly marker: TimelineMarker;
  readonly x: number;
  readonly y: number;
}

/** Where each marker is drawn: above its score, stacked upwards when it would overlap an earlier one. */
export function placeMarkers(
  markers: readonly TimelineMarker[],
  xOf: (marker: TimelineMarker) => number,
  yOf: (marker: TimelineMarker) => number
): PlacedMarker[] {
  const placed: PlacedMarker[] = [];
  for (const marker of markers) {
    const mx = xOf(marker);
    let my = yOf(marker) - MARKER_LIFT;
    while (
      placed.some((other) => Math.abs(other.x - mx) < MARKER_SIZE + 2 && Math.abs(other.y - my) < MARKER_SIZE + 2)
    ) {
      my -= MARKER_STEP;
    }
    placed.push({ marker, x: mx, y: my });
  }
  return placed;
}

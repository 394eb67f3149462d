import { isItem9Positive, THRESHOLDS, type Phq9Point } from '@tachywatch/shared';
import { BAND_LABELS } from '../../../config/labels';
import { formatDate, formatDose, formatMonth } from '../../../lib/format';
import type { MarkerKind, TimelineLane, TimelineMarker, TimelineSegment } from './build-timeline-model';

export const MARKER_STYLES: Readonly<Record<MarkerKind, { letter: string; label: string }>> = {
  baseline: { letter: 'B', label: 'Baseline' },
  response: { letter: 'R', label: 'Response' },
  nadir: { letter: 'N', label: 'nadir (lowest score; green when in remission)' },
  loss: { letter: 'L', label: 'Loss of response (confirmed)' },
  worsening: { letter: 'W', label: 'Worsening' },
};

/** The remission cut-off from the shared thresholds (PHQ-9 below it), for the nadir marker's style. */
const REMISSION_BELOW = THRESHOLDS.remissionBelow.value;

/** The marker's CSS classes: its kind, and for a nadir whether it reached remission. */
export function markerClassName(marker: TimelineMarker): string {
  const nadir =
    marker.kind === 'nadir' ? ` marker--nadir-${marker.total < REMISSION_BELOW ? 'remission' : 'residual'}` : '';
  return `marker marker--${marker.kind}${nadir}`;
}

/** A PHQ-9 point's accessible name and tooltip: score, band, date, item 9 and the markers on that date. */
export function describePoint(point: Phq9Point, markers: readonly TimelineMarker[]): string {
  const flags = markers
    .filter((marker) => marker.date === point.date)
    .map((marker) => MARKER_STYLES[marker.kind].label);
  const item9 =
    point.item9 !== undefined ? `, item 9: ${point.item9}${isItem9Positive(point.item9) ? ' (positive)' : ''}` : '';
  return `${point.instrument} ${point.total} (${BAND_LABELS[point.band]}) on ${formatDate(point.date)}${item9}${
    flags.length > 0 ? `. ${flags.join(', ')}` : ''
  }`;
}

/** A bar's accessible name and tooltip: the drug (with its dose, courses have none) and its real dates. */
export function describeSegment(lane: TimelineLane, segment: TimelineSegment): string {
  const dose =
    lane.kind === 'tms' || lane.kind === 'ect' || lane.kind === 'esketamine'
      ? ''
      : `${formatDose(segment.dailyDoseMg)}, `;
  return `${lane.label}: ${dose}${formatDate(segment.from)} to ${segment.ongoing ? 'now' : formatDate(segment.to)}`;
}

/** A time-axis tick: the year on the first tick and at every January, the month alone elsewhere. */
export function formatTimeTick(value: Date | number | { valueOf(): number }, index: number): string {
  const date = (value instanceof Date ? value : new Date(Number(value))).toISOString().slice(0, 10);
  return index === 0 || date.slice(5, 7) === '01' ? formatMonth(date) : (formatMonth(date).split(' ')[0] ?? '');
}

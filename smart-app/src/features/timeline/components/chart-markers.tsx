import type { ReactElement } from 'react';
import type { TimelineMarker } from '../utils/build-timeline-model';
import { MARKER_STYLES, markerClassName } from '../utils/chart-labels';
import { MARKER_SIZE, placeMarkers, toDate, type ScoreScale, type TimeScale } from '../utils/chart-layout';

/** The outcome markers (baseline, response, nadir, loss, worsening) as lettered boxes above their scores. */
export function OutcomeMarkers({
  markers,
  x,
  y,
}: {
  markers: readonly TimelineMarker[];
  x: TimeScale;
  y: ScoreScale;
}): ReactElement {
  const placed = placeMarkers(
    markers,
    (marker) => x(toDate(marker.date)),
    (marker) => y(marker.total)
  );
  return (
    <>
      {placed.map(({ marker, x: mx, y: my }) => (
        <g key={`${marker.kind}-${marker.date}`} aria-hidden="true" className={markerClassName(marker)}>
          <rect x={mx - MARKER_SIZE / 2} y={my - MARKER_SIZE / 2} width={MARKER_SIZE} height={MARKER_SIZE} rx={2} />
          <text x={mx} y={my} dy="0.35em" textAnchor="middle">
            {MARKER_STYLES[marker.kind].letter}
          </text>
        </g>
      ))}
    </>
  );
}

import type { Phq9ReferenceLine } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { GlossaryText } from '../../../components/ui/term';
import type { TimelineMarker } from '../utils/build-timeline-model';
import { MARKER_STYLES } from '../utils/chart-labels';

export interface ChartLegendProps {
  readonly markers: readonly TimelineMarker[];
  readonly referenceLines: readonly Phq9ReferenceLine[];
  readonly highlightTrialId?: string;
}

/** The legend: bar fills always; markers, the highlight and reference lines only when the chart shows them. */
export function ChartLegend({ markers, referenceLines, highlightTrialId }: ChartLegendProps): ReactElement {
  return (
    <ul className="timeline-legend" aria-label="Legend">
      <li>
        <span className="legend-swatch legend-swatch--antidepressant" aria-hidden="true" /> Antidepressant (darker =
        higher dose)
      </li>
      <li>
        <span className="legend-swatch legend-swatch--augmentation" aria-hidden="true" /> Augmenting agent (hatched)
      </li>
      <li>
        <span className="legend-swatch legend-swatch--course" aria-hidden="true" /> TMS / ECT / esketamine course
        (dotted)
      </li>
      {Object.entries(MARKER_STYLES)
        .filter(([kind]) => markers.some((marker) => marker.kind === kind))
        .map(([kind, style]) => (
          <li key={kind}>
            <span className={`legend-marker marker--${kind}`} aria-hidden="true">
              {style.letter}
            </span>{' '}
            <GlossaryText text={style.label} />
          </li>
        ))}
      <li>
        <span className="legend-marker legend-marker--item9" aria-hidden="true">
          !
        </span>{' '}
        PHQ-9 item 9 positive
      </li>
      {highlightTrialId ? (
        <li>
          <span aria-hidden="true">▶</span> The trial the finding is about (bold outline)
        </li>
      ) : null}
      {referenceLines.map((line) => (
        <li key={line.kind}>
          <span className={`legend-line legend-line--${line.kind}`} aria-hidden="true" />{' '}
          <GlossaryText
            text={
              line.kind === 'response' ? 'Response line: 50 % of the baseline score' : 'nadir + MCID: a real worsening'
            }
          />
        </li>
      ))}
      <li>Bands: PHQ-9 severity (none–minimal to severe); doses in mg/day</li>
    </ul>
  );
}

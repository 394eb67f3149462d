import { isItem9Positive, type Phq9Point } from '@tachywatch/shared';
import { LinePath } from '@visx/shape';
import type { ReactElement } from 'react';
import type { TimelineMarker } from '../utils/build-timeline-model';
import { describePoint } from '../utils/chart-labels';
import { toDate, type ScoreScale, type TimeScale } from '../utils/chart-layout';
import type { TipHandlersFor } from './chart-tooltip';

/** The PHQ-9 line through the scores. */
export function ScoreLine({
  points,
  x,
  y,
}: {
  points: readonly Phq9Point[];
  x: TimeScale;
  y: ScoreScale;
}): ReactElement {
  return (
    <LinePath<Phq9Point>
      data={[...points]}
      x={(point) => x(toDate(point.date))}
      y={(point) => y(point.total)}
      stroke="#1a1a1a"
      strokeWidth={2}
    />
  );
}

export interface ScorePointsProps {
  readonly points: readonly Phq9Point[];
  readonly markers: readonly TimelineMarker[];
  readonly x: TimeScale;
  readonly y: ScoreScale;
  /** The PHQ-9 panel's top within the chart, for the tooltip's position. */
  readonly top: number;
  readonly handlersFor: TipHandlersFor;
}

/** The PHQ-9 points: each focusable and labelled, a positive item 9 larger and marked "!". */
export function ScorePoints({ points, markers, x, y, top, handlersFor }: ScorePointsProps): ReactElement {
  return (
    <>
      {points.map((point) => {
        const px = x(toDate(point.date));
        const py = y(point.total);
        const positive = isItem9Positive(point.item9);
        const text = describePoint(point, markers);
        return (
          <g key={`${point.date}-${point.total}`} {...handlersFor(text, px, top + py)}>
            <circle
              cx={px}
              cy={py}
              r={positive ? 7 : 5}
              className={positive ? 'phq-point phq-point--item9' : 'phq-point'}
              tabIndex={0}
              role="img"
              aria-label={text}
            />
            {positive ? (
              <text x={px} y={py} dy="0.35em" textAnchor="middle" className="phq-point__mark" aria-hidden="true">
                !
              </text>
            ) : null}
          </g>
        );
      })}
    </>
  );
}

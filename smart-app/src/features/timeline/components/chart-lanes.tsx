import type { ReactElement } from 'react';
import type { TimelineLane, TimelineSegment } from '../utils/build-timeline-model';
import { describeSegment } from '../utils/chart-labels';
import { LANE_HEIGHT, MARGIN, laneTop, toDate, type TimeScale } from '../utils/chart-layout';
import type { TipHandlersFor } from './chart-tooltip';

/** Bars narrower than this carry no dose text. */
const MIN_WIDTH_FOR_DOSE_TEXT = 80;

function segmentFill(lane: TimelineLane, segment: TimelineSegment): string {
  if (lane.kind === 'augmentation') return 'url(#hatch-augmentation)';
  if (lane.kind === 'antidepressant') return `rgba(31, 94, 160, ${0.35 + 0.65 * segment.relativeDose})`;
  return 'url(#dots-course)';
}

interface LaneProps {
  readonly lane: TimelineLane;
  readonly top: number;
  readonly highlighted: boolean;
  readonly x: TimeScale;
  readonly dayWidth: number;
  readonly handlersFor: TipHandlersFor;
}

function SegmentBar({
  lane,
  segment,
  top,
  highlighted,
  x,
  dayWidth,
  handlersFor,
}: LaneProps & { segment: TimelineSegment }): ReactElement {
  const sx = x(toDate(segment.start));
  const width = Math.max(3, x(toDate(segment.end)) - sx + dayWidth);
  const text = describeSegment(lane, segment);
  const lightText = segment.relativeDose > 0.55 && lane.kind === 'antidepressant';
  return (
    <g {...handlersFor(text, sx + width / 2, MARGIN.top + top)}>
      <rect
        x={sx}
        y={top}
        width={width}
        height={LANE_HEIGHT}
        rx={3}
        fill={segmentFill(lane, segment)}
        stroke={highlighted ? '#000' : '#1b3d66'}
        strokeWidth={highlighted ? 2.5 : 1}
        tabIndex={0}
        role="img"
        aria-label={text}
        className="timeline-bar"
      />
      {width > MIN_WIDTH_FOR_DOSE_TEXT && segment.dailyDoseMg !== undefined ? (
        <text
          x={sx + 4}
          y={top + LANE_HEIGHT / 2}
          dy="0.35em"
          className={lightText ? 'bar-text bar-text--light' : 'bar-text'}
          aria-hidden="true"
        >
          {segment.dailyDoseMg} mg/day
        </text>
      ) : null}
    </g>
  );
}

function Lane(props: LaneProps): ReactElement {
  const { lane, top, highlighted } = props;
  return (
    <g className={highlighted ? 'lane lane--highlighted' : 'lane'}>
      <text x={-8} y={top + LANE_HEIGHT / 2} dy="0.35em" textAnchor="end" className="lane__label">
        {highlighted ? '▶ ' : ''}
        {lane.label}
        {lane.kind === 'augmentation' ? ' (aug.)' : ''}
      </text>
      {lane.segments.map((segment) => (
        <SegmentBar key={segment.start} {...props} segment={segment} />
      ))}
    </g>
  );
}

export interface ChartLanesProps {
  readonly lanes: readonly TimelineLane[];
  readonly highlightTrialId?: string;
  readonly x: TimeScale;
  readonly dayWidth: number;
  readonly handlersFor: TipHandlersFor;
}

/** One lane per trial, augmentation or course: bars with dose steps, the highlighted trial outlined. */
export function ChartLanes({ lanes, highlightTrialId, ...rest }: ChartLanesProps): ReactElement {
  return (
    <>
      {lanes.map((lane, index) => (
        <Lane key={lane.id} lane={lane} top={laneTop(index)} highlighted={lane.id === highlightTrialId} {...rest} />
      ))}
    </>
  );
}

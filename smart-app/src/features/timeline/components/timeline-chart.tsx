import { Group } from '@visx/group';
import { useEffect, type ReactElement } from 'react';
import { MARK_TIMELINE_DRAWN, markOnce } from '../../../lib/performance-marks';
import type { TimelineModel } from '../utils/build-timeline-model';
import { CHART_WIDTH, MARGIN, computeChartLayout } from '../utils/chart-layout';
import { ScoreAxis, TimeAxis } from './chart-axes';
import { ReferenceLines, ScoreBands } from './chart-bands';
import { ChartLanes } from './chart-lanes';
import { ChartLegend } from './chart-legend';
import { OutcomeMarkers } from './chart-markers';
import { ChartPatterns } from './chart-patterns';
import { ScoreLine, ScorePoints } from './chart-scores';
import { ChartTooltip, useChartTooltip } from './chart-tooltip';

export interface TimelineChartProps {
  readonly model: TimelineModel;
  readonly highlightTrialId?: string;
  readonly title: string;
}

/** The trials (bars with dose steps), courses and the PHQ-9 line on one time axis. visx draws scales and axes. */
export default function TimelineChart({ model, highlightTrialId, title }: TimelineChartProps): ReactElement {
  const { tip, handlersFor, hide } = useChartTooltip();
  useEffect(() => {
    markOnce(MARK_TIMELINE_DRAWN);
  }, []);
  const { innerWidth, phqTop, height, dayWidth, x, y } = computeChartLayout(model);

  return (
    <div className="timeline-chart">
      <svg
        viewBox={`0 0 ${CHART_WIDTH} ${height}`}
        width="100%"
        role="group"
        aria-label={title}
        className="timeline-chart__svg"
        onMouseLeave={hide}
      >
        <ChartPatterns />
        <Group left={MARGIN.left} top={MARGIN.top}>
          <ChartLanes
            lanes={model.lanes}
            highlightTrialId={highlightTrialId}
            x={x}
            dayWidth={dayWidth}
            handlersFor={handlersFor}
          />
        </Group>
        <Group left={MARGIN.left} top={phqTop}>
          <ScoreBands bands={model.bands} y={y} width={innerWidth} />
          <ScoreAxis bands={model.bands} y={y} />
          <ReferenceLines lines={model.referenceLines} y={y} width={innerWidth} />
          <ScoreLine points={model.points} x={x} y={y} />
          <OutcomeMarkers markers={model.markers} x={x} y={y} />
          <ScorePoints
            points={model.points}
            markers={model.markers}
            x={x}
            y={y}
            top={phqTop}
            handlersFor={handlersFor}
          />
          <TimeAxis x={x} />
        </Group>
      </svg>
      <ChartTooltip tip={tip} height={height} />
      <ChartLegend markers={model.markers} referenceLines={model.referenceLines} highlightTrialId={highlightTrialId} />
    </div>
  );
}

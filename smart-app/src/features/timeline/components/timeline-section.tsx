import type { Assessment } from '@tachywatch/shared';
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import type { ComponentType, ReactElement } from 'react';
import type { TimelineChartProps } from './timeline-chart';
import { STRINGS } from '../../../config/strings';
import { buildTimelineModel } from '../utils/build-timeline-model';
import type { TimelineZoom } from '../utils/build-timeline-model';
import { TimelineTable } from './timeline-table';

// The chart (and the charting library) load after the first paint; the table alternative is always there.
const loadTimelineChart = (): Promise<{ default: ComponentType<TimelineChartProps> }> => import('./timeline-chart');
const TimelineChart = lazy(loadTimelineChart);

/** Starts downloading the chart while the patient's data loads, so drawing does not wait for it afterwards. */
export function preloadTimelineChart(): void {
  void loadTimelineChart();
}

/** Below this width the chart's text would shrink under 11 px: the timeline is shown as a list instead. */
const NARROW_QUERY = '(max-width: 640px)';

function useNarrowScreen(): boolean {
  const query = useMemo(
    () =>
      typeof window !== 'undefined' && typeof window.matchMedia === 'function'
        ? window.matchMedia(NARROW_QUERY)
        : undefined,
    []
  );
  const [narrow, setNarrow] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return undefined;
    const update = (): void => setNarrow(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, [query]);
  return narrow;
}

export function TimelineSection({
  assessment,
  highlightTrialId,
}: {
  assessment: Assessment;
  highlightTrialId?: string;
}): ReactElement {
  const [zoom, setZoom] = useState<TimelineZoom>('all');
  const model = useMemo(() => buildTimelineModel(assessment, zoom), [assessment, zoom]);
  const empty = model.lanes.length === 0 && model.points.length === 0;
  const narrow = useNarrowScreen();
  return (
    <div className="timeline">
      <div className="timeline__controls" role="group" aria-label="Time range">
        <button type="button" aria-pressed={zoom === 'last-year'} onClick={() => setZoom('last-year')}>
          {STRINGS.zoomLastYear}
        </button>
        <button type="button" aria-pressed={zoom === 'all'} onClick={() => setZoom('all')}>
          {STRINGS.zoomAll}
        </button>
      </div>
      {empty ? (
        <p>No antidepressant trials or PHQ-9 scores in this period.</p>
      ) : narrow ? (
        <TimelineTable model={model} />
      ) : (
        <Suspense fallback={<p className="timeline__loading">Drawing the timeline…</p>}>
          <TimelineChart
            model={model}
            highlightTrialId={highlightTrialId}
            title={`Timeline of antidepressant trials and PHQ-9 scores, ${zoom === 'all' ? 'all records' : 'last year'}`}
          />
        </Suspense>
      )}
      {narrow ? null : (
        <details className="timeline__table">
          <summary>Show the timeline as a table</summary>
          <TimelineTable model={model} />
        </details>
      )}
    </div>
  );
}

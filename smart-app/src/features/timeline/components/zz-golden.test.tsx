import { renderToStaticMarkup } from 'react-dom/server';
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { SAMPLE_ASSESSMENT, SERTRALINE_TRIAL } from '../../../testing/sample-assessment';
import { buildTimelineModel } from '../utils/build-timeline-model';
import TimelineChart from './timeline-chart';

it('golden', () => {
  const out = (['all', 'last-year'] as const).map((zoom) =>
    renderToStaticMarkup(<TimelineChart model={buildTimelineModel(SAMPLE_ASSESSMENT, zoom)} highlightTrialId={zoom === 'all' ? SERTRALINE_TRIAL.id : undefined} title={`t ${zoom}`} />)
  );
  writeFileSync(process.env.GOLDEN_OUT ?? '/tmp/split/golden.html', out.join('\n\n').replace(/></g, '>\n<'));
});

import { PHQ9_SCORE_DOMAIN, type Phq9BandRange } from '@tachywatch/shared';
import { AxisBottom, AxisLeft } from '@visx/axis';
import type { ReactElement } from 'react';
import { formatTimeTick } from '../utils/chart-labels';
import { PHQ_HEIGHT, type ScoreScale, type TimeScale } from '../utils/chart-layout';

/** The PHQ-9 axis, with a tick at the start of each band and at the maximum score. */
export function ScoreAxis({ bands, y }: { bands: readonly Phq9BandRange[]; y: ScoreScale }): ReactElement {
  return (
    <AxisLeft
      scale={y}
      tickValues={[...bands.map((band) => band.from), PHQ9_SCORE_DOMAIN[1]]}
      label="PHQ-9"
      labelOffset={28}
    />
  );
}

/** The shared time axis under the PHQ-9 panel. */
export function TimeAxis({ x }: { x: TimeScale }): ReactElement {
  return <AxisBottom top={PHQ_HEIGHT} scale={x} numTicks={8} tickFormat={formatTimeTick} />;
}

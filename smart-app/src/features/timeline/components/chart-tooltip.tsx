import { useState, type FocusEvent, type MouseEvent, type ReactElement } from 'react';
import { CHART_WIDTH, MARGIN } from '../utils/chart-layout';

interface Tip {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

export interface TipHandlers {
  onMouseEnter: () => void;
  onMouseLeave: () => void;
  onFocus: (event: FocusEvent) => void;
  onBlur: () => void;
  onClick: (event: MouseEvent) => void;
}

/** Handlers that show `text` at (px, py) — px within the plotting area, py within the whole chart. */
export type TipHandlersFor = (text: string, px: number, py: number) => TipHandlers;

/** The chart's one tooltip: shown on hover, focus or tap of a bar or point, hidden when the pointer leaves. */
export function useChartTooltip(): { tip: Tip | undefined; handlersFor: TipHandlersFor; hide: () => void } {
  const [tip, setTip] = useState<Tip | undefined>();
  const hide = (): void => setTip(undefined);
  const handlersFor: TipHandlersFor = (text, px, py) => {
    const show = (): void => setTip({ text, x: px + MARGIN.left, y: py });
    return { onMouseEnter: show, onMouseLeave: hide, onFocus: show, onBlur: hide, onClick: show };
  };
  return { tip, handlersFor, hide };
}

export function ChartTooltip({ tip, height }: { tip: Tip | undefined; height: number }): ReactElement | null {
  if (!tip) return null;
  return (
    <div
      className="timeline-tooltip"
      role="status"
      style={{ left: `${(tip.x / CHART_WIDTH) * 100}%`, top: `${(tip.y / height) * 100}%` }}
    >
      {tip.text}
    </div>
  );
}

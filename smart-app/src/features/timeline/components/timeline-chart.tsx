import { isItem9Positive, PHQ9_SCORE_DOMAIN, THRESHOLDS, type Phq9Point } from '@tachywatch/shared';
import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleLinear, scaleUtc } from '@visx/scale';
import { LinePath } from '@visx/shape';
import { useEffect, useState } from 'react';
import type { FocusEvent, MouseEvent, ReactElement } from 'react';
import { BAND_LABELS } from '../../../config/labels';
import { formatDate, formatDose, formatMonth } from '../../../lib/format';
import { MARK_TIMELINE_DRAWN, markOnce } from '../../../lib/performance-marks';
import { GlossaryText } from '../../../components/ui/term';
import type {
  MarkerKind,
  TimelineLane,
  TimelineMarker,
  TimelineModel,
  TimelineSegment,
} from '../utils/build-timeline-model';

const WIDTH = 960;
const MARGIN = { left: 150, right: 160, top: 8 };
const LANE_HEIGHT = 24;
const LANE_GAP = 6;
const PHQ_HEIGHT = 220;
const AXIS_HEIGHT = 30;

export const MARKER_STYLES: Readonly<Record<MarkerKind, { letter: string; label: string }>> = {
  baseline: { letter: 'B', label: 'Baseline' },
  response: { letter: 'R', label: 'Response' },
  nadir: { letter: 'N', label: 'nadir (lowest score; green when in remission)' },
  loss: { letter: 'L', label: 'Loss of response (confirmed)' },
  worsening: { letter: 'W', label: 'Worsening' },
};

/** Marker boxes closer than this (in chart units) are stacked upwards so they never overlap. */
const MARKER_SIZE = 14;
const MARKER_STEP = 17;

/** Where each marker is drawn: above its score, stacked when it would overlap an earlier one. */
function placeMarkers(
  markers: readonly TimelineMarker[],
  xOf: (marker: TimelineMarker) => number,
  yOf: (marker: TimelineMarker) => number
): { marker: TimelineMarker; x: number; y: number }[] {
  const placed: { marker: TimelineMarker; x: number; y: number }[] = [];
  for (const marker of markers) {
    const mx = xOf(marker);
    let my = yOf(marker) - 16;
    while (
      placed.some((other) => Math.abs(other.x - mx) < MARKER_SIZE + 2 && Math.abs(other.y - my) < MARKER_SIZE + 2)
    ) {
      my -= MARKER_STEP;
    }
    placed.push({ marker, x: mx, y: my });
  }
  return placed;
}

const BAND_FILLS = ['#eef7ee', '#f7f7e6', '#fbf1e2', '#fbe6dc', '#f7dcdc'] as const;
/** The remission cut-off from the shared thresholds (PHQ-9 below it), for the nadir marker's style. */
const REMISSION_BELOW = THRESHOLDS.remissionBelow.value;

function toDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

interface Tip {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

function describePoint(point: Phq9Point, markers: readonly TimelineMarker[]): string {
  const flags = markers
    .filter((marker) => marker.date === point.date)
    .map((marker) => MARKER_STYLES[marker.kind].label);
  const item9 =
    point.item9 !== undefined ? `, item 9: ${point.item9}${isItem9Positive(point.item9) ? ' (positive)' : ''}` : '';
  return `${point.instrument} ${point.total} (${BAND_LABELS[point.band]}) on ${formatDate(point.date)}${item9}${
    flags.length > 0 ? `. ${flags.join(', ')}` : ''
  }`;
}

function describeSegment(lane: TimelineLane, segment: TimelineSegment): string {
  const dose =
    lane.kind === 'tms' || lane.kind === 'ect' || lane.kind === 'esketamine'
      ? ''
      : `${formatDose(segment.dailyDoseMg)}, `;
  return `${lane.label}: ${dose}${formatDate(segment.from)} to ${segment.ongoing ? 'now' : formatDate(segment.to)}`;
}

export interface TimelineChartProps {
  readonly model: TimelineModel;
  readonly highlightTrialId?: string;
  readonly title: string;
}

/** The trials (bars with dose steps), courses and the PHQ-9 line on one time axis. visx draws scales and axes. */
export default function TimelineChart({ model, highlightTrialId, title }: TimelineChartProps): ReactElement {
  const [tip, setTip] = useState<Tip | undefined>();
  useEffect(() => {
    markOnce(MARK_TIMELINE_DRAWN);
  }, []);

  const lanesHeight = model.lanes.length * (LANE_HEIGHT + LANE_GAP);
  const phqTop = MARGIN.top + lanesHeight + 16;
  const height = phqTop + PHQ_HEIGHT + AXIS_HEIGHT;
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const x = scaleUtc({ domain: [toDate(model.domain[0]), toDate(model.domain[1])], range: [0, innerWidth] });
  const y = scaleLinear({ domain: [...PHQ9_SCORE_DOMAIN], range: [PHQ_HEIGHT, 0] });
  const dayWidth = Math.max(
    1,
    innerWidth / Math.max(1, (toDate(model.domain[1]).getTime() - toDate(model.domain[0]).getTime()) / 86_400_000)
  );

  const show = (text: string, px: number, py: number) => (): void => setTip({ text, x: px + MARGIN.left, y: py });
  const hide = (): void => setTip(undefined);
  const handlers = (
    text: string,
    px: number,
    py: number
  ): {
    onMouseEnter: () => void;
    onMouseLeave: () => void;
    onFocus: (event: FocusEvent) => void;
    onBlur: () => void;
    onClick: (event: MouseEvent) => void;
  } => ({
    onMouseEnter: show(text, px, py),
    onMouseLeave: hide,
    onFocus: show(text, px, py),
    onBlur: hide,
    onClick: show(text, px, py),
  });

  return (
    <div className="timeline-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="group"
        aria-label={title}
        className="timeline-chart__svg"
        onMouseLeave={hide}
      >
        <defs>
          <pattern
            id="hatch-augmentation"
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="6" height="6" fill="#d9e6f5" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#2f5d8a" strokeWidth="2" />
          </pattern>
          <pattern id="dots-course" width="6" height="6" patternUnits="userSpaceOnUse">
            <rect width="6" height="6" fill="#efe4f7" />
            <circle cx="3" cy="3" r="1.4" fill="#5b2a86" />
          </pattern>
        </defs>
        <Group left={MARGIN.left} top={MARGIN.top}>
          {model.lanes.map((lane, index) => {
            const laneY = index * (LANE_HEIGHT + LANE_GAP);
            const highlighted = lane.id === highlightTrialId;
            return (
              <g key={lane.id} className={highlighted ? 'lane lane--highlighted' : 'lane'}>
                <text x={-8} y={laneY + LANE_HEIGHT / 2} dy="0.35em" textAnchor="end" className="lane__label">
                  {highlighted ? '▶ ' : ''}
                  {lane.label}
                  {lane.kind === 'augmentation' ? ' (aug.)' : ''}
                </text>
                {lane.segments.map((segment) => {
                  const sx = x(toDate(segment.start));
                  const width = Math.max(3, x(toDate(segment.end)) - sx + dayWidth);
                  const text = describeSegment(lane, segment);
                  const fill =
                    lane.kind === 'augmentation'
                      ? 'url(#hatch-augmentation)'
                      : lane.kind === 'antidepressant'
                        ? `rgba(31, 94, 160, ${0.35 + 0.65 * segment.relativeDose})`
                        : 'url(#dots-course)';
                  return (
                    <g key={segment.start} {...handlers(text, sx + width / 2, MARGIN.top + laneY)}>
                      <rect
                        x={sx}
                        y={laneY}
                        width={width}
                        height={LANE_HEIGHT}
                        rx={3}
                        fill={fill}
                        stroke={highlighted ? '#000' : '#1b3d66'}
                        strokeWidth={highlighted ? 2.5 : 1}
                        tabIndex={0}
                        role="img"
                        aria-label={text}
                        className="timeline-bar"
                      />
                      {width > 80 && segment.dailyDoseMg !== undefined ? (
                        <text
                          x={sx + 4}
                          y={laneY + LANE_HEIGHT / 2}
                          dy="0.35em"
                          className={
                            segment.relativeDose > 0.55 && lane.kind === 'antidepressant'
                              ? 'bar-text bar-text--light'
                              : 'bar-text'
                          }
                          aria-hidden="true"
                        >
                          {segment.dailyDoseMg} mg/day
                        </text>
                      ) : null}
                    </g>
                  );
                })}
              </g>
            );
          })}
        </Group>
        <Group left={MARGIN.left} top={phqTop}>
          {model.bands.map((band, index) => (
            <g key={band.band}>
              <rect
                x={0}
                y={y(band.to + (index === model.bands.length - 1 ? 0 : 0.5))}
                width={innerWidth}
                height={
                  y(band.from - (index === 0 ? 0 : 0.5)) - y(band.to + (index === model.bands.length - 1 ? 0 : 0.5))
                }
                fill={BAND_FILLS[index]}
              />
              <text x={innerWidth + 6} y={y((band.from + band.to) / 2)} dy="0.35em" className="band-label">
                {BAND_LABELS[band.band]} ({band.from}–{band.to})
              </text>
            </g>
          ))}
          <AxisLeft
            scale={y}
            tickValues={[...model.bands.map((band) => band.from), PHQ9_SCORE_DOMAIN[1]]}
            label="PHQ-9"
            labelOffset={28}
          />
          {model.referenceLines.map((line) => (
            <g key={line.kind} className={`reference-line reference-line--${line.kind}`} aria-hidden="true">
              <line x1={0} x2={innerWidth} y1={y(line.score)} y2={y(line.score)} />
              <text
                x={line.kind === 'response' ? 4 : innerWidth - 4}
                y={y(line.score) + (line.kind === 'response' ? -4 : 12)}
                textAnchor={line.kind === 'response' ? 'start' : 'end'}
              >
                {line.label}
              </text>
            </g>
          ))}
          <LinePath<Phq9Point>
            data={[...model.points]}
            x={(point) => x(toDate(point.date))}
            y={(point) => y(point.total)}
            stroke="#1a1a1a"
            strokeWidth={2}
          />
          {placeMarkers(
            model.markers,
            (marker) => x(toDate(marker.date)),
            (marker) => y(marker.total)
          ).map(({ marker, x: mx, y: my }) => (
            <g
              key={`${marker.kind}-${marker.date}`}
              aria-hidden="true"
              className={`marker marker--${marker.kind}${
                marker.kind === 'nadir'
                  ? ` marker--nadir-${marker.total < REMISSION_BELOW ? 'remission' : 'residual'}`
                  : ''
              }`}
            >
              <rect x={mx - MARKER_SIZE / 2} y={my - MARKER_SIZE / 2} width={MARKER_SIZE} height={MARKER_SIZE} rx={2} />
              <text x={mx} y={my} dy="0.35em" textAnchor="middle">
                {MARKER_STYLES[marker.kind].letter}
              </text>
            </g>
          ))}
          {model.points.map((point) => {
            const px = x(toDate(point.date));
            const py = y(point.total);
            const positive = isItem9Positive(point.item9);
            const text = describePoint(point, model.markers);
            return (
              <g key={`${point.date}-${point.total}`} {...handlers(text, px, phqTop + py)}>
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
          <AxisBottom
            top={PHQ_HEIGHT}
            scale={x}
            numTicks={8}
            tickFormat={(value, index) => {
              const date = (value instanceof Date ? value : new Date(Number(value))).toISOString().slice(0, 10);
              // The year on the first tick and at every January; the month alone elsewhere.
              return index === 0 || date.slice(5, 7) === '01' ? formatMonth(date) : formatMonth(date).split(' ')[0];
            }}
          />
        </Group>
      </svg>
      {tip ? (
        <div
          className="timeline-tooltip"
          role="status"
          style={{ left: `${(tip.x / WIDTH) * 100}%`, top: `${(tip.y / height) * 100}%` }}
        >
          {tip.text}
        </div>
      ) : null}
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
          .filter(([kind]) => model.markers.some((marker) => marker.kind === kind))
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
        {model.referenceLines.map((line) => (
          <li key={line.kind}>
            <span className={`legend-line legend-line--${line.kind}`} aria-hidden="true" />{' '}
            <GlossaryText
              text={
                line.kind === 'response'
                  ? 'Response line: 50 % of the baseline score'
                  : 'nadir + MCID: a real worsening'
              }
            />
          </li>
        ))}
        <li>Bands: PHQ-9 severity (none–minimal to severe); doses in mg/day</li>
      </ul>
    </div>
  );
}

import type { Phq9BandRange, Phq9ReferenceLine } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { BAND_LABELS } from '../../../config/labels';
import { bandScoreExtent, type ScoreScale } from '../utils/chart-layout';

const BAND_FILLS = ['#eef7ee', '#f7f7e6', '#fbf1e2', '#fbe6dc', '#f7dcdc'] as const;

/** The PHQ-9 severity bands behind the scores, labelled in the right margin. */
export function ScoreBands({
  bands,
  y,
  width,
}: {
  bands: readonly Phq9BandRange[];
  y: ScoreScale;
  width: number;
}): ReactElement {
  return (
    <>
      {bands.map((band, index) => {
        const { low, high } = bandScoreExtent(bands, index);
        return (
          <g key={band.band}>
            <rect x={0} y={y(high)} width={width} height={y(low) - y(high)} fill={BAND_FILLS[index]} />
            <text x={width + 6} y={y((band.from + band.to) / 2)} dy="0.35em" className="band-label">
              {BAND_LABELS[band.band]} ({band.from}–{band.to})
            </text>
          </g>
        );
      })}
    </>
  );
}

/** The response (50 % of baseline) and MCID lines of the trial the finding is about. */
export function ReferenceLines({
  lines,
  y,
  width,
}: {
  lines: readonly Phq9ReferenceLine[];
  y: ScoreScale;
  width: number;
}): ReactElement {
  return (
    <>
      {lines.map((line) => {
        const response = line.kind === 'response';
        return (
          <g key={line.kind} className={`reference-line reference-line--${line.kind}`} aria-hidden="true">
            <line x1={0} x2={width} y1={y(line.score)} y2={y(line.score)} />
            <text
              x={response ? 4 : width - 4}
              y={y(line.score) + (response ? -4 : 12)}
              textAnchor={response ? 'start' : 'end'}
            >
              {line.label}
            </text>
          </g>
        );
      })}
    </>
  );
}

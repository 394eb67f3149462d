import { isItem9Positive } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { BAND_LABELS } from '../../../config/labels';
import { formatDate } from '../../../lib/format';
import type { MarkerKind, TimelineModel } from '../utils/build-timeline-model';

const MARKER_TEXT: Readonly<Record<MarkerKind, string>> = {
  baseline: 'baseline',
  response: 'response',
  nadir: 'nadir',
  loss: 'loss of response (confirmed)',
  worsening: 'worsening',
};

/** The same data as the chart, as tables: the accessible alternative (and what a screen reader user navigates). */
export function TimelineTable({ model }: { model: TimelineModel }): ReactElement {
  return (
    <div className="timeline-table">
      <table className="data-table stack-narrow">
        <caption>PHQ-9 scores in the period shown</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Score</th>
            <th scope="col">Severity</th>
            <th scope="col">Item 9</th>
            <th scope="col">Marked as</th>
          </tr>
        </thead>
        <tbody>
          {model.points.map((point) => (
            <tr key={`${point.date}-${point.total}`}>
              <th scope="row" data-label="Date">
                {formatDate(point.date)}
              </th>
              <td data-label="Score">{point.total}</td>
              <td data-label="Severity">{BAND_LABELS[point.band]}</td>
              <td data-label="Item 9">
                {point.item9 === undefined
                  ? '—'
                  : isItem9Positive(point.item9)
                    ? `${point.item9} (positive)`
                    : point.item9}
              </td>
              <td data-label="Marked as">
                {model.markers
                  .filter((marker) => marker.date === point.date)
                  .map((marker) => `${MARKER_TEXT[marker.kind]}${marker.trialName ? ` (${marker.trialName})` : ''}`)
                  .join(', ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data-table stack-narrow">
        <caption>Treatments in the period shown</caption>
        <thead>
          <tr>
            <th scope="col">Treatment</th>
            <th scope="col">Periods and doses</th>
          </tr>
        </thead>
        <tbody>
          {model.lanes.map((lane) => (
            <tr key={lane.id}>
              <th scope="row" data-label="Treatment">
                {lane.label}
              </th>
              <td data-label="Periods and doses">{lane.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import type { ReactElement } from 'react';
import { BAND_LABELS } from '../../../config/labels';
import { formatDate } from '../../../lib/format';
import type { MarkerKind, TimelineModel } from '../utils/build-timeline-model';

const MARKER_TEXT: Readonly<Record<MarkerKind, string>> = {
  baseline: 'baseline',
  response: 'response',
  nadir: 'nadir',
  loss: 'loss of response',
  worsening: 'worsening',
};

/** The same data as the chart, as tables: the accessible alternative (and what a screen reader user navigates). */
export function TimelineTable({ model }: { model: TimelineModel }): ReactElement {
  return (
    <div className="timeline-table">
      <table className="data-table">
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
              <th scope="row">{formatDate(point.date)}</th>
              <td>{point.total}</td>
              <td>{BAND_LABELS[point.band]}</td>
              <td>{point.item9 === undefined ? '—' : point.item9 > 0 ? `${point.item9} (positive)` : point.item9}</td>
              <td>
                {model.markers
                  .filter((marker) => marker.date === point.date)
                  .map((marker) => `${MARKER_TEXT[marker.kind]}${marker.trialName ? ` (${marker.trialName})` : ''}`)
                  .join(', ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data-table">
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
              <th scope="row">{lane.label}</th>
              <td>{lane.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

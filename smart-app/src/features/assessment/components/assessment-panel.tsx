import type { Confounder, TachyphylaxisFinding } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { CONFOUNDER_STATE_LABELS, FINDING_LABELS } from '../../../config/labels';
import { formatDate } from '../../../lib/format';
import { Badge } from '../../../components/ui/badge';

const STATE_ORDER: Readonly<Record<Confounder['state'], number>> = {
  present: 0,
  unknown: 1,
  'not-recorded': 2,
  absent: 3,
};

const TIMING_LABELS: Readonly<Record<NonNullable<TachyphylaxisFinding['timing']>, string>> = {
  'relapse-type': 'Timing suggests relapse (worsening within the continuation phase).',
  'recurrence-type': 'Timing suggests recurrence (worsening after the continuation phase).',
};

function ConfounderRows({ confounders }: { confounders: readonly Confounder[] }): ReactElement {
  const sorted = [...confounders].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]);
  return (
    <div className="table-scroll">
      <table className="data-table confounders-table">
        <caption>Other explanations to rule out</caption>
        <thead>
          <tr>
            <th scope="col">Explanation</th>
            <th scope="col">In the record</th>
            <th scope="col">What the data shows</th>
            <th scope="col">What to check</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((confounder) => {
            const state = CONFOUNDER_STATE_LABELS[confounder.state];
            return (
              <tr key={confounder.id} className={`confounder confounder--${confounder.state}`}>
                <th scope="row">{confounder.label}</th>
                <td>
                  <Badge icon={state.icon} text={state.text} tone={confounder.state} />
                </td>
                <td>{confounder.evidence}</td>
                <td>{confounder.whatToCheck}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function AssessmentPanel({ finding }: { finding: TachyphylaxisFinding }): ReactElement {
  const label = FINDING_LABELS[finding.status];
  return (
    <div className="assessment">
      <p className="assessment__status">
        <Badge icon={label.icon} text={label.title} tone={`finding-${finding.status}`} />
      </p>
      {finding.reason ? <p>{finding.reason}</p> : null}
      {finding.evidence.length > 0 ? (
        <>
          <h3>Why</h3>
          <ul className="evidence">
            {finding.evidence.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
      {finding.timing ? <p>{TIMING_LABELS[finding.timing]}</p> : null}
      {finding.priorLossesOfResponse.length > 0 ? (
        <>
          <h3>Earlier loss of response</h3>
          <ul>
            {finding.priorLossesOfResponse.map((loss) => (
              <li key={loss.trialId}>
                {loss.name} ({loss.drugClass}): response lost by {formatDate(loss.lossAt.date)}, PHQ-9{' '}
                {loss.lossAt.total}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {finding.confounders.length > 0 ? <ConfounderRows confounders={finding.confounders} /> : null}
    </div>
  );
}

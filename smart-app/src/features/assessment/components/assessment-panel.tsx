import { THRESHOLDS, getSuppressingConfounders, type Confounder, type TachyphylaxisFinding } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { CONFOUNDER_STATE_LABELS, FINDING_LABELS } from '../../../config/labels';
import { formatDate, formatText } from '../../../lib/format';
import { Badge } from '../../../components/ui/badge';
import { GlossaryText, Term } from '../../../components/ui/term';

const STATE_ORDER: Readonly<Record<Confounder['state'], number>> = {
  present: 0,
  unknown: 1,
  'not-recorded': 2,
  absent: 3,
};

const TIMING_LABELS: Readonly<Record<NonNullable<TachyphylaxisFinding['timing']>, ReactElement>> = {
  'relapse-type': (
    <>
      Timing suggests <Term id="relapse">relapse</Term> (worsening within the continuation phase).
    </>
  ),
  'recurrence-type': (
    <>
      Timing suggests <Term id="recurrence">recurrence</Term> (worsening after the continuation phase).
    </>
  ),
};

function ConfounderRows({ confounders }: { confounders: readonly Confounder[] }): ReactElement {
  const sorted = [...confounders].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]);
  const checked = confounders.filter((c) => c.state === 'absent' || c.state === 'not-recorded').length;
  return (
    <div className="table-scroll">
      <table className="data-table confounders-table stack-narrow">
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
                <th scope="row" data-label="Explanation">
                  {confounder.label}
                </th>
                <td data-label="In the record">
                  <Badge icon={state.icon} text={state.text} tone={confounder.state} />
                </td>
                <td data-label="What the data shows">
                  <GlossaryText text={formatText(confounder.evidence)} />
                </td>
                <td data-label="What to check">{confounder.whatToCheck}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {checked > 0 ? (
        <p className="print-only">
          {checked} other {checked === 1 ? 'explanation' : 'explanations'} checked: none found (listed on screen).
        </p>
      ) : null}
    </div>
  );
}

function Evidence({ finding }: { finding: TachyphylaxisFinding }): ReactElement {
  return (
    <>
      {finding.evidence.length > 0 ? (
        <>
          <h3>Why</h3>
          <ul className="evidence">
            {finding.evidence.map((line) => (
              <li key={line}>
                <GlossaryText text={formatText(line)} />
              </li>
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
    </>
  );
}

/**
 * The finding in one coherent state: a pattern set aside (bipolar disorder, psychotic features) says why first and
 * keeps its evidence behind a disclosure; an unconfirmed worsening says so and what would confirm it.
 */
export function AssessmentPanel({ finding }: { finding: TachyphylaxisFinding }): ReactElement {
  const label = FINDING_LABELS[finding.status];
  const suppressing = getSuppressingConfounders(finding);
  return (
    <div className="assessment">
      <p className="assessment__status">
        <Badge icon={label.icon} text={label.title} tone={`finding-${finding.status}`} />
      </p>
      {finding.reason ? (
        <p className={finding.status === 'suppressed' ? 'assessment__reason' : undefined}>
          {formatText(finding.reason)}
        </p>
      ) : null}
      {suppressing.length > 0 ? (
        <ul className="assessment__suppressing">
          {suppressing.map((confounder) => (
            <li key={confounder.id}>
              <strong>{confounder.label}:</strong> {formatText(confounder.evidence)} {confounder.whatToCheck}
            </li>
          ))}
        </ul>
      ) : null}
      {finding.status === 'emerging' ? (
        <p>
          One raised score so far: this is a worsening, not yet a loss of response. A repeat PHQ-9 at least{' '}
          {THRESHOLDS.confirmationMinDays.value} days after it would confirm or refute it.
        </p>
      ) : null}
      {finding.status === 'suppressed' ? (
        <details className="assessment__set-aside">
          <summary>The loss-of-response evidence that was set aside</summary>
          <Evidence finding={finding} />
        </details>
      ) : (
        <Evidence finding={finding} />
      )}
    </div>
  );
}

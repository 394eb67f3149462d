import type { Trial } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { ADEQUACY_LABELS, OUTCOME_LABELS } from '../../../config/labels';
import { formatDate, formatDose, formatDuration, formatPercent } from '../../../lib/format';

const BASIS_LABELS: Readonly<Record<Trial['adherence']['basis'], string>> = {
  dispenses: 'from pharmacy dispenses',
  'request-supply': 'from prescribed supply',
  none: 'no supply data',
};

function DoseCell({ trial }: { trial: Trial }): ReactElement {
  const below =
    trial.maxDailyDoseMg !== undefined &&
    trial.minAdequateDoseMg !== undefined &&
    trial.maxDailyDoseMg < trial.minAdequateDoseMg;
  return (
    <>
      {formatDose(trial.maxDailyDoseMg)}
      <span className="cell-sub">
        {trial.minAdequateDoseMg !== undefined
          ? `minimum adequate ${trial.minAdequateDoseMg} mg`
          : 'no adequate dose defined'}
        {below ? ' — below it' : ''}
      </span>
    </>
  );
}

function AdherenceCell({ trial }: { trial: Trial }): ReactElement {
  const { adherence } = trial;
  return (
    <>
      {adherence.pdc === undefined ? 'Unknown' : `PDC ${formatPercent(adherence.pdc)}`}
      <span className="cell-sub">
        {BASIS_LABELS[adherence.basis]}
        {adherence.longestGapDays > 0 ? `; longest gap ${adherence.longestGapDays} days` : ''}
      </span>
    </>
  );
}

export function TrialsTable({
  trials,
  highlightTrialId,
}: {
  trials: readonly Trial[];
  highlightTrialId?: string;
}): ReactElement {
  if (trials.length === 0) {
    return <p>No antidepressant or augmentation trials were found in the record.</p>;
  }
  return (
    <div className="table-scroll">
      <table className="data-table trials-table">
        <caption className="visually-hidden">Antidepressant and augmentation trials, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Drug</th>
            <th scope="col">Class</th>
            <th scope="col">Dates</th>
            <th scope="col">Maximum dose</th>
            <th scope="col">Duration</th>
            <th scope="col">Adherence (whole trial)</th>
            <th scope="col">Adequacy</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {trials.map((trial) => {
            const highlighted = trial.id === highlightTrialId;
            return (
              <tr
                key={trial.id}
                id={`trial-${trial.id}`}
                className={highlighted ? 'row--highlighted' : undefined}
                aria-current={highlighted ? 'true' : undefined}
              >
                <th scope="row">
                  {trial.name}
                  {highlighted ? <span className="cell-sub">▶ the trial the alert is about</span> : null}
                  {trial.role === 'augmentation' ? <span className="cell-sub">augmenting agent</span> : null}
                </th>
                <td>{trial.drugClass}</td>
                <td>
                  {formatDate(trial.start)} – {trial.ongoing ? 'ongoing' : formatDate(trial.end)}
                </td>
                <td>
                  <DoseCell trial={trial} />
                </td>
                <td>
                  {formatDuration(trial.durationDays)}
                  <span className="cell-sub">{formatDuration(trial.daysAtAdequateDose)} at an adequate dose</span>
                </td>
                <td>
                  <AdherenceCell trial={trial} />
                </td>
                <td>{ADEQUACY_LABELS[trial.adequacy]}</td>
                <td>
                  {OUTCOME_LABELS[trial.outcome]}
                  {trial.lossAt ? (
                    <span className="cell-sub">
                      lost {formatDate(trial.lossAt.date)} (PHQ-9 {trial.lossAt.total})
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

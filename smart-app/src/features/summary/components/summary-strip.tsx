import { getReviewState, type Assessment } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { BAND_LABELS, FINDING_LABELS } from '../../../config/labels';
import { formatDate, formatDose, formatDurationBetween, formatText } from '../../../lib/format';
import { formatTreatmentResistance } from '../utils/format-treatment-resistance';
import { getSummaryFacts } from '../utils/get-summary-facts';
import { SafetyFlags } from './safety-flags';

export function SummaryStrip({ assessment }: { assessment: Assessment }): ReactElement {
  const { safety, currentTrial, currentSegment, latestPhq9 } = getSummaryFacts(assessment);
  const finding = assessment.tachyphylaxis;
  const label = FINDING_LABELS[finding.status];
  const trajectory = [
    finding.baseline ? `baseline ${finding.baseline.total}` : undefined,
    finding.nadir ? `lowest ${finding.nadir.total} (${formatDate(finding.nadir.date)})` : undefined,
    finding.worsening ? `then ${finding.worsening.total} (${formatDate(finding.worsening.date)})` : undefined,
    finding.confirmation ? `and ${finding.confirmation.total} (${formatDate(finding.confirmation.date)})` : undefined,
  ].filter((part): part is string => part !== undefined);
  const resistance = formatTreatmentResistance(assessment.treatmentResistance);
  const headline = finding.reason ?? (trajectory.length > 0 ? `PHQ-9 ${trajectory.join(', ')}` : finding.evidence[0]);
  const noData = getReviewState(assessment) === 'no-depression-data';
  return (
    <div className="summary">
      <SafetyFlags flags={safety} />
      <dl className="summary__grid">
        <div className={`summary__item summary__finding summary__finding--${finding.status}`}>
          <dt>Current finding</dt>
          <dd>
            <span aria-hidden="true" className="summary__icon">
              {label.icon}
            </span>{' '}
            <strong>{noData ? 'No depression data in the record' : label.title}</strong>
            {finding.drugName && finding.status !== 'none' ? <span> on {finding.drugName}</span> : null}
            {headline ? <span className="summary__sub">{formatText(headline)}</span> : null}
          </dd>
        </div>
        <div className="summary__item">
          <dt>Current antidepressant</dt>
          <dd>
            {currentTrial ? (
              <>
                <strong>{currentTrial.name}</strong> {formatDose(currentSegment?.dailyDoseMg)}
                <span className="summary__sub">
                  on it for {formatDurationBetween(currentTrial.start, assessment.asOf)} (since{' '}
                  {formatDate(currentTrial.start)})
                  {currentSegment && currentSegment.start !== currentTrial.start
                    ? `; this dose since ${formatDate(currentSegment.start)}`
                    : ''}
                </span>
              </>
            ) : (
              'None recorded as current'
            )}
          </dd>
        </div>
        <div className="summary__item">
          <dt>Latest PHQ-9</dt>
          <dd>
            {latestPhq9 ? (
              <>
                <strong>{latestPhq9.total}</strong> ({BAND_LABELS[latestPhq9.band]})
                <span className="summary__sub">
                  on {formatDate(latestPhq9.date)}
                  {latestPhq9.item9 !== undefined ? `; item 9: ${latestPhq9.item9}` : ''}
                  {latestPhq9.instrument === 'PHQ-9M' ? ' (PHQ-9 Modified for Teens)' : ''}
                </span>
              </>
            ) : (
              'No PHQ-9 recorded'
            )}
          </dd>
        </div>
        {noData ? null : (
          <div className="summary__item">
            <dt>Treatment resistance</dt>
            <dd>
              <strong>{resistance.title}</strong>
              <span className="summary__sub">{resistance.detail}</span>
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}

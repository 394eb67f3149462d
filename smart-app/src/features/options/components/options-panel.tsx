import type { TreatmentOption } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { OPTION_KIND_LABELS } from '../../../config/labels';
import { CitationList } from './citation-list';
import { TmsEligibility } from './tms-eligibility';

export function OptionsPanel({ options }: { options: readonly TreatmentOption[] }): ReactElement {
  if (options.length === 0) {
    return <p>No next steps are suggested from the data available.</p>;
  }
  const ranked = [...options].sort((a, b) => a.rank - b.rank);
  return (
    <ol className="options">
      {ranked.map((option) => (
        <li key={`${option.kind}-${option.rank}`} className="option">
          <h3>
            <span className="option__rank">{option.rank}.</span> {option.title}{' '}
            <span className="option__kind">({OPTION_KIND_LABELS[option.kind]})</span>
          </h3>
          <p>{option.rationale}</p>
          {option.candidates.length > 0 ? (
            <ul className="option__candidates" aria-label="Candidate agents">
              {option.candidates.map((candidate) => (
                <li key={candidate.agentId}>
                  <strong>{candidate.name}</strong>: {candidate.note}
                </li>
              ))}
            </ul>
          ) : null}
          {option.safetyNotes.length > 0 ? (
            <ul className="option__safety" aria-label="Safety notes">
              {option.safetyNotes.map((note) => (
                <li key={note}>
                  <span aria-hidden="true">⚠ </span>
                  <span className="visually-hidden">Safety note: </span>
                  {note}
                </li>
              ))}
            </ul>
          ) : null}
          {option.tmsEligibility && option.tmsEligibility.length > 0 ? (
            <TmsEligibility policies={option.tmsEligibility} />
          ) : null}
          <CitationList ids={option.citationIds} />
        </li>
      ))}
    </ol>
  );
}

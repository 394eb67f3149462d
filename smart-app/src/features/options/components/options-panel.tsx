import {
  getSuppressingConfounders,
  type CitationId,
  type TachyphylaxisFinding,
  type TreatmentOption,
} from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { OPTION_KIND_LABELS } from '../../../config/labels';
import { GlossaryText } from '../../../components/ui/term';
import { formatText } from '../../../lib/format';
import { CitationList } from '../../../components/ui/citation-list';
import { TmsEligibility } from './tms-eligibility';

/** The rationale's first sentence: the one line that says why this option, for this patient. */
function splitRationale(rationale: string): { why: string; rest: string } {
  const match = /^(.+?[.!?])(\s+.*)?$/s.exec(rationale.trim());
  return { why: match?.[1] ?? rationale, rest: match?.[2]?.trim() ?? '' };
}

function OptionItem({ option }: { option: TreatmentOption }): ReactElement {
  const { why, rest } = splitRationale(formatText(option.rationale));
  const hasDetails =
    rest !== '' ||
    option.candidates.length > 0 ||
    (option.tmsEligibility !== undefined && option.tmsEligibility.length > 0);
  return (
    <li className="option">
      <h3>
        <span className="option__rank">{option.rank}.</span> {option.title}{' '}
        <span className="option__kind">({OPTION_KIND_LABELS[option.kind]})</span>
      </h3>
      <p className="option__why">
        <strong>Why, for this patient:</strong> <GlossaryText text={why} />
      </p>
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
      {hasDetails ? (
        <details className="option__details">
          <summary>Details{option.candidates.length > 0 ? ' and candidate doses' : ''}</summary>
          {rest ? <p>{rest}</p> : null}
          {option.candidates.length > 0 ? (
            <ul className="option__candidates" aria-label="Candidate agents">
              {option.candidates.map((candidate) => (
                <li key={candidate.agentId}>
                  <strong>{candidate.name}</strong>: <GlossaryText text={formatText(candidate.note)} />
                </li>
              ))}
            </ul>
          ) : null}
          {option.tmsEligibility && option.tmsEligibility.length > 0 ? (
            <TmsEligibility policies={option.tmsEligibility} />
          ) : null}
        </details>
      ) : null}
    </li>
  );
}

export function OptionsPanel({
  options,
  finding,
}: {
  options: readonly TreatmentOption[];
  finding: TachyphylaxisFinding;
}): ReactElement {
  if (options.length === 0) {
    return <p>No next steps are suggested from the data available.</p>;
  }
  const ranked = [...options].sort((a, b) => a.rank - b.rank);
  // Each reference once for the whole section, the TMS coverage policies' included.
  const references: CitationId[] = [
    ...new Set(
      ranked.flatMap((option) => [
        ...option.citationIds,
        ...(option.tmsEligibility ?? []).flatMap((policy) => policy.citationIds),
      ])
    ),
  ];
  const suppressing = getSuppressingConfounders(finding);
  return (
    <>
      {suppressing.length > 0 ? (
        <p className="options__caveat" role="note">
          <strong>Read these options in the light of the diagnosis:</strong>{' '}
          {suppressing.map((confounder) => confounder.label.toLowerCase()).join(' and ')}. Options written for unipolar
          depression may not apply; review the diagnosis and the regimen first.
        </p>
      ) : null}
      <ol className="options">
        {ranked.map((option) => (
          <OptionItem key={`${option.kind}-${option.rank}`} option={option} />
        ))}
      </ol>
      {references.length > 0 ? (
        <div className="options__references">
          <h3>References for these options</h3>
          <CitationList ids={references} />
        </div>
      ) : null}
    </>
  );
}

import type { StagingResult, Trial, TreatmentResistance } from '@tachywatch/shared';
import type { ReactElement, ReactNode } from 'react';
import { formatDate } from '../../../lib/format';

function Missing({ result }: { result: StagingResult<unknown> }): ReactElement | null {
  if (result.missing.length === 0) {
    return null;
  }
  return (
    <ul className="missing">
      {result.missing.map((item) => (
        <li key={item}>Missing: {item}</li>
      ))}
    </ul>
  );
}

function Stage({
  name,
  value,
  result,
}: {
  name: string;
  value: ReactNode;
  result: StagingResult<unknown>;
}): ReactElement {
  return (
    <div className="stage">
      <dt>{name}</dt>
      <dd>
        <strong>{value}</strong>
        <Missing result={result} />
      </dd>
    </div>
  );
}

export function ResistancePanel({
  resistance,
  trials,
}: {
  resistance: TreatmentResistance;
  trials: readonly Trial[];
}): ReactElement {
  const failed = resistance.adequateFailedTrialIds.map((id) => trials.find((trial) => trial.id === id)?.name ?? id);
  return (
    <div className="resistance">
      <p>
        <strong>
          {resistance.meetsTrdDefinition
            ? '✓ Meets the definition of treatment-resistant depression (≥ 2 adequate failed trials in this episode).'
            : '✗ Does not meet the definition of treatment-resistant depression (fewer than 2 adequate failed trials).'}
        </strong>
        {resistance.episodeStart ? ` Current episode from ${formatDate(resistance.episodeStart)}.` : ''}
      </p>
      <p>
        Adequate failed trials ({failed.length}): {failed.length > 0 ? failed.join(', ') : 'none'}
      </p>
      <dl className="stages">
        <Stage name="Thase–Rush stage" value={`Stage ${resistance.thaseRush.value}`} result={resistance.thaseRush} />
        <Stage
          name="Maudsley Staging Method"
          value={`${resistance.maudsley.value.score} (${resistance.maudsley.value.band})`}
          result={resistance.maudsley}
        />
        <Stage name="MGH staging score" value={String(resistance.mghS.value)} result={resistance.mghS} />
      </dl>
    </div>
  );
}

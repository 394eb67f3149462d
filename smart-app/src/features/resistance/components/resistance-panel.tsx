import { getMaudsleyScale, getThaseRushScale } from '@tachywatch/shared';
import type { StagingResult, Trial, TreatmentResistance } from '@tachywatch/shared';
import type { ReactElement, ReactNode } from 'react';
import { Term } from '../../../components/ui/term';
import { formatDate } from '../../../lib/format';

/** What the staging could not read from the record, each note once however many scales it affected. */
function MissingNotes({ results }: { results: readonly StagingResult<unknown>[] }): ReactElement | null {
  const notes = [...new Set(results.flatMap((result) => result.missing))];
  if (notes.length === 0) {
    return null;
  }
  return (
    <>
      <h3>Not in the record (counted as zero or assumed)</h3>
      <ul className="missing">
        {notes.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}

function Stage({ name, value }: { name: ReactNode; value: ReactNode }): ReactElement {
  return (
    <div className="stage">
      <dt>{name}</dt>
      <dd>
        <strong>{value}</strong>
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
            : '✗ Does not meet the definition of treatment-resistant depression (fewer than 2 adequate failed trials).'}{' '}
          <Term id="trd">What is TRD?</Term>
        </strong>
        {resistance.episodeStart ? ` Current episode from ${formatDate(resistance.episodeStart)}.` : ''}
      </p>
      <p>
        Adequate failed trials ({failed.length}): {failed.length > 0 ? failed.join(', ') : 'none'}
      </p>
      <dl className="stages">
        <Stage
          name={<Term id="thase-rush">Thase–Rush stage</Term>}
          value={`Stage ${resistance.thaseRush.value} of ${getThaseRushScale().max}`}
        />
        <Stage
          name={<Term id="maudsley">Maudsley Staging Method</Term>}
          value={`${resistance.maudsley.value.score} of ${getMaudsleyScale().max} (${resistance.maudsley.value.band})`}
        />
        <Stage name={<Term id="mgh-s">MGH staging score</Term>} value={String(resistance.mghS.value)} />
      </dl>
      <MissingNotes results={[resistance.thaseRush, resistance.maudsley, resistance.mghS]} />
    </div>
  );
}

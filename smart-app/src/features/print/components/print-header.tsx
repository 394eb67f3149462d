import type { Assessment, PatientInfo } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { formatDate } from '../../../lib/format';

/** Only on paper: who and when the printout is about, since the EHR's own banner is not printed. */
export function PrintHeader({ assessment, patient }: { assessment: Assessment; patient?: PatientInfo }): ReactElement {
  return (
    <div className="print-only print-header">
      <strong>Tachywatch review</strong> — {patient?.name ?? 'patient'}
      {patient?.birthDate ? `, born ${formatDate(patient.birthDate)}` : ''} — as of {formatDate(assessment.asOf)} —
      knowledge {assessment.knowledgeVersion}. A possible pattern for clinician review; not a diagnosis.
    </div>
  );
}

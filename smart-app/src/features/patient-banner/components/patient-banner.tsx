import type { PatientInfo } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { formatDate } from '../../../lib/format';

const GENDER_LABELS: Readonly<Record<NonNullable<PatientInfo['gender']>, string>> = {
  male: 'Male',
  female: 'Female',
  other: 'Other',
  unknown: 'Gender unknown',
};

/** Shown only when the token response says `need_patient_banner: true` (the EHR is not showing its own). */
export function PatientBanner({ patient, ageYears }: { patient?: PatientInfo; ageYears?: number }): ReactElement {
  return (
    <aside className="patient-banner" aria-label="Patient">
      <strong className="patient-banner__name">{patient?.name ?? 'Name not recorded'}</strong>
      <span>{patient?.gender ? GENDER_LABELS[patient.gender] : 'Gender not recorded'}</span>
      <span>
        {patient?.birthDate ? `Born ${formatDate(patient.birthDate)}` : 'Birth date not recorded'}
        {ageYears !== undefined ? ` (${ageYears} years)` : ''}
      </span>
    </aside>
  );
}

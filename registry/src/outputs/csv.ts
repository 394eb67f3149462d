import type { RegistryRow } from '../registry-row';

export const CSV_COLUMNS = [
  'patient',
  'status',
  'item9_positive',
  'drug',
  'drug_class',
  'daily_dose_mg',
  'phq9_path',
  'confounders_present',
  'trd',
  'thase_rush_stage',
  'safety_flags',
  'reason',
] as const;

/**
 * One CSV cell, always quoted; a value a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab or
 * carriage return) is prefixed with `'` so it stays text.
 */
export function toCsvCell(value: string | number | boolean | undefined): string {
  const text = value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsvLine(row: RegistryRow): string {
  const cells = [
    row.patientId,
    row.status,
    row.item9 ? 'yes' : 'no',
    row.drug,
    row.drugClass,
    row.dailyDoseMg,
    row.phq9Path,
    row.confoundersPresent.join(' '),
    row.meetsTrd ? 'yes' : 'no',
    row.thaseRushStage,
    row.safetyFlags.join(' '),
    row.reason,
  ];
  return `${cells.map(toCsvCell).join(',')}\r\n`;
}

export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

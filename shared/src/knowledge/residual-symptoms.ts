import type { CitationId } from './citation-ids';

/**
 * The PHQ-9 items that carry the apathetic "poop-out" picture — loss of interest, sleep, energy, concentration —
 * which often returns while the total stays low (Katz 2011: apathy, fatigue, cognitive dulling, sleep disturbance;
 * the same domains as the Rothschild tachyphylaxis scale). Item numbers are 1-based as on the form.
 */
export const RESIDUAL_SYMPTOM_ITEMS: readonly { readonly item: number; readonly label: string }[] = [
  { item: 1, label: 'interest or pleasure' },
  { item: 3, label: 'sleep' },
  { item: 4, label: 'energy' },
  { item: 7, label: 'concentration' },
];

export const RESIDUAL_DRIFT_CITATIONS: readonly CitationId[] = ['katz-2011', 'kinrys-2019', 'tachywatch-design'];

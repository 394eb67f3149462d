import type { TreatmentResistance } from '@tachywatch/shared';

export interface TreatmentResistanceLine {
  readonly title: string;
  readonly detail: string;
}

/** Words the assessment's treatment-resistance fields for the summary strip; the analysis made every judgement. */
export function formatTreatmentResistance(resistance: TreatmentResistance): TreatmentResistanceLine {
  const failed = resistance.adequateFailedTrialIds.length;
  const trials = `${failed === 0 ? 'No' : failed} adequate ${failed === 1 ? 'trial' : 'trials'} failed in this episode`;
  const stage = resistance.thaseRush.value > 0 ? ` (Thase–Rush stage ${resistance.thaseRush.value})` : '';
  return {
    title: resistance.meetsTrdDefinition
      ? 'Meets the treatment-resistant depression definition'
      : 'Does not meet the treatment-resistant depression definition',
    detail: `${trials}${stage}`,
  };
}

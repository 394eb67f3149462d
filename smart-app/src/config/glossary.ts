import { MGH_S, THRESHOLDS, getMaudsleyScale, getThaseRushScale } from '@tachywatch/shared';

const PERCENT = 100;
const DAYS_PER_MONTH = 30.4375;
const maudsley = getMaudsleyScale();
const maudsleyBands = maudsley.bands
  .map((band, index) => (index === 0 ? `up to ${band.to} ${band.label}` : `${band.from}–${band.to} ${band.label}`))
  .join(', ');
const recoveryMonths = Math.round(THRESHOLDS.recoveryMonthsDays.value / DAYS_PER_MONTH);

/**
 * Plain-language definitions for the terms the review uses, shown as tooltips (and read by screen readers) where
 * the term appears. Definitions only: every number in them comes from the knowledge pack, every number the review
 * shows from the assessment.
 */
export const GLOSSARY: Readonly<Record<string, string>> = {
  pdc: `Proportion of days covered: the share of days in a window on which the patient had the drug, from pharmacy fills (or prescribed supply). ${THRESHOLDS.adherencePdcMin.value * PERCENT} % or more counts as adherent.`,
  nadir: 'Nadir: the lowest PHQ-9 score during the trial.',
  mcid: `Minimal clinically important difference: the smallest change in the PHQ-9 that matters to a patient (${THRESHOLDS.mcid.value} points for one person).`,
  relapse: `Relapse: symptoms return during the same episode (before recovery, within about ${recoveryMonths} months of remission).`,
  recurrence: `Recurrence: a new episode after recovery (more than about ${recoveryMonths} months of remission).`,
  'thase-rush': `Thase–Rush staging (0–${getThaseRushScale().max}): how many classes of treatment have failed, from one adequate antidepressant trial (stage 1) to ECT (stage ${getThaseRushScale().max}).`,
  maudsley: `Maudsley Staging Method (up to ${maudsley.max}): adds duration, severity and the number of failed treatments, augmentation and ECT; ${maudsleyBands}.`,
  'mgh-s': `Massachusetts General Hospital staging: ${MGH_S.perAdequateFailure} point per adequate failed trial, ${MGH_S.perDoseOptimisation} for each optimisation, ${MGH_S.perAugmentation} for each augmentation, ${MGH_S.ect} for ECT.`,
  trd: `Treatment-resistant depression: at least ${THRESHOLDS.trdMinFailedTrials.value} adequate antidepressant trials that failed in the current episode.`,
  SSRI: 'Selective serotonin reuptake inhibitor.',
  SNRI: 'Serotonin–noradrenaline reuptake inhibitor.',
  NDRI: 'Noradrenaline–dopamine reuptake inhibitor (bupropion).',
  NaSSA: 'Noradrenergic and specific serotonergic antidepressant (mirtazapine).',
  SARI: 'Serotonin antagonist and reuptake inhibitor (trazodone, nefazodone).',
  SPARI: 'Serotonin partial agonist and reuptake inhibitor (vilazodone).',
  multimodal: 'Multimodal serotonergic antidepressant (vortioxetine).',
  TCA: 'Tricyclic antidepressant.',
  MAOI: 'Monoamine oxidase inhibitor.',
};

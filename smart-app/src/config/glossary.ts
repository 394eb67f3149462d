/**
 * Plain-language definitions for the terms the review uses, shown as tooltips (and read by screen readers) where
 * the term appears. Definitions only: every number the review shows comes from the assessment.
 */
export const GLOSSARY: Readonly<Record<string, string>> = {
  pdc: 'Proportion of days covered: the share of days in a window on which the patient had the drug, from pharmacy fills (or prescribed supply). 80 % or more counts as adherent.',
  nadir: 'Nadir: the lowest PHQ-9 score during the trial.',
  mcid: 'Minimal clinically important difference: the smallest change in the PHQ-9 that matters to a patient (5 points for one person).',
  relapse: 'Relapse: symptoms return during the same episode (before recovery, within about 4 months of remission).',
  recurrence: 'Recurrence: a new episode after recovery (more than about 4 months of remission).',
  'thase-rush':
    'Thase–Rush staging (0–5): how many classes of treatment have failed, from one adequate antidepressant trial (stage 1) to ECT (stage 5).',
  maudsley:
    'Maudsley Staging Method (3–15): adds duration, severity and the number of failed treatments, augmentation and ECT; 3–6 mild, 7–10 moderate, 11–15 severe.',
  'mgh-s':
    'Massachusetts General Hospital staging: 1 point per adequate failed trial, half a point for each optimisation or augmentation, 3 points for ECT.',
  trd: 'Treatment-resistant depression: at least two adequate antidepressant trials that failed in the current episode.',
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

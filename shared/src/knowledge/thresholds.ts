import type { Threshold } from './types';

/**
 * Every number the rules use, with its unit and source. The analysis reads these (through `AnalysisConfig`,
 * which a site may override); no threshold is written twice.
 */
// A data table: one threshold per line reads (and diffs) better than Prettier's seven-line objects.
// prettier-ignore
export const THRESHOLDS = {
  phq9Max: { id: 'phq9Max', value: 27, unit: 'points', comparator: '<=', description: 'PHQ-9 total range 0–27 (nine items scored 0–3).', citationId: 'kroenke-2001' },
  phq9ItemMax: { id: 'phq9ItemMax', value: 3, unit: 'points', comparator: '<=', description: 'Each PHQ-9 item is scored 0–3 (answer list LL358-3).', citationId: 'loinc-phq9' },
  bandMild: { id: 'bandMild', value: 5, unit: 'points', comparator: '>=', description: 'PHQ-9 5–9: mild.', citationId: 'kroenke-2001' },
  bandModerate: { id: 'bandModerate', value: 10, unit: 'points', comparator: '>=', description: 'PHQ-9 10–14: moderate.', citationId: 'kroenke-2001' },
  bandModeratelySevere: { id: 'bandModeratelySevere', value: 15, unit: 'points', comparator: '>=', description: 'PHQ-9 15–19: moderately severe.', citationId: 'kroenke-2001' },
  bandSevere: { id: 'bandSevere', value: 20, unit: 'points', comparator: '>=', description: 'PHQ-9 20–27: severe.', citationId: 'kroenke-2001' },
  elevatedScore: { id: 'elevatedScore', value: 10, unit: 'points', comparator: '>=', description: 'Elevated / index PHQ-9 (> 9) used as the baseline of an episode and as "elevated again".', citationId: 'cms159' },
  responseRatio: { id: 'responseRatio', value: 0.5, unit: 'ratio', comparator: '<=', description: 'Response: PHQ-9 at most 50 % of the baseline (a ≥ 50 % drop).', citationId: 'ncqa-drr-e' },
  partialResponseRatio: { id: 'partialResponseRatio', value: 0.75, unit: 'ratio', comparator: '<=', description: 'Partial response: 25–49 % drop (score ≤ 75 % of baseline but > 50 %).', citationId: 'rush-2006-acnp' },
  remissionBelow: { id: 'remissionBelow', value: 5, unit: 'points', comparator: '<', description: 'Remission: PHQ-9 < 5.', citationId: 'cms159' },
  mcid: { id: 'mcid', value: 5, unit: 'points', comparator: '>=', description: 'Minimal clinically important individual change on the PHQ-9 (2 × SEM).', citationId: 'lowe-2004' },
  baselineWindowBeforeStartDays: { id: 'baselineWindowBeforeStartDays', value: 30, unit: 'days', comparator: '<=', description: 'A baseline PHQ-9 may be up to 30 days before the first dose.', citationId: 'tachywatch-design' },
  baselineWindowAfterStartDays: { id: 'baselineWindowAfterStartDays', value: 14, unit: 'days', comparator: '<=', description: 'A baseline PHQ-9 may be up to 14 days after the first dose.', citationId: 'tachywatch-design' },
  responseMinWeeks: { id: 'responseMinWeeks', value: 4, unit: 'weeks', comparator: '>=', description: 'Response is judged at least 4 weeks after the start.', citationId: 'tachywatch-design' },
  confirmationMinDays: { id: 'confirmationMinDays', value: 14, unit: 'days', comparator: '>=', description: 'A worsening is confirmed by a second elevated PHQ-9 at least 14 days later.', citationId: 'rush-2006-acnp' },
  maintenanceMinWeeks: { id: 'maintenanceMinWeeks', value: 8, unit: 'weeks', comparator: '>=', description: 'Loss of response counts as tachyphylaxis only ≥ 8 weeks after the response (maintenance phase).', citationId: 'tachywatch-design' },
  recoveryMonthsDays: { id: 'recoveryMonthsDays', value: 120, unit: 'days', comparator: '>=', description: 'Recovery: remission sustained ≥ 4 months; a worsening before that is relapse-type, after it recurrence-type.', citationId: 'rush-2006-acnp' },
  adherencePdcMin: { id: 'adherencePdcMin', value: 0.8, unit: 'ratio', comparator: '>=', description: 'Adherent: proportion of days covered ≥ 80 %.', citationId: 'pqa-pdc' },
  adherenceWindowDays: { id: 'adherenceWindowDays', value: 90, unit: 'days', comparator: '=', description: 'Adherence is measured over the 90 days before the worsening.', citationId: 'tachywatch-design' },
  adherenceGapDays: { id: 'adherenceGapDays', value: 14, unit: 'days', comparator: '>', description: 'A supply gap longer than 14 days is a non-adherence confounder.', citationId: 'tachywatch-design' },
  doseChangeLookbackWeeks: { id: 'doseChangeLookbackWeeks', value: 8, unit: 'weeks', comparator: '<=', description: 'Dose reductions and formulation changes in the 8 weeks before the worsening are confounders.', citationId: 'tachywatch-design' },
  trazodoneHypnoticMaxMg: { id: 'trazodoneHypnoticMaxMg', value: 100, unit: 'mg/day', comparator: '<=', description: 'Trazodone at no more than 100 mg/day (25–100 mg at night) is a hypnotic use, neither an antidepressant trial nor an augmentation: the antidepressant starting dose in the label is 150 mg/day.', citationId: 'drug-labels' },
  tshUpperLimit: { id: 'tshUpperLimit', value: 4.5, unit: 'mIU/L', comparator: '>', description: 'TSH above the upper reference limit suggests hypothyroidism; used only when the laboratory reports no range or interpretation (NHANES III upper limit 4.12 mIU/L; laboratories commonly use about 4.5).', citationId: 'garber-2012-hypothyroidism' },
  thyroidTestLookbackDays: { id: 'thyroidTestLookbackDays', value: 365, unit: 'days', comparator: '<=', description: 'A TSH from the 12 months before the worsening (or after it) can show or rule out hypothyroidism; on lithium without one, hypothyroidism is unknown (check TSH).', citationId: 'tachywatch-design' },
  residualDriftMinRise: { id: 'residualDriftMinRise', value: 3, unit: 'points', comparator: '>=', description: 'Residual-symptom drift: the interest, sleep, energy and concentration items (PHQ-9 items 1, 3, 4, 7; 0–12) rise by at least 3 points over the maintenance window while the total stays below the loss criteria (a display rule, not a validated cut-off).', citationId: 'tachywatch-design' },
  residualDriftMinScores: { id: 'residualDriftMinScores', value: 3, unit: 'count', comparator: '>=', description: 'Residual-symptom drift needs at least 3 PHQ-9s with item answers after the response.', citationId: 'tachywatch-design' },
  adequateTrialWeeks: { id: 'adequateTrialWeeks', value: 6, unit: 'weeks', comparator: '>=', description: 'Adequate trial: ≥ 6 weeks at or above the minimum adequate dose.', citationId: 'staging-panel-2020' },
  borderlineTrialWeeks: { id: 'borderlineTrialWeeks', value: 4, unit: 'weeks', comparator: '>=', description: '4–6 weeks at an adequate dose is a borderline trial (ATHF minimum).', citationId: 'athf-sackeim' },
  trdMinFailedTrials: { id: 'trdMinFailedTrials', value: 2, unit: 'count', comparator: '>=', description: 'Treatment-resistant depression: ≥ 2 adequate failed trials in the current episode.', citationId: 'delphi-trd-2021' },
  episodeSeparationDays: { id: 'episodeSeparationDays', value: 60, unit: 'days', comparator: '>=', description: '≥ 2 months of euthymia (PHQ-9 < 5) separates episodes.', citationId: 'athf-sackeim' },
  mergeGapDays: { id: 'mergeGapDays', value: 30, unit: 'days', comparator: '<=', description: 'Records of the same drug less than 30 days apart belong to one trial.', citationId: 'tachywatch-design' },
  boxedWarningMaxAge: { id: 'boxedWarningMaxAge', value: 24, unit: 'years', comparator: '<=', description: 'Antidepressant boxed warning: suicidality in patients aged 24 or younger.', citationId: 'fda-boxed-warning' },
  item9RecentWindowDays: { id: 'item9RecentWindowDays', value: 30, unit: 'days', comparator: '<=', description: 'A positive item 9 from any PHQ-9 in the last 30 days raises the safety flag, even when a later PHQ-9 did not record item 9 or recorded 0 (design choice: a recorded risk is not cleared by silence).', citationId: 'tachywatch-design' },
  item9Positive: { id: 'item9Positive', value: 1, unit: 'points', comparator: '>=', description: 'PHQ-9 item 9 ≥ 1 is positive: prompt same-day suicide risk assessment.', citationId: 'simon-2013-item9' },
  maoiWashoutDays: { id: 'maoiWashoutDays', value: 14, unit: 'days', comparator: '>=', description: 'MAOI → other serotonergic drug, or most antidepressants → MAOI: ≥ 14 days.', citationId: 'maoi-washout-labels' },
  fluoxetineMaoiWashoutDays: { id: 'fluoxetineMaoiWashoutDays', value: 35, unit: 'days', comparator: '>=', description: 'Fluoxetine → MAOI: ≥ 5 weeks.', citationId: 'maoi-washout-labels' },
  tmsCommercialMinPhq9: { id: 'tmsCommercialMinPhq9', value: 15, unit: 'points', comparator: '>=', description: 'Commercial TMS policy example: PHQ-9 ≥ 15 (moderately severe or severe).', citationId: 'centene-cp-bh-200' },
  tmsCommercialMinAge: { id: 'tmsCommercialMinAge', value: 18, unit: 'years', comparator: '>=', description: 'TMS policies: adults (≥ 18).', citationId: 'centene-cp-bh-200' },
  ectSevereScore: { id: 'ectSevereScore', value: 20, unit: 'points', comparator: '>=', description: 'Severe depression (PHQ-9 ≥ 20) is one of the reasons to consider ECT.', citationId: 'vadod-2022' },
} as const satisfies Record<string, Threshold>;

export type ThresholdId = keyof typeof THRESHOLDS;

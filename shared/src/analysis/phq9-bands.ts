import type { Phq9BandRange } from '../domain/assessment';
import { THRESHOLDS } from '../knowledge/thresholds';
import { DEFAULT_ANALYSIS_CONFIG, type ThresholdValues } from './config';

/** The PHQ-9 total's range, for every axis and input that shows a total (Kroenke 2001: 0–27). */
export const PHQ9_SCORE_DOMAIN: readonly [number, number] = [0, THRESHOLDS.phq9Max.value];

/** The severity bands as score ranges, from the same thresholds `getPhq9Band` uses (a site may tune them). */
export function getPhq9Bands(t: ThresholdValues = DEFAULT_ANALYSIS_CONFIG.thresholds): Phq9BandRange[] {
  const max = t.phq9Max;
  return [
    { band: 'none-minimal', from: 0, to: t.bandMild - 1 },
    { band: 'mild', from: t.bandMild, to: t.bandModerate - 1 },
    { band: 'moderate', from: t.bandModerate, to: t.bandModeratelySevere - 1 },
    { band: 'moderately-severe', from: t.bandModeratelySevere, to: t.bandSevere - 1 },
    { band: 'severe', from: t.bandSevere, to: max },
  ];
}

/** Whether a recorded item-9 answer is positive (Simon 2013: any answer above "not at all" prompts assessment). */
export function isItem9Positive(
  item9: number | undefined,
  t: ThresholdValues = DEFAULT_ANALYSIS_CONFIG.thresholds
): boolean {
  return item9 !== undefined && item9 >= t.item9Positive;
}

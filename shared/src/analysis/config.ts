import { THRESHOLDS, type ThresholdId } from '../knowledge/thresholds';

export type ThresholdValues = { readonly [K in ThresholdId]: number };

/**
 * Site-level settings for the analysis. Every threshold defaults to the knowledge pack's value and may be
 * overridden by a site (e.g. a stricter confirmation interval); the defaults carry the citations.
 */
export interface AnalysisConfig {
  readonly thresholds: ThresholdValues;
}

function defaultThresholdValues(): ThresholdValues {
  const entries = Object.entries(THRESHOLDS).map(([id, threshold]) => [id, threshold.value] as const);
  return Object.fromEntries(entries) as ThresholdValues;
}

export const DEFAULT_ANALYSIS_CONFIG: AnalysisConfig = Object.freeze({
  thresholds: Object.freeze(defaultThresholdValues()),
});

export function buildAnalysisConfig(overrides: Partial<ThresholdValues> = {}): AnalysisConfig {
  return { thresholds: { ...DEFAULT_ANALYSIS_CONFIG.thresholds, ...overrides } };
}

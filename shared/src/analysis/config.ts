import { THRESHOLDS, type ThresholdId } from '../knowledge/thresholds';

export type ThresholdValues = { readonly [K in ThresholdId]: number };

/**
 * Site-level settings for the analysis. Every threshold defaults to the knowledge pack's value and may be
 * overridden by a site (e.g. a stricter confirmation interval); the defaults carry the citations.
 */
export interface AnalysisConfig {
  readonly thresholds: ThresholdValues;
  /** Site switches for optional output; absent means the defaults below. */
  readonly flags?: AnalysisFlags;
}

/** Site switches, each off unless a site turns it on. */
export interface AnalysisFlags {
  /**
   * Raise an info card on patient-view for residual-symptom drift (PHQ-9 items 1, 3, 4, 7 rising after a response
   * while the total stays low). The drift is always computed and shown in the app; the card is off by default
   * because the rule is a display heuristic, not a validated cut-off.
   */
  readonly residualDriftCard: boolean;
}

export const DEFAULT_ANALYSIS_FLAGS: AnalysisFlags = Object.freeze({ residualDriftCard: false });

function defaultThresholdValues(): ThresholdValues {
  const entries = Object.entries(THRESHOLDS).map(([id, threshold]) => [id, threshold.value] as const);
  return Object.fromEntries(entries) as ThresholdValues;
}

export const DEFAULT_ANALYSIS_CONFIG: AnalysisConfig = Object.freeze({
  thresholds: Object.freeze(defaultThresholdValues()),
  flags: DEFAULT_ANALYSIS_FLAGS,
});

export function buildAnalysisConfig(
  overrides: Partial<ThresholdValues> = {},
  flags: Partial<AnalysisFlags> = {}
): AnalysisConfig {
  return {
    thresholds: { ...DEFAULT_ANALYSIS_CONFIG.thresholds, ...overrides },
    flags: { ...DEFAULT_ANALYSIS_FLAGS, ...flags },
  };
}

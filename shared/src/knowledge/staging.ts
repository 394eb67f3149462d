import type { CitationId } from './citation-ids';
import type { ThresholdId } from './thresholds';
import type { DrugClass } from './types';

/**
 * Treatment-resistance staging models as data (Thase & Rush 1997, Fekadu 2009, Fava 2003). The analysis
 * (`analysis/treatment-resistance.ts`) only applies these tables.
 */

export interface ThaseRushStage {
  readonly stage: 1 | 2 | 3 | 4 | 5;
  readonly description: string;
}

/** Thase ME, Rush AJ. J Clin Psychiatry 1997;58(Suppl 13):23-9 [K]. */
export const THASE_RUSH = {
  citationId: 'thase-rush-1997',
  stages: [
    { stage: 1, description: 'Failure of at least one adequate trial of one major antidepressant class.' },
    { stage: 2, description: 'Stage I plus failure of an adequate trial of a distinctly different class.' },
    { stage: 3, description: 'Stage II plus failure of an adequate trial of a tricyclic antidepressant.' },
    { stage: 4, description: 'Stage III plus failure of an adequate trial of an MAOI.' },
    { stage: 5, description: 'Stage IV plus failure of a course of bilateral ECT.' },
  ],
  /** Classes with a stage of their own (III and IV) and the count of other classes needed before them. */
  tcaClass: 'TCA',
  maoiClass: 'MAOI',
  classesBeforeSpecialStages: 2,
} as const satisfies {
  citationId: CitationId;
  stages: readonly ThaseRushStage[];
  tcaClass: DrugClass;
  maoiClass: DrugClass;
  classesBeforeSpecialStages: number;
};

export interface PointBand {
  /** Inclusive lower bound of the dimension's value. */
  readonly min: number;
  readonly points: number;
  readonly label: string;
}

/**
 * Maudsley Staging Method: Fekadu A et al. J Clin Psychiatry 2009;70:177-84; standardised in Fekadu, Donocik, Cleare
 * BMC Psychiatry 2018;18:100 (Table 3) [V]. The PHQ-9 → severity mapping is our design choice [D].
 */
export const MAUDSLEY = {
  citationIds: ['fekadu-2009-msm', 'staging-panel-2020'],
  /** Duration of the current episode in whole months: ≤ 12 acute, 13–24 sub-acute, > 24 chronic. */
  durationMonths: [
    { min: 0, points: 1, label: 'acute (≤ 12 months)' },
    { min: 13, points: 2, label: 'sub-acute (13–24 months)' },
    { min: 25, points: 3, label: 'chronic (> 24 months)' },
  ],
  /**
   * Baseline PHQ-9 → severity [D]: below 10 subsyndromal, 10–14 mild, 15–19 moderate, ≥ 20 severe. The lower bounds
   * are the PHQ-9 band thresholds (`thresholds.ts`), so a site override moves both together.
   */
  severityPhq9: [
    { fromThreshold: undefined, points: 1, label: 'subsyndromal' },
    { fromThreshold: 'bandModerate', points: 2, label: 'mild' },
    { fromThreshold: 'bandModeratelySevere', points: 3, label: 'moderate' },
    { fromThreshold: 'bandSevere', points: 4, label: 'severe without psychosis' },
  ],
  severeWithPsychosisPoints: 5,
  /** Severity assumed when no PHQ-9 is available at the start of the episode. */
  severityAssumedWhenUnknown: { points: 3, label: 'moderate' },
  failures: [
    { min: 0, points: 0, label: 'none recorded' },
    { min: 1, points: 1, label: '1–2' },
    { min: 3, points: 2, label: '3–4' },
    { min: 5, points: 3, label: '5–6' },
    { min: 7, points: 4, label: '7–10' },
    { min: 11, points: 5, label: '> 10' },
  ],
  augmentationPoints: 1,
  ectPoints: 1,
  bands: [
    { min: 0, points: 0, label: 'mild' },
    { min: 7, points: 0, label: 'moderate' },
    { min: 11, points: 0, label: 'severe' },
  ],
} as const satisfies {
  citationIds: readonly CitationId[];
  durationMonths: readonly PointBand[];
  severityPhq9: readonly { fromThreshold: ThresholdId | undefined; points: number; label: string }[];
  severeWithPsychosisPoints: number;
  severityAssumedWhenUnknown: { points: number; label: string };
  failures: readonly PointBand[];
  augmentationPoints: number;
  ectPoints: number;
  bands: readonly { min: number; points: number; label: 'mild' | 'moderate' | 'severe' }[];
};

/** MGH staging: Fava M. Biol Psychiatry 2003;53:649-59, as tabulated in PLOS One 2020 (PMC7392234) [V]. */
export const MGH_S = {
  citationIds: ['fava-2003-mghs', 'staging-panel-2020'],
  perAdequateFailure: 1,
  perDoseOptimisation: 0.5,
  perAugmentation: 0.5,
  ect: 3,
} as const satisfies {
  citationIds: readonly CitationId[];
  perAdequateFailure: number;
  perDoseOptimisation: number;
  perAugmentation: number;
  ect: number;
};

/** Finds the band whose `min` is the largest not above `value` (bands sorted ascending). */
export function findBand<T extends { readonly min: number }>(bands: readonly T[], value: number): T | undefined {
  let found: T | undefined;
  for (const band of bands) {
    if (value >= band.min) {
      found = band;
    }
  }
  return found;
}

export interface StagingScale {
  /** Highest value the model can give (Thase–Rush: the last stage; Maudsley: every dimension at its maximum). */
  readonly max: number;
  /** Bands as inclusive score ranges, lowest first (Maudsley only). */
  readonly bands: readonly { readonly label: string; readonly from: number; readonly to: number }[];
}

const maxPoints = (bands: readonly { readonly points: number }[]): number =>
  Math.max(...bands.map((band) => band.points));

/** The Maudsley total's highest score and its bands as ranges, read from the tables (for display). */
export function getMaudsleyScale(): StagingScale {
  const max =
    maxPoints(MAUDSLEY.durationMonths) +
    Math.max(maxPoints(MAUDSLEY.severityPhq9), MAUDSLEY.severeWithPsychosisPoints) +
    maxPoints(MAUDSLEY.failures) +
    MAUDSLEY.augmentationPoints +
    MAUDSLEY.ectPoints;
  const bands = MAUDSLEY.bands.map((band, index) => ({
    label: band.label,
    from: band.min,
    to: (MAUDSLEY.bands[index + 1]?.min ?? max + 1) - 1,
  }));
  return { max, bands };
}

/** The Thase–Rush stages' range: 0 (no stage reached) to the last stage. */
export function getThaseRushScale(): StagingScale {
  return { max: Math.max(...THASE_RUSH.stages.map((stage) => stage.stage)), bands: [] };
}

import type { Assessment, DoseSegment, Phq9Point, SafetyFlag, Trial } from '@tachywatch/shared';

const SEVERITY_ORDER: Readonly<Record<SafetyFlag['severity'], number>> = { critical: 0, warning: 1, info: 2 };

export interface SummaryFacts {
  /** Critical first (a positive PHQ-9 item 9 is always critical), then warnings, then notes. */
  readonly safety: readonly SafetyFlag[];
  readonly currentTrial?: Trial;
  readonly currentSegment?: DoseSegment;
  readonly latestPhq9?: Phq9Point;
}

/** Picks what the summary strip shows from the assessment; selection only, no clinical judgement. */
export function getSummaryFacts(assessment: Assessment): SummaryFacts {
  const safety = [...assessment.safety].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const ongoing = assessment.trials.filter((trial) => trial.ongoing && trial.role === 'antidepressant');
  const focusTrial = assessment.trials.find((trial) => trial.id === assessment.tachyphylaxis.trialId && trial.ongoing);
  const currentTrial = focusTrial ?? ongoing.at(-1);
  const currentSegment = currentTrial?.doseSegments.at(-1);
  const latestPhq9 = [...assessment.phq9].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).at(-1);
  return { safety, currentTrial, currentSegment, latestPhq9 };
}

import type { Assessment, Confounder, TachyphylaxisFinding, Trial, TrialOutcome } from '../domain/assessment';
import { THRESHOLDS } from '../knowledge/thresholds';

/**
 * The one state the review app shows for an assessment, so no two parts of it can disagree:
 * - `no-depression-data`: neither a PHQ-9 nor an antidepressant trial in the record: an empty state, no staging, no
 *   options;
 * - `suppressed`: a loss-of-response pattern set aside because a bipolar disorder or psychotic features are recorded:
 *   the reason first, the evidence behind a disclosure, the options read in that light;
 * - `emerging`: a worsening not yet confirmed: no loss-of-response marker or outcome anywhere;
 * - `explained`: a worsening with an explanation to check first: not shown as a loss of response either;
 * - `managed`: a worsening the clinician is already managing;
 * - `possible`: a possible loss of response;
 * - `none`: no pattern.
 */
export type ReviewState = 'no-depression-data' | TachyphylaxisFinding['status'];

export function getReviewState(assessment: Assessment): ReviewState {
  if (assessment.phq9.length === 0 && assessment.trials.length === 0) return 'no-depression-data';
  return assessment.tachyphylaxis.status;
}

/**
 * A trial's outcome as the app shows it: never a loss of response for the trial of an unconfirmed worsening
 * (`worsening-unconfirmed`) or of a worsening with an explanation to check first (`worsening-explained`).
 */
export type DisplayedTrialOutcome = TrialOutcome | 'worsening-unconfirmed' | 'worsening-explained';

export function getDisplayedTrialOutcome(trial: Trial, finding: TachyphylaxisFinding): DisplayedTrialOutcome {
  if (trial.outcome === 'loss-of-response' && finding.trialId === trial.id) {
    if (finding.status === 'emerging') return 'worsening-unconfirmed';
    if (finding.status === 'explained') return 'worsening-explained';
  }
  return trial.outcome;
}

/** Whether the timeline may mark a loss of response on this trial (never for an unconfirmed worsening). */
export function showsLossOfResponse(trial: Trial, finding: TachyphylaxisFinding): boolean {
  return getDisplayedTrialOutcome(trial, finding) === 'loss-of-response' && trial.lossAt !== undefined;
}

/** The confounders that set a loss-of-response pattern aside (bipolar disorder, psychotic features), when present. */
export function getSuppressingConfounders(finding: TachyphylaxisFinding): Confounder[] {
  if (finding.status !== 'suppressed') return [];
  return finding.confounders.filter(
    (confounder) => confounder.state === 'present' && (confounder.id === 'bipolar' || confounder.id === 'psychotic')
  );
}

/** A horizontal reference line on the PHQ-9 chart for the trial a finding is about. */
export interface Phq9ReferenceLine {
  readonly kind: 'response' | 'mcid';
  readonly score: number;
  readonly label: string;
}

/**
 * The response line (a 50 % drop from the trial's baseline) and the MCID line (the nadir plus the minimal clinically
 * important change) for the trial the finding is about: what "response" and "a real worsening" meant for it.
 */
export function getPhq9ReferenceLines(finding: TachyphylaxisFinding): Phq9ReferenceLine[] {
  if (finding.status === 'none' || finding.status === 'suppressed') return [];
  const lines: Phq9ReferenceLine[] = [];
  const ratio = THRESHOLDS.responseRatio.value;
  if (finding.baseline) {
    const score = Math.round(finding.baseline.total * ratio * 10) / 10;
    lines.push({ kind: 'response', score, label: `Response: ${Math.round(ratio * 100)} % of baseline (${score})` });
  }
  if (finding.nadir) {
    const score = Math.min(THRESHOLDS.phq9Max.value, finding.nadir.total + THRESHOLDS.mcid.value);
    lines.push({ kind: 'mcid', score, label: `Nadir + ${THRESHOLDS.mcid.value} (MCID): ${score}` });
  }
  return lines;
}

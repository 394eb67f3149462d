import type {
  DisplayedTrialOutcome,
  ConfounderState,
  CriterionStatus,
  OptionKind,
  Phq9Band,
  TachyphylaxisStatus,
  TrialAdequacy,
} from '@tachywatch/shared';

/** Display text for the analysis's coded values. Each pairs with an icon in the UI so colour is never the only signal. */
export const FINDING_LABELS: Readonly<Record<TachyphylaxisStatus, { title: string; icon: string }>> = {
  possible: { title: 'Possible tachyphylaxis — review suggested', icon: '▲' },
  emerging: { title: 'Worsening, not yet confirmed — repeat the PHQ-9', icon: '△' },
  explained: { title: 'Worsening with an explanation to check first', icon: '◆' },
  managed: { title: 'Worsening already being managed', icon: '◇' },
  none: { title: 'No tachyphylaxis pattern found', icon: '○' },
  suppressed: { title: 'Not called tachyphylaxis — review the diagnosis first', icon: '⊘' },
};

export const BAND_LABELS: Readonly<Record<Phq9Band, string>> = {
  'none-minimal': 'none–minimal',
  mild: 'mild',
  moderate: 'moderate',
  'moderately-severe': 'moderately severe',
  severe: 'severe',
};

export const ADEQUACY_LABELS: Readonly<Record<TrialAdequacy, string>> = {
  adequate: 'Adequate',
  borderline: 'Borderline',
  'inadequate-dose': 'Dose too low',
  'inadequate-duration': 'Too short',
  unknown: 'Unknown',
};

export const OUTCOME_LABELS: Readonly<Record<DisplayedTrialOutcome, string>> = {
  remission: 'Remission',
  response: 'Response',
  'partial-response': 'Partial response',
  'non-response': 'No response',
  'loss-of-response': 'Loss of response',
  'worsening-unconfirmed': 'Worsening, not yet confirmed',
  'worsening-explained': 'Worsening, explanation to check first',
  'too-early': 'Too early to judge',
  unknown: 'Unknown',
};

export const CONFOUNDER_STATE_LABELS: Readonly<Record<ConfounderState, { text: string; icon: string }>> = {
  present: { text: 'Present', icon: '●' },
  absent: { text: 'Absent', icon: '○' },
  'not-recorded': { text: 'None recorded', icon: '–' },
  unknown: { text: 'Unknown', icon: '?' },
};

export const CRITERION_LABELS: Readonly<Record<CriterionStatus, { text: string; icon: string }>> = {
  met: { text: 'Met', icon: '✓' },
  'not-met': { text: 'Not met', icon: '✗' },
  unknown: { text: 'Unknown', icon: '?' },
};

export const OPTION_KIND_LABELS: Readonly<Record<OptionKind, string>> = {
  'address-explanation': 'Address the explanation',
  'dose-optimisation': 'Dose optimisation',
  switch: 'Switch',
  augmentation: 'Augmentation',
  combination: 'Combination',
  psychotherapy: 'Psychotherapy',
  tms: 'TMS',
  ect: 'ECT',
  esketamine: 'Esketamine',
};

export const SEVERITY_LABELS: Readonly<Record<'critical' | 'warning' | 'info', { text: string; icon: string }>> = {
  critical: { text: 'Critical', icon: '⚠' },
  warning: { text: 'Warning', icon: '!' },
  info: { text: 'Note', icon: 'i' },
};

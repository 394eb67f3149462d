import type { LaunchErrorKind } from '../lib/launch-error';

/** Every user-facing message about launching and loading, in one place (client-js `strings.ts`). */
export const RELAUNCH_ADVICE = 'Please close this window and relaunch Tachywatch from the patient’s chart in your EHR.';

export const LAUNCH_ERROR_TITLES: Readonly<Record<LaunchErrorKind, string>> = {
  'no-state': 'This page was opened without a launch from the EHR.',
  'tampered-state': 'This launch could not be verified (its state does not match a launch started here).',
  'auth-denied': 'Access was not granted by the EHR.',
  'invalid-scope': 'The EHR did not accept the permissions Tachywatch asked for.',
  'invalid-token': 'The EHR did not accept this session’s access token.',
  expired: 'Your session with the EHR has expired.',
  'no-patient': 'The EHR did not say which patient to show.',
  'patient-not-found': 'Patient not found: the EHR’s FHIR server has no record of the patient this launch named.',
  'server-error': 'The EHR’s server could not answer.',
  config: 'Tachywatch is not set up for this EHR.',
  network: 'The EHR’s server could not be reached.',
  analysis: 'Tachywatch could not analyse this record.',
};

export const STRINGS = {
  appName: 'Tachywatch',
  launching: 'Connecting to your EHR…',
  redirecting: 'Signing in with your EHR…',
  authorizing: 'Completing sign-in…',
  loadingTitle: 'Loading the patient’s record',
  loadingDone: 'loaded',
  loadingPending: 'loading',
  loadingFailed: 'not available',
  requiredQueryFailed: 'Part of the record Tachywatch needs could not be loaded.',
  optionalQueryFailed: 'Some data could not be loaded; the assessment below does not include it:',
  errorTechnicalDetail: 'Technical detail for your IT team',
  possiblePattern:
    'Tachywatch flags a possible pattern for a clinician to review. It does not diagnose and does not order anything.',
  print: 'Print',
  zoomLastYear: 'Last year',
  zoomAll: 'All',
} as const;

/** Plain labels for the FHIR queries, shown in the progress list and in degraded-data notes. */
export const QUERY_LABELS: Readonly<Record<string, string>> = {
  patient: 'Patient details',
  medicationStatements: 'Medication statements',
  medicationRequests: 'Prescriptions',
  medicationDispenses: 'Pharmacy dispenses',
  phq9: 'PHQ-9 scores',
  questionnaireResponses: 'Questionnaire responses',
  documentedReviews: 'Documented reviews',
  conditions: 'Diagnoses',
  procedures: 'Procedures (TMS, ECT, psychotherapy)',
  tobaccoAndPgx: 'Smoking status and pharmacogenomics',
  thyroidLabs: 'Thyroid tests (TSH, free T4)',
};

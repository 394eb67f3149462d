import {
  PGX_PHENOTYPE_CODES,
  PHQ9_CODES,
  PREGNANCY_STATUS,
  PROCEDURE_CODES,
  SYSTEMS,
  THYROID_LAB_CODES,
  TOBACCO_STATUS_CODE,
} from '../knowledge/codes';
import { REVIEW_QUESTIONNAIRE_URL } from '../review/questionnaire';

/**
 * The FHIR queries that gather one patient's data, as data. The CDS service turns them into prefetch templates and
 * fallback searches, the app into its requests, the sandbox into its tests: one definition, vendor-safe
 * (explicit status lists on medication searches, a code on every Observation search, `_sort=-date`).
 */
export type PatientDataKey =
  | 'patient'
  | 'medicationStatements'
  | 'medicationRequests'
  | 'medicationDispenses'
  | 'phq9'
  | 'questionnaireResponses'
  | 'documentedReviews'
  | 'conditions'
  | 'procedures'
  | 'tobaccoAndPgx'
  | 'thyroidLabs';

export interface PatientDataQuery {
  readonly key: PatientDataKey;
  readonly resourceType: string;
  readonly kind: 'read' | 'search';
  /** Search parameters; the patient parameter is added by the builders. */
  readonly params: readonly (readonly [string, string])[];
  /** The name of the patient search parameter (`patient` or `subject`). */
  readonly patientParam?: string;
  /** Whether the analysis cannot run without it (missing → 412 in the service). */
  readonly required: boolean;
}

const loinc = (code: string): string => `${SYSTEMS.loinc}|${code}`;

export const MEDICATION_STATEMENT_STATUSES = 'active,completed,intended,stopped,on-hold,unknown,not-taken';
export const MEDICATION_REQUEST_STATUSES = 'active,on-hold,completed,stopped,unknown';
export const MEDICATION_DISPENSE_STATUSES = 'completed';

export const PHQ9_QUERY_CODES = [
  PHQ9_CODES.total,
  PHQ9_CODES.teenTotal,
  PHQ9_CODES.panel,
  PHQ9_CODES.teenPanel,
  ...PHQ9_CODES.items,
].map(loinc);

export const PATIENT_DATA_QUERIES: readonly PatientDataQuery[] = [
  { key: 'patient', resourceType: 'Patient', kind: 'read', params: [], required: true },
  {
    key: 'medicationStatements',
    resourceType: 'MedicationStatement',
    kind: 'search',
    patientParam: 'patient',
    params: [
      ['status', MEDICATION_STATEMENT_STATUSES],
      ['_count', '200'],
    ],
    required: true,
  },
  {
    key: 'medicationRequests',
    resourceType: 'MedicationRequest',
    kind: 'search',
    patientParam: 'patient',
    params: [
      ['status', MEDICATION_REQUEST_STATUSES],
      ['_include', 'MedicationRequest:medication'],
      ['_count', '200'],
    ],
    required: true,
  },
  {
    key: 'medicationDispenses',
    resourceType: 'MedicationDispense',
    kind: 'search',
    patientParam: 'patient',
    params: [
      ['status', MEDICATION_DISPENSE_STATUSES],
      ['_count', '200'],
    ],
    required: false,
  },
  {
    key: 'phq9',
    resourceType: 'Observation',
    kind: 'search',
    patientParam: 'patient',
    params: [
      ['code', PHQ9_QUERY_CODES.join(',')],
      ['_sort', '-date'],
      ['_count', '200'],
    ],
    required: true,
  },
  {
    key: 'questionnaireResponses',
    resourceType: 'QuestionnaireResponse',
    kind: 'search',
    patientParam: 'patient',
    params: [
      ['status', 'completed,amended'],
      ['_count', '200'],
    ],
    required: false,
  },
  {
    // The clinician's documented reviews, by the review Questionnaire's canonical URL (any version), newest first:
    // asked for on their own so that a page full of PHQ-9 responses never pushes them out.
    key: 'documentedReviews',
    resourceType: 'QuestionnaireResponse',
    kind: 'search',
    patientParam: 'patient',
    params: [
      ['questionnaire', REVIEW_QUESTIONNAIRE_URL],
      ['status', 'completed,amended'],
      ['_sort', '-authored'],
      ['_count', '50'],
    ],
    required: false,
  },
  {
    key: 'conditions',
    resourceType: 'Condition',
    kind: 'search',
    patientParam: 'patient',
    params: [
      ['category', 'problem-list-item,encounter-diagnosis,health-concern'],
      ['_count', '200'],
    ],
    required: false,
  },
  {
    key: 'procedures',
    resourceType: 'Procedure',
    kind: 'search',
    patientParam: 'patient',
    params: [
      [
        'code',
        [
          ...[...PROCEDURE_CODES.tms, ...PROCEDURE_CODES.ect, ...PROCEDURE_CODES.psychotherapy].map(
            (code) => `${SYSTEMS.cpt}|${code}`
          ),
          ...PROCEDURE_CODES.esketamine.map((code) => `${SYSTEMS.hcpcs}|${code}`),
          ...PROCEDURE_CODES.ectSnomed.map((code) => `${SYSTEMS.snomed}|${code}`),
        ].join(','),
      ],
      ['_count', '200'],
    ],
    required: false,
  },
  {
    key: 'tobaccoAndPgx',
    resourceType: 'Observation',
    kind: 'search',
    patientParam: 'patient',
    params: [
      ['code', [TOBACCO_STATUS_CODE, ...PGX_PHENOTYPE_CODES, ...PREGNANCY_STATUS.codes].map(loinc).join(',')],
      ['_sort', '-date'],
      ['_count', '200'],
    ],
    required: false,
  },
  {
    // TSH and free T4: without them hypothyroidism can only be "none recorded", never "absent".
    key: 'thyroidLabs',
    resourceType: 'Observation',
    kind: 'search',
    patientParam: 'patient',
    params: [
      ['code', [...THYROID_LAB_CODES.tsh, ...THYROID_LAB_CODES.freeT4].map(loinc).join(',')],
      ['_sort', '-date'],
      ['_count', '50'],
    ],
    required: false,
  },
];

function encodeQuery(params: readonly (readonly [string, string])[]): string {
  return new URLSearchParams(params.map(([name, value]): [string, string] => [name, value])).toString();
}

/** The relative URL for one patient's query, every value percent-encoded (some proxies collapse `//`). */
export function buildPatientQueryPath(query: PatientDataQuery, patientId: string): string {
  if (query.kind === 'read') {
    return `${query.resourceType}/${encodeURIComponent(patientId)}`;
  }
  const params: (readonly [string, string])[] = [[query.patientParam ?? 'patient', patientId], ...query.params];
  return `${query.resourceType}?${encodeQuery(params)}`;
}

const PATIENT_TOKEN = '{{context.patientId}}';
const TOKEN_PLACEHOLDER = 'TACHYWATCH_PATIENT_TOKEN';

/** The CDS Hooks prefetch template for a query: the same URL with the `{{context.patientId}}` token. */
export function buildPrefetchTemplate(query: PatientDataQuery): string {
  return buildPatientQueryPath(query, TOKEN_PLACEHOLDER).replace(TOKEN_PLACEHOLDER, PATIENT_TOKEN);
}

import { assessPatient, readPatientRecord, toAnalysisConfig } from '@tachywatch/shared';
import type { Assessment, PatientInfo, PatientRecord, SiteConfig } from '@tachywatch/shared';
import { LaunchError } from '../../../lib/launch-error';
import { MARK_ASSESSED, MARK_DATA_LOADED, markOnce } from '../../../lib/performance-marks';
import type { PatientData, QueryProgress } from '../api/fetch-patient-data';

export type PatientAssessmentState =
  | { readonly status: 'loading'; readonly queries: readonly QueryProgress[] }
  | { readonly status: 'error'; readonly error: LaunchError; readonly queries: readonly QueryProgress[] }
  | {
      readonly status: 'ready';
      readonly assessment: Assessment;
      readonly patient?: PatientInfo;
      /** Optional queries that failed: the assessment ran without them. */
      readonly degraded: readonly QueryProgress[];
      readonly queries: readonly QueryProgress[];
    };

export interface LoadedData {
  readonly data: PatientData;
  /** The site's configuration, or why it could not be had. */
  readonly site: SiteConfig | LaunchError;
  readonly patientId: string;
  readonly fhirServer: string;
  readonly now: Date | string;
}

/**
 * What the review shows once everything is loaded: an error when the site configuration or a required query failed
 * (or the engine threw), otherwise the assessment, with the optional queries that failed listed as degraded.
 */
export function assessLoadedData({ data, site, patientId, fhirServer, now }: LoadedData): PatientAssessmentState {
  if (site instanceof LaunchError) return { status: 'error', error: site, queries: data.queries };
  markOnce(MARK_DATA_LOADED);
  const failedRequired = data.queries.find((query) => query.required && query.status === 'failed');
  if (failedRequired) {
    return { status: 'error', error: failedRequired.error ?? new LaunchError('server-error'), queries: data.queries };
  }
  let record: PatientRecord;
  let assessment: Assessment;
  try {
    record = readPatientRecord(data.resources, { patientId, fhirServer });
    assessment = assessPatient(record, { now, config: toAnalysisConfig(site) });
    markOnce(MARK_ASSESSED);
  } catch (error) {
    // The engine is specified never to throw; if it does, say so plainly rather than blame the EHR.
    return {
      status: 'error',
      error: new LaunchError('analysis', error instanceof Error ? error.name : undefined),
      queries: data.queries,
    };
  }
  return {
    status: 'ready',
    assessment,
    patient: record.patient,
    degraded: data.queries.filter((query) => query.status === 'failed'),
    queries: data.queries,
  };
}

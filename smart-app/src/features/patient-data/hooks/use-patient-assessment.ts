import { PATIENT_DATA_QUERIES, assessPatient, readPatientRecord, toAnalysisConfig } from '@tachywatch/shared';
import type { Assessment, PatientInfo, PatientRecord, SiteConfig } from '@tachywatch/shared';
import type Client from 'fhirclient/lib/Client';
import { useEffect, useState } from 'react';
import { LaunchError, toLaunchError } from '../../../lib/launch-error';
import { MARK_ASSESSED, MARK_DATA_LOADED, markOnce } from '../../../lib/performance-marks';
import { fetchSiteConfig, getSiteConfigUrl } from '../../../lib/site-config';
import { fetchPatientData } from '../api/fetch-patient-data';
import type { QueryProgress } from '../api/fetch-patient-data';

export type PatientAssessmentState =
  | { readonly status: 'loading'; readonly queries: readonly QueryProgress[] }
  | { readonly status: 'error'; readonly error: LaunchError; readonly queries: readonly QueryProgress[] }
  | {
      readonly status: 'ready';
      readonly assessment: Assessment;
      readonly patient?: PatientInfo;
      /** The site configuration the assessment was made with (its flags decide write-back). */
      readonly site: SiteConfig;
      /** Optional queries that failed: the assessment ran without them. */
      readonly degraded: readonly QueryProgress[];
      readonly queries: readonly QueryProgress[];
    };

function initialQueries(): QueryProgress[] {
  return PATIENT_DATA_QUERIES.map((query) => ({ key: query.key, required: query.required, status: 'pending' }));
}

function loadingState(): PatientAssessmentState {
  return { status: 'loading', queries: initialQueries() };
}

/**
 * Loads the patient's data and runs the shared analysis. Components only render what this returns: no FHIR parsing
 * and no clinical reasoning happen in the UI. `now` is injected (tests and the fixtures' anchor date).
 */
export function usePatientAssessment(client: Client, patientId: string, now?: Date | string): PatientAssessmentState {
  const [state, setState] = useState<PatientAssessmentState>(loadingState);
  const nowKey = now === undefined ? '' : String(now instanceof Date ? now.toISOString() : now);
  const [inputs, setInputs] = useState({ client, patientId, nowKey });
  if (inputs.client !== client || inputs.patientId !== patientId || inputs.nowKey !== nowKey) {
    // Reset while rendering (not in the effect) so a new patient never renders with the previous patient's result.
    setInputs({ client, patientId, nowKey });
    setState(loadingState());
  }

  useEffect(() => {
    const controller = new AbortController();
    let queries = initialQueries();

    const onProgress = (progress: QueryProgress): void => {
      queries = queries.map((entry) => (entry.key === progress.key ? progress : entry));
      if (!controller.signal.aborted) {
        setState({ status: 'loading', queries });
      }
    };

    // The site's thresholds come with the data, so the app judges with the same numbers as the cards.
    Promise.all([
      fetchPatientData(client, patientId, { signal: controller.signal, onProgress }),
      // Settled, not rejected, so the progress of the data queries cannot overwrite its error.
      fetchSiteConfig(getSiteConfigUrl(), controller.signal).then(
        (site) => ({ site }),
        (error: unknown) => ({ error: toLaunchError(error) })
      ),
    ])
      .then(([data, siteResult]) => {
        if (controller.signal.aborted) {
          return;
        }
        if ('error' in siteResult) {
          setState({ status: 'error', error: siteResult.error, queries: data.queries });
          return;
        }
        const { site } = siteResult;
        markOnce(MARK_DATA_LOADED);
        const failedRequired = data.queries.find((query) => query.required && query.status === 'failed');
        if (failedRequired) {
          setState({
            status: 'error',
            error: failedRequired.error ?? new LaunchError('server-error'),
            queries: data.queries,
          });
          return;
        }
        let record: PatientRecord;
        let assessment: Assessment;
        try {
          record = readPatientRecord(data.resources, { patientId, fhirServer: client.state.serverUrl });
          assessment = assessPatient(record, {
            now: nowKey === '' ? new Date() : nowKey,
            config: toAnalysisConfig(site),
          });
          markOnce(MARK_ASSESSED);
        } catch (error) {
          // The engine is specified never to throw; if it does, say so plainly rather than blame the EHR.
          setState({
            status: 'error',
            error: new LaunchError('analysis', error instanceof Error ? error.name : undefined),
            queries: data.queries,
          });
          return;
        }
        setState({
          status: 'ready',
          assessment,
          patient: record.patient,
          site,
          degraded: data.queries.filter((query) => query.status === 'failed'),
          queries: data.queries,
        });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setState({ status: 'error', error: toLaunchError(error), queries });
        }
      });

    return () => controller.abort();
  }, [client, patientId, nowKey]);

  return state;
}

import { PATIENT_DATA_QUERIES } from '@tachywatch/shared';
import type Client from 'fhirclient/lib/Client';
import { useEffect, useState } from 'react';
import { toLaunchError } from '../../../lib/launch-error';
import { fetchSiteConfig, getSiteConfigUrl } from '../../../lib/site-config';
import { fetchPatientData } from '../api/fetch-patient-data';
import type { QueryProgress } from '../api/fetch-patient-data';
import { assessLoadedData, type PatientAssessmentState } from '../utils/assess-loaded-data';

export type { PatientAssessmentState } from '../utils/assess-loaded-data';

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
      fetchSiteConfig(getSiteConfigUrl(), controller.signal).catch((error: unknown) => toLaunchError(error)),
    ])
      .then(([data, site]) => {
        if (controller.signal.aborted) return;
        setState(
          assessLoadedData({
            data,
            site,
            patientId,
            fhirServer: client.state.serverUrl,
            now: nowKey === '' ? new Date() : nowKey,
          })
        );
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

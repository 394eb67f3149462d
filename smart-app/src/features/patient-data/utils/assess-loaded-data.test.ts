import { DEFAULT_SITE_CONFIG, PATIENT_DATA_QUERIES } from '@tachywatch/shared';
import { describe, expect, it } from 'vitest';
import { LaunchError } from '../../../lib/launch-error';
import type { PatientData, QueryProgress } from '../api/fetch-patient-data';
import { assessLoadedData } from './assess-loaded-data';

const PATIENT_ID = 'p1';
const PATIENT = { resourceType: 'Patient', id: PATIENT_ID, name: [{ given: ['Ada'], family: 'Lovelace' }] };

function loaded(failed: Partial<Record<string, LaunchError | undefined>> = {}): PatientData {
  const queries: QueryProgress[] = PATIENT_DATA_QUERIES.map((query) =>
    query.key in failed
      ? { key: query.key, required: query.required, status: 'failed', error: failed[query.key] }
      : { key: query.key, required: query.required, status: 'done', count: 0 }
  );
  return { resources: [PATIENT], queries, malformed: 0 };
}

const base = { patientId: PATIENT_ID, fhirServer: 'https://fhir.example/r4', now: '2025-07-01' };
const optionalKey = PATIENT_DATA_QUERIES.find((query) => !query.required)?.key ?? '';
const requiredKey = PATIENT_DATA_QUERIES.find((query) => query.required && query.key !== 'patient')?.key ?? '';

describe('assessLoadedData', () => {
  it('assesses the record and names the patient when everything loaded', () => {
    const state = assessLoadedData({ ...base, data: loaded(), site: DEFAULT_SITE_CONFIG });
    expect(state.status).toBe('ready');
    if (state.status !== 'ready') return;
    expect(state.patient?.name).toContain('Lovelace');
    expect(state.degraded).toEqual([]);
    expect(state.assessment.trials).toEqual([]);
  });

  it('runs without an optional query that failed, and lists it as degraded', () => {
    expect(optionalKey).not.toBe('');
    const state = assessLoadedData({ ...base, data: loaded({ [optionalKey]: undefined }), site: DEFAULT_SITE_CONFIG });
    expect(state.status).toBe('ready');
    if (state.status !== 'ready') return;
    expect(state.degraded.map((query) => query.key)).toEqual([optionalKey]);
  });

  it('refuses to assess without a required query, with its error or a server error', () => {
    expect(requiredKey).not.toBe('');
    const forbidden = new LaunchError('invalid-token');
    const withError = assessLoadedData({
      ...base,
      data: loaded({ [requiredKey]: forbidden }),
      site: DEFAULT_SITE_CONFIG,
    });
    expect(withError).toMatchObject({ status: 'error', error: forbidden });
    const withoutError = assessLoadedData({
      ...base,
      data: loaded({ [requiredKey]: undefined }),
      site: DEFAULT_SITE_CONFIG,
    });
    expect(withoutError.status).toBe('error');
    if (withoutError.status !== 'error') return;
    expect(withoutError.error.kind).toBe('server-error');
  });

  it('refuses to assess without the site configuration (its thresholds would be unknown)', () => {
    const siteError = new LaunchError('config');
    const state = assessLoadedData({ ...base, data: loaded(), site: siteError });
    expect(state).toMatchObject({ status: 'error', error: siteError });
  });
});

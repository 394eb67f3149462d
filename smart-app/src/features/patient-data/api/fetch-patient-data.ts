import { PATIENT_DATA_QUERIES, buildPatientQueryPath } from '@tachywatch/shared';
import type { PatientDataKey, PatientDataQuery } from '@tachywatch/shared';
import type Client from 'fhirclient/lib/Client';
import { z } from 'zod';
import { toLaunchError, toPatientReadError } from '../../../lib/launch-error';
import type { LaunchError } from '../../../lib/launch-error';

/** The narrow shape checked on every resource the server returns; the shared readers do the rest. */
const FhirResourceSchema = z.looseObject({ resourceType: z.string().min(1) });

export type QueryStatus = 'pending' | 'done' | 'failed';

export interface QueryProgress {
  readonly key: PatientDataKey;
  readonly required: boolean;
  readonly status: QueryStatus;
  readonly count?: number;
  readonly error?: LaunchError;
}

export interface PatientData {
  readonly resources: readonly unknown[];
  readonly queries: readonly QueryProgress[];
  /** Resources the server returned that were not FHIR resources (left out of the analysis). */
  readonly malformed: number;
}

export interface FetchPatientDataOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: QueryProgress) => void;
  readonly queries?: readonly PatientDataQuery[];
}

/** Each explicit query's path for this patient (built by shared, so the app sends exactly what the service sends). */
export function buildPatientRequests(
  patientId: string,
  queries: readonly PatientDataQuery[] = PATIENT_DATA_QUERIES
): { query: PatientDataQuery; path: string }[] {
  return queries.map((query) => ({ query, path: buildPatientQueryPath(query, patientId) }));
}

function toList(body: unknown): unknown[] {
  return Array.isArray(body) ? body : [body];
}

/**
 * Runs every patient query in parallel, following all pages (`pageLimit: 0`, `flat: true`). A failing query is
 * recorded in its progress entry and never rejects the whole fetch: the caller decides (required → error,
 * optional → a visible note). Aborting rejects with the abort reason.
 */
export async function fetchPatientData(
  client: Client,
  patientId: string,
  options: FetchPatientDataOptions = {}
): Promise<PatientData> {
  const requests = buildPatientRequests(patientId, options.queries);
  const settled = await Promise.all(
    requests.map(async ({ query, path }): Promise<{ progress: QueryProgress; items: unknown[] }> => {
      try {
        const body: unknown = await client.request(
          { url: path, signal: options.signal ?? null },
          query.kind === 'search' ? { pageLimit: 0, flat: true } : {}
        );
        const items = toList(body);
        const progress: QueryProgress = {
          key: query.key,
          required: query.required,
          status: 'done',
          count: items.length,
        };
        options.onProgress?.(progress);
        return { progress, items };
      } catch (error) {
        if (options.signal?.aborted) {
          throw error;
        }
        const progress: QueryProgress = {
          key: query.key,
          required: query.required,
          status: 'failed',
          error:
            query.kind === 'read' && query.resourceType === 'Patient'
              ? toPatientReadError(error)
              : toLaunchError(error),
        };
        options.onProgress?.(progress);
        return { progress, items: [] };
      }
    })
  );
  const resources: unknown[] = [];
  let malformed = 0;
  for (const { items } of settled) {
    for (const item of items) {
      if (FhirResourceSchema.safeParse(item).success) {
        resources.push(item);
      } else {
        malformed += 1;
      }
    }
  }
  return { resources, queries: settled.map(({ progress }) => progress), malformed };
}

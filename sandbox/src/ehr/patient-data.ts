import { buildPatientQueryPath, PATIENT_DATA_QUERIES } from '@tachywatch/shared';

const MAX_PAGES = 20;

/** Fetches one search, following `next` links (bounded), and returns every Bundle page. */
export async function fetchAllPages(url: string, fetchImpl: typeof fetch = fetch): Promise<unknown[]> {
  const pages: unknown[] = [];
  let next: string | undefined = url;
  while (next && pages.length < MAX_PAGES) {
    const response: Response = await fetchImpl(next, { headers: { Accept: 'application/fhir+json' } });
    if (!response.ok) break;
    const page = (await response.json()) as fhir4.Bundle;
    pages.push(page);
    next = page.resourceType === 'Bundle' ? page.link?.find((link) => link.relation === 'next')?.url : undefined;
  }
  return pages;
}

/** Everything the chart shows for one patient, fetched with the product's own queries (one definition). */
export async function fetchPatientResources(
  fhirBase: string,
  patientId: string,
  fetchImpl: typeof fetch = fetch
): Promise<unknown[]> {
  const results = await Promise.all(
    PATIENT_DATA_QUERIES.map((query) =>
      fetchAllPages(`${fhirBase}/${buildPatientQueryPath(query, patientId)}`, fetchImpl)
    )
  );
  return results.flat();
}

import { HttpResponse, http } from 'msw';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

export const FHIR_BASE = 'http://fhir.test/r4';

/**
 * One msw server for the app's tests; any request without a handler fails the test. No `site-config.json` is
 * served by default (the defaults apply), as for a deployment without the file.
 */
export const mswServer = setupServer(http.get('*/site-config.json', () => new HttpResponse(null, { status: 404 })));

export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string | null;
}

export interface FakeFhirOptions {
  /** Resources served, any type; searches filter them by type and patient reference. */
  readonly resources: readonly fhir4.FhirResource[];
  /** Page size used when the search does not ask for less (so tests exercise `next` links). */
  readonly pageSize?: number;
  /** Resource types whose search answers with this status and an OperationOutcome. */
  readonly failures?: Readonly<Record<string, number>>;
  /** Delay before answering searches of these types, in ms. */
  readonly delays?: Readonly<Record<string, number>>;
}

function belongsTo(resource: fhir4.FhirResource, patientRef: string): boolean {
  const record = resource as unknown as { subject?: { reference?: string }; patient?: { reference?: string } };
  return record.subject?.reference === patientRef || record.patient?.reference === patientRef;
}

function getCodings(value: unknown): { system?: string; code?: string }[] {
  const concepts = Array.isArray(value) ? value : [value];
  return concepts.flatMap((concept) =>
    concept && typeof concept === 'object' && Array.isArray((concept as fhir4.CodeableConcept).coding)
      ? ((concept as fhir4.CodeableConcept).coding ?? [])
      : []
  );
}

/** Token search on `code`, `category` and `status` (comma = OR), enough to keep the two Observation queries apart. */
function matchesTokens(resource: fhir4.FhirResource, params: URLSearchParams): boolean {
  const record = resource as unknown as Record<string, unknown>;
  for (const name of ['code', 'category'] as const) {
    const wanted = params.get(name);
    if (!wanted) {
      continue;
    }
    const codings = getCodings(record[name]);
    const hit = wanted.split(',').some((token) => {
      const [system, code] = token.includes('|') ? token.split('|') : [undefined, token];
      return codings.some((coding) => coding.code === code && (system === undefined || coding.system === system));
    });
    if (!hit) {
      return false;
    }
  }
  const status = params.get('status');
  return !status || status.split(',').includes(String(record.status));
}

function outcome(status: number, text: string): Response {
  return HttpResponse.json(
    {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: status === 401 ? 'security' : 'not-supported', diagnostics: text }],
    },
    { status }
  );
}

/**
 * A small FHIR server for tests: reads, patient-scoped searches with paging via `Bundle.link[next]`, and configured
 * failures. It records every request so tests can assert on query parameters and authorization.
 */
export function buildFakeFhirHandlers(options: FakeFhirOptions): {
  handlers: RequestHandler[];
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  const pageSize = options.pageSize ?? 50;
  const handler = http.get(`${FHIR_BASE}/:type/:id?`, async ({ request, params }) => {
    const url = new URL(request.url);
    requests.push({ method: request.method, url, authorization: request.headers.get('authorization') });
    const type = String(params.type);
    const delay = options.delays?.[type];
    if (delay) {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    const failure = options.failures?.[type];
    if (failure) {
      return outcome(failure, `${type} search is not supported here`);
    }
    if (typeof params.id === 'string') {
      const found = options.resources.find((resource) => resource.resourceType === type && resource.id === params.id);
      return found ? HttpResponse.json(found) : outcome(404, 'not found');
    }
    const patient = url.searchParams.get('patient') ?? url.searchParams.get('subject');
    if (!patient) {
      return outcome(400, 'a patient parameter is required');
    }
    const matches = options.resources.filter(
      (resource) =>
        resource.resourceType === type &&
        belongsTo(resource, `Patient/${patient}`) &&
        matchesTokens(resource, url.searchParams)
    );
    const offset = Number(url.searchParams.get('_offset') ?? '0');
    const page = matches.slice(offset, offset + pageSize);
    const link: fhir4.BundleLink[] = [{ relation: 'self', url: url.href }];
    if (offset + pageSize < matches.length) {
      const next = new URL(url.href);
      next.searchParams.set('_offset', String(offset + pageSize));
      link.push({ relation: 'next', url: next.href });
    }
    const bundle: fhir4.Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      link,
      entry: page.map((resource) => ({
        fullUrl: `${FHIR_BASE}/${type}/${resource.id}`,
        resource,
        search: { mode: 'match' },
      })),
    };
    return HttpResponse.json(bundle);
  });
  return { handlers: [handler], requests };
}

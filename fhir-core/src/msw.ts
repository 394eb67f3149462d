import { http, HttpResponse, type HttpHandler } from 'msw';
import { createFhirCore, type FhirCore } from './core';
import { buildOperationOutcome } from './errors';
import type { FhirResponse } from './http';
import { buildStore } from './store';

export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string | null;
}

export interface FakeFhirServerOptions {
  /** The absolute FHIR base URL the handlers answer under. */
  readonly baseUrl: string;
  /** Resources served (each needs an id); searches and reads run on the core's search engine. */
  readonly resources: readonly fhir4.Resource[];
  /** Page size when a search has no `_count`, and the largest `_count` honoured (so tests exercise `next` links). */
  readonly pageSize?: number;
  /** Resource types whose reads and searches answer with this status and an OperationOutcome. */
  readonly failures?: Readonly<Record<string, number>>;
  /** Delay before answering requests for these resource types, in ms. */
  readonly delays?: Readonly<Record<string, number>>;
}

export interface FakeFhirServer {
  readonly handlers: HttpHandler[];
  /** Every request seen, in arrival order. */
  readonly requests: RecordedRequest[];
  readonly core: FhirCore;
}

function toHttpResponse(response: FhirResponse): Response {
  const body = response.body === undefined ? null : JSON.stringify(response.body);
  return new HttpResponse(body, { status: response.status, headers: response.headers });
}

/** A JSON body parsed, a form body as text, undefined when empty, or the parse error. */
async function readBody(request: Request): Promise<unknown> {
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  if (text === '') return undefined;
  if ((request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new Error('Malformed request body: not JSON');
  }
}

/** The FHIR core as msw handlers for tests, with per-type delays and failures and a record of every request. */
export function buildFakeFhirServer(options: FakeFhirServerOptions): FakeFhirServer {
  const core = createFhirCore({
    store: buildStore(options.resources),
    limits: options.pageSize === undefined ? {} : { defaultCount: options.pageSize, maxCount: options.pageSize },
  });
  const requests: RecordedRequest[] = [];
  const base = new URL(options.baseUrl);
  const answer = async ({ request }: { request: Request }): Promise<Response> => {
    const url = new URL(request.url);
    requests.push({ method: request.method, url, authorization: request.headers.get('authorization') });
    const path = url.pathname.slice(base.pathname.replace(/\/$/, '').length);
    const type = path.split('/').find((segment) => segment !== '') ?? '';
    const delay = options.delays?.[type];
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const failure = options.failures?.[type];
    if (failure) {
      const outcome = buildOperationOutcome('exception', `${type} requests fail on this test server`);
      return HttpResponse.json(outcome, { status: failure });
    }
    const body = await readBody(request);
    if (body instanceof Error)
      return HttpResponse.json(buildOperationOutcome('invalid', body.message), { status: 400 });
    return toHttpResponse(
      core.handle({
        method: request.method,
        path,
        query: url.search.slice(1),
        headers: Object.fromEntries(request.headers),
        body,
        baseUrl: options.baseUrl,
      })
    );
  };
  return { handlers: [http.all(options.baseUrl, answer), http.all(`${options.baseUrl}/*`, answer)], requests, core };
}

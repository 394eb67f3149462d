import { FhirBundleSchema, FhirResourceSchema, type FhirBundleLike, type FhirResourceLike } from '@tachywatch/shared';

const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export type FetchFailureReason =
  | 'timeout'
  | 'deadline'
  | 'network'
  | 'unauthorized'
  | 'http-4xx'
  | 'http-5xx'
  | 'too-large'
  | 'invalid-body'
  | 'operation-outcome'
  | 'wrong-type';

export type FetchResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: FetchFailureReason };

export interface FhirRequestOptions {
  readonly accessToken?: string;
  readonly fetchImpl: typeof fetch;
  readonly timeoutMs: number;
  /** Aborts when the whole hook request's deadline passes. */
  readonly deadline: AbortSignal;
}

/** GETs one FHIR URL and checks it is JSON with a resourceType; never throws. */
export async function fetchFhirResource(
  url: string,
  options: FhirRequestOptions
): Promise<FetchResult<FhirResourceLike>> {
  if (options.deadline.aborted) return { ok: false, reason: 'deadline' };
  const headers: Record<string, string> = { accept: 'application/fhir+json, application/json;q=0.9' };
  if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await options.fetchImpl(url, {
      headers,
      redirect: 'error',
      signal: AbortSignal.any([options.deadline, timeout]),
    });
  } catch {
    return { ok: false, reason: failureFromSignals(options.deadline, timeout) };
  }
  if (response.status === 401 || response.status === 403) return discard(response, 'unauthorized');
  if (response.status >= 500) return discard(response, 'http-5xx');
  if (!response.ok) return discard(response, 'http-4xx');
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > MAX_RESPONSE_BYTES) return discard(response, 'too-large');
  let text: string;
  try {
    text = await response.text();
  } catch {
    return { ok: false, reason: failureFromSignals(options.deadline, timeout) };
  }
  if (text.length > MAX_RESPONSE_BYTES) return { ok: false, reason: 'too-large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid-body' };
  }
  const parsed = FhirResourceSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'invalid-body' };
  if (parsed.data.resourceType === 'OperationOutcome') return { ok: false, reason: 'operation-outcome' };
  return { ok: true, value: parsed.data };
}

export async function fetchFhirBundle(url: string, options: FhirRequestOptions): Promise<FetchResult<FhirBundleLike>> {
  const result = await fetchFhirResource(url, options);
  if (!result.ok) return result;
  const bundle = FhirBundleSchema.safeParse(result.value);
  return bundle.success ? { ok: true, value: bundle.data } : { ok: false, reason: 'wrong-type' };
}

function failureFromSignals(deadline: AbortSignal, timeout: AbortSignal): FetchFailureReason {
  if (deadline.aborted) return 'deadline';
  if (timeout.aborted) return 'timeout';
  return 'network';
}

function discard(response: Response, reason: FetchFailureReason): FetchResult<never> {
  // Not awaited: a server that never finishes its error body must not hold the request.
  response.body?.cancel().catch(() => undefined);
  return { ok: false, reason };
}

import { FhirBundleSchema, FhirResourceSchema, type FhirBundleLike, type FhirResourceLike } from '@tachywatch/shared';
import { readBodyWithin, type ByteBudget } from './read-body';

/** One response, after decompression (unless the hook's whole budget is smaller). */
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
/**
 * Every response of one hook call together (pages included), after decompression: the default of FHIR_MAX_BYTES.
 * It bounds memory and the event-loop time one call costs (JSON.parse and the readers, ~0.3 s at this size on the
 * development machine); the long-history fixture patient, 1,091 resources, is about 1 MB.
 */
export const MAX_HOOK_RESPONSE_BYTES = 16 * 1024 * 1024;

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
  /** Decompressed bytes the hook call may still read; shared by all its requests. */
  readonly budget?: ByteBudget;
  /** Per-response cap on decompressed bytes (default MAX_RESPONSE_BYTES). */
  readonly maxResponseBytes?: number;
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
  const signal = AbortSignal.any([options.deadline, timeout]);
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  let response: Response;
  try {
    response = await options.fetchImpl(url, { headers, redirect: 'error', signal });
  } catch {
    return { ok: false, reason: failureFromSignals(options.deadline, timeout) };
  }
  if (response.status === 401 || response.status === 403) return discard(response, 'unauthorized');
  if (response.status >= 500) return discard(response, 'http-5xx');
  if (!response.ok) return discard(response, 'http-4xx');
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > maxBytes) return discard(response, 'too-large');
  const body = await readBodyWithin(response, {
    maxBytes,
    signal,
    ...(options.budget ? { budget: options.budget } : {}),
  });
  if (!body.ok) {
    return {
      ok: false,
      reason: body.reason === 'too-large' ? 'too-large' : failureFromSignals(options.deadline, timeout),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.text);
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

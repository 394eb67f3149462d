import { truncate } from '../../../lib/launch-error';
import { UnlocatedWriteError } from './review-writer';

/** Why a write to the EHR did not happen, in words for the clinician, with a short technical detail for IT. */
export interface WriteFailure {
  readonly kind: 'forbidden' | 'unauthorized' | 'rejected' | 'server' | 'network' | 'unconfirmed';
  readonly message: string;
  readonly detail?: string;
}

const MESSAGES: Readonly<Record<WriteFailure['kind'], string>> = {
  forbidden:
    'The EHR refused the write: this session has no permission to save it (the write scope was not granted). ' +
    'Nothing was saved; your review is still here to print or copy. Ask your EHR team to allow Tachywatch to write.',
  unauthorized:
    'Your session with the EHR has expired, so nothing was saved. Copy or print the review, then relaunch Tachywatch.',
  rejected: 'The EHR did not accept what was sent, so nothing was saved. Your review is still here.',
  server: 'The EHR’s server could not save it just now. Nothing was lost: try again.',
  network: 'The EHR’s server could not be reached, so nothing was saved. Nothing was lost: try again.',
  unconfirmed:
    'The EHR answered without saying where it stored the review: check the chart before saving again, so as not to ' +
    'document it twice.',
};

function getStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The OperationOutcome's diagnostics or text, from the message fhirclient builds (`401 …\n\n{json}`). */
function getOutcomeDetail(message: string): string | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    const body = JSON.parse(message.slice(start)) as Partial<fhir4.OperationOutcome>;
    const texts = (body.issue ?? []).map((issue) => issue.diagnostics ?? issue.details?.text).filter(Boolean);
    return texts.length > 0 ? texts.join('; ') : undefined;
  } catch {
    return undefined;
  }
}

export function describeWriteFailure(error: unknown): WriteFailure {
  const status = getStatus(error);
  const message = error instanceof Error ? error.message : String(error);
  const outcome = getOutcomeDetail(message);
  const detail = truncate(status === undefined ? message : `HTTP ${status}${outcome ? `: ${outcome}` : ''}`);
  let kind: WriteFailure['kind'];
  // Without an HTTP status the request never got an answer (fetch rejects: TypeError in browsers, FetchError in Node).
  if (error instanceof UnlocatedWriteError) kind = 'unconfirmed';
  else if (status === undefined) kind = 'network';
  else if (status === 403) kind = 'forbidden';
  else if (status === 401) kind = 'unauthorized';
  else if (status >= 500) kind = 'server';
  else kind = 'rejected';
  return { kind, message: MESSAGES[kind], detail };
}

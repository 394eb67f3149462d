import { isUtf8 } from 'node:buffer';
import { CDS_REQUEST_SCHEMAS, formatSchemaIssues, type CdsServiceRequest } from '@tachywatch/shared';
import type { CdsServiceEntry } from '../services/registry';

export type HookRequestParse =
  | { readonly ok: true; readonly request: CdsServiceRequest }
  | { readonly ok: false; readonly details: readonly string[] };

/** The body as text, or undefined when it is not UTF-8. */
function decodeUtf8(body: Uint8Array): string | undefined {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!isUtf8(bytes)) return undefined;
  const text = bytes.toString('utf8');
  // RFC 8259 §8.1: a parser may ignore a byte order mark; some clients send one.
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * The raw body of a hook call → the validated request. JSON exchanged between systems is UTF-8 (RFC 8259 §8.1);
 * invalid UTF-8, invalid JSON, a body that is not an object, another hook's request or a schema violation each get
 * a message saying what was wrong (a 400, never a 500).
 */
export function parseHookRequest(service: CdsServiceEntry, body: Uint8Array): HookRequestParse {
  const text = decodeUtf8(body);
  let value: unknown;
  try {
    if (text === undefined) throw new SyntaxError('not UTF-8');
    value = JSON.parse(text);
  } catch {
    return { ok: false, details: ['Request body is not valid JSON'] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, details: ['Request body must be a JSON object (Content-Type: application/json)'] };
  }
  const hook = (value as { hook?: unknown }).hook;
  if (hook !== service.hook) {
    return { ok: false, details: [`hook: must be "${service.hook}" for service ${service.id}`] };
  }
  const parsed = CDS_REQUEST_SCHEMAS[service.hook].safeParse(value);
  if (!parsed.success) return { ok: false, details: formatSchemaIssues(parsed.error) };
  return { ok: true, request: parsed.data };
}

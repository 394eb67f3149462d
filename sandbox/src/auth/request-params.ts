import type { Request } from 'express';

/** Token and authorization responses carry credentials: never cached (RFC 6749 §5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** The string parameters of an OAuth request: the form body of a POST, the query of a GET. */
export function readParams(req: Request): Record<string, string> {
  const source = req.method === 'POST' ? (req.body as unknown) : req.query;
  const params: Record<string, string> = {};
  if (source && typeof source === 'object') {
    for (const [key, value] of Object.entries(source)) if (typeof value === 'string') params[key] = value;
  }
  return params;
}

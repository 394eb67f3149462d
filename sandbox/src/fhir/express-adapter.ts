import type { Request, Response } from 'express';
import type { FhirRequest, FhirResponse } from '@tachywatch/fhir-core';

/** The absolute FHIR base the request came in on (`http://host/fhir`). */
export function getFhirBase(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
}

/** An Express request (mounted at the FHIR base, body already parsed) as the core's plain request. */
export function toFhirRequest(req: Request): FhirRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method,
    path: req.path,
    query: req.originalUrl.split('?')[1] ?? '',
    headers,
    body: req.body as unknown,
    baseUrl: getFhirBase(req),
  };
}

export function sendFhirResponse(res: Response, response: FhirResponse): void {
  res.status(response.status).set(response.headers);
  if (response.body === undefined) res.end();
  else res.send(JSON.stringify(response.body));
}

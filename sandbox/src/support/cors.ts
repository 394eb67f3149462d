import type { NextFunction, Request, Response } from 'express';

/**
 * Permissive CORS for browser clients (the CDS Hooks Sandbox, the SMART app). Bearer tokens, never cookies, carry
 * authority here, so a wildcard origin is safe for this development-only server.
 */
export function applyCors(req: Request, res: Response, next: NextFunction): void {
  res.set('Access-Control-Allow-Origin', '*');
  res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
  res.set('Access-Control-Allow-Headers', 'Content-Type, Authorization, Accept, Prefer, If-Match, If-None-Exist');
  res.set('Access-Control-Expose-Headers', 'Location, ETag, Content-Location, WWW-Authenticate');
  if (req.method === 'OPTIONS') {
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
    return;
  }
  next();
}

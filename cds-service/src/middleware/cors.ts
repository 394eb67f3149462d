import type { NextFunction, Request, Response } from 'express';

/**
 * CORS for browser CDS clients (the CDS Hooks Sandbox): allowed origins from config, `*` for development.
 * Preflights are answered here, before authentication (browsers send no Authorization on a preflight).
 */
export function cors(allowedOrigins: readonly string[]) {
  const any = allowedOrigins.includes('*');
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get('origin');
    const allowed = origin !== undefined && (any || allowedOrigins.includes(origin));
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      if (!any) res.append('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'x-request-id');
    }
    if (req.method !== 'OPTIONS') {
      next();
      return;
    }
    if (allowed) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  };
}

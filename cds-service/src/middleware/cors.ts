import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for browser CDS clients (the CDS Hooks Sandbox): allowed origins from config, `*` for development.
 * Preflights are answered here (204), before authentication: browsers send no Authorization on a preflight.
 */
export function corsForCdsClients(allowedOrigins: readonly string[]): RequestHandler {
  return cors({
    origin: allowedOrigins.includes('*') ? '*' : [...allowedOrigins],
    methods: 'GET, POST, OPTIONS',
    allowedHeaders: 'Authorization, Content-Type',
    exposedHeaders: 'x-request-id',
    maxAge: 600,
  });
}

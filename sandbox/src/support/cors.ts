import cors from 'cors';

/**
 * Permissive CORS for browser clients (the CDS Hooks Sandbox, the SMART app). Bearer tokens, never cookies, carry
 * authority here, so a wildcard origin is safe for this development-only server. Preflights are answered with 204.
 */
export const applyCors = cors({
  origin: '*',
  methods: 'GET, POST, PUT, DELETE, OPTIONS',
  allowedHeaders: 'Content-Type, Authorization, Accept, Prefer, If-Match, If-None-Exist',
  exposedHeaders: 'Location, ETag, Content-Location, WWW-Authenticate',
  maxAge: 600,
});

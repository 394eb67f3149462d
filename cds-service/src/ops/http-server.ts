import { createServer, type RequestListener, type Server } from 'node:http';
import type { ServiceConfig } from '../config';

/**
 * How often Node checks `headersTimeout`/`requestTimeout` (its default, 30 s, would let a slow client outlive
 * both timeouts by up to that much).
 */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;

/** Longer than the usual load balancer idle timeout (60 s), so the balancer closes idle connections first. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** An http server whose slow clients are cut off: headers within `headersTimeoutMs`, the whole request within `requestTimeoutMs`. */
export function createHttpServer(handler?: RequestListener): Server {
  const server = createServer({ connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS });
  if (handler) server.on('request', handler);
  return server;
}

export function applyHttpTimeouts(server: Server, config: ServiceConfig): void {
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
}

import type { Server } from 'node:http';

/**
 * Stops accepting connections and lets in-flight requests finish: idle keep-alive connections close now, busy
 * ones as soon as their response has finished. Resolves
 * true when every connection ended within `timeoutMs`, false when the rest had to be cut.
 */
export function drainServer(server: Server, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    // A connection whose last response just finished is idle: close it promptly rather than at its keep-alive timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const timer = setTimeout(() => {
      clearInterval(sweep);
      server.closeAllConnections();
      resolve(false);
    }, timeoutMs);
    timer.unref();
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(timer);
      resolve(true);
    });
    server.closeIdleConnections();
  });
}

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { createApp, type AppDeps, type CdsApp } from '../app';
import { parseConfig, type ServiceConfig } from '../config';
import { applyHttpTimeouts, createHttpServer } from '../ops/http-server';
import { createLogger } from '../ops/logger';

export interface RunningApp extends CdsApp {
  readonly baseUrl: string;
  readonly config: ServiceConfig;
  /** Every log line written while the app ran, raw. */
  readonly logs: string[];
  stop(): Promise<void>;
}

/** Starts the real app on 127.0.0.1:0 with captured logs; `env` overrides the test defaults. */
export async function startTestApp(
  env: Record<string, string | undefined>,
  deps: Partial<Omit<AppDeps, 'config' | 'logger'>> = {}
): Promise<RunningApp> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  // The public base URL must equal the address the test calls, so the port is reserved first.
  const server: Server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = parseConfig({
    FEEDBACK_DB_PATH: ':memory:',
    PUBLIC_BASE_URL: baseUrl,
    LOG_LEVEL: 'info',
    // The hook work on the event loop unless a test asks for workers (HOOK_WORKERS), so no test depends on how
    // fast worker threads load; the worker tests set it and await `hookWorkersReady()`.
    HOOK_WORKERS: '0',
    ...env,
  });
  const cds = createApp({ config, logger: createLogger(config.logLevel, sink), ...deps });
  applyHttpTimeouts(server, config);
  cds.setBoundPort(port);
  server.on('request', cds.app);
  return {
    ...cds,
    baseUrl,
    config,
    logs,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cds.close();
    },
  };
}

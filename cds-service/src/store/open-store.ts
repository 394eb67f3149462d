import type { ServiceConfig } from '../config';
import type { Logger } from '../ops/logger';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { ServiceStore } from './types';

/** The store the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite file (migrated). */
export async function openStore(config: ServiceConfig, logger: Logger): Promise<ServiceStore> {
  if (config.databaseUrl === undefined) return openDefaultStore(config);
  return openPostgresStore({
    connectionString: config.databaseUrl,
    suppressionDays: config.suppressionDays,
    poolSize: config.databasePoolSize,
    statementTimeoutMs: config.databaseTimeoutMs,
    onIdleError: (error) => logger.warn({ err: { message: error.message } }, 'PostgreSQL connection lost'),
  });
}

/** The embedded SQLite store, opened synchronously (hosts that embed the app and tests use it). */
export function openDefaultStore(config: ServiceConfig): ServiceStore {
  if (config.databaseUrl !== undefined) {
    throw new Error('DATABASE_URL is set: open the PostgreSQL store with openStore() and pass it to createApp');
  }
  return openSqliteStore({ path: config.feedbackDbPath, suppressionDays: config.suppressionDays });
}

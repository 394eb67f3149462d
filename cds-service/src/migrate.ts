import { ConfigError, parseConfig } from './config';
import { createLogger } from './ops/logger';
import { openStore } from './store/open-store';

/**
 * `npm run migrate -w cds-service` (or `node dist/migrate.js`): applies the store's schema migrations and exits.
 * The service also migrates at start; this command lets a deployment migrate once before rolling replicas.
 */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createLogger(config.logLevel);
  const store = await openStore(config, logger);
  logger.info({ store: store.kind }, 'store schema is up to date');
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Migration failed: ${String(error)}`}\n`);
  process.exit(1);
});

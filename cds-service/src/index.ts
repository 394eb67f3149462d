import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, parseConfig, type ServiceConfig } from './config';
import { drainServer } from './ops/drain';
import { applyHttpTimeouts, createHttpServer } from './ops/http-server';
import { createLogger, type Logger } from './ops/logger';
import { createMetrics } from './ops/metrics';
import { describeStartup, type StartupSummary } from './ops/startup-summary';
import { openStore } from './store/open-store';

/** Starts the CDS service: validated config, the store (migrated), listen, graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: ServiceConfig;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  warnAboutDevelopmentSettings(config, logger);
  let store;
  try {
    store = await openStore(config, logger);
  } catch (error) {
    logger.fatal({ err: { message: error instanceof Error ? error.message : String(error) } }, 'store unavailable');
    process.exit(1);
  }
  const cds = createApp({ config, logger, store, metrics: createMetrics({ collectDefaults: true }) });
  const server: Server = createHttpServer(cds.app);
  applyHttpTimeouts(server, config);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    cds.setBoundPort(port);
    logStartup(logger, port, store.kind, describeStartup(config, cds.publicBaseUrls()));
    logger.info({ siteConfigVersion: config.site.version }, 'site configuration (TACHYWATCH_SITE_CONFIG) in use');
  });
  const metricsServer = config.metricsPort === undefined ? undefined : createHttpServer(cds.metricsApp);
  if (metricsServer && config.metricsPort !== undefined) {
    applyHttpTimeouts(metricsServer, config);
    metricsServer.listen(config.metricsPort, config.metricsHost, () => {
      logger.info({ host: config.metricsHost, port: config.metricsPort }, 'metrics listening (GET /metrics)');
    });
  }

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: draining in-flight requests');
    cds.beginDrain();
    metricsServer?.close();
    drainServer(server, config.shutdownTimeoutMs)
      .then(async (drained) => {
        if (!drained) logger.warn('shutdown timeout reached: remaining connections closed');
        await cds.close();
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

function warnAboutDevelopmentSettings(config: ServiceConfig, logger: Logger): void {
  if (!config.requireJwt) {
    logger.warn(
      '!!! CDS_REQUIRE_JWT=false: CDS client authentication is DISABLED. Anyone who can reach this port can call the ' +
        'service. Local development only; never run like this with real patient data. !!!'
    );
  }
  if (config.corsOrigins.includes('*')) {
    logger.warn('CORS_ORIGINS=*: any browser origin may call the service (development only)');
  }
}

/** One line per list, so a tester can copy the exact values into the CDS client's configuration. */
function logStartup(logger: Logger, port: number, store: string, summary: StartupSummary): void {
  logger.info({ port, store, ...summary }, 'Tachywatch CDS service listening');
  logger.info(`Accepted JWT aud values (one per endpoint): ${summary.audiences.join(' ')}`);
  logger.info(`Trusted CDS client issuers (iss): ${summary.trustedIssuers.join(' ') || '(none)'}`);
  if (summary.allowedFhirServers.length === 0) {
    logger.warn('ALLOWED_FHIR_SERVERS is empty: only prefetch is used; a call that needs the FHIR server answers 412');
  } else {
    logger.info(`Allowed FHIR servers (fhirServer must be at or under one): ${summary.allowedFhirServers.join(' ')}`);
  }
}

void main();

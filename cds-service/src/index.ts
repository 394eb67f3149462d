import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, parseConfig } from './config';
import { createLogger } from './ops/logger';
import { applyHttpTimeouts, createHttpServer } from './ops/http-server';
import { createMetrics } from './ops/metrics';
import { describeStartup, type StartupSummary } from './ops/startup-summary';

/** Starts the CDS service: validated config, listen, clean shutdown on SIGINT/SIGTERM. */
function main(): void {
  let config;
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
  if (!config.requireJwt) {
    logger.warn(
      '!!! CDS_REQUIRE_JWT=false: CDS client authentication is DISABLED. Anyone who can reach this port can call the ' +
        'service. Local development only; never run like this with real patient data. !!!'
    );
  }
  if (config.corsOrigins.includes('*'))
    logger.warn('CORS_ORIGINS=*: any browser origin may call the service (development only)');
  const cds = createApp({ config, logger, metrics: createMetrics({ collectDefaults: true }) });
  const server: Server = createHttpServer(cds.app);
  applyHttpTimeouts(server, config);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    cds.setBoundPort(port);
    logStartup(logger, port, describeStartup(config, cds.publicBaseUrls()));
    logger.info({ siteConfigVersion: config.site.version }, 'site configuration (TACHYWATCH_SITE_CONFIG) in use');
  });
  const metricsServer = config.metricsPort === undefined ? undefined : createHttpServer(cds.metricsApp);
  if (metricsServer && config.metricsPort !== undefined) {
    applyHttpTimeouts(metricsServer, config);
    metricsServer.listen(config.metricsPort, config.metricsHost, () => {
      logger.info({ host: config.metricsHost, port: config.metricsPort }, 'metrics listening (GET /metrics)');
    });
  }
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    metricsServer?.close();
    server.close(() => {
      cds.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 5000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/** One line per list, so a tester can copy the exact values into the CDS client's configuration. */
function logStartup(logger: ReturnType<typeof createLogger>, port: number, summary: StartupSummary): void {
  logger.info({ port, ...summary }, 'Tachywatch CDS service listening');
  logger.info(`Accepted JWT aud values (one per endpoint): ${summary.audiences.join(' ')}`);
  logger.info(`Trusted CDS client issuers (iss): ${summary.trustedIssuers.join(' ') || '(none)'}`);
  if (summary.allowedFhirServers.length === 0) {
    logger.warn('ALLOWED_FHIR_SERVERS is empty: only prefetch is used; a call that needs the FHIR server answers 412');
  } else {
    logger.info(`Allowed FHIR servers (fhirServer must be at or under one): ${summary.allowedFhirServers.join(' ')}`);
  }
}

main();

import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, parseConfig } from './config';
import { createLogger } from './ops/logger';
import { createMetrics } from './ops/metrics';

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
  const server: Server = cds.app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      { port, publicBaseUrls: config.publicBaseUrls, trustedIssuers: config.trustedClients.map((c) => c.iss) },
      'Tachywatch CDS service listening'
    );
  });
  server.keepAliveTimeout = 65_000;
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
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

main();

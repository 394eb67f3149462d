// The public API of @tachywatch/cds-service for hosts that run the service in-process (the sandbox, benchmarks):
// the app factory, the environment configuration parser and the logger the service expects.
export * from './app';
export { CDS_HOOKS_SANDBOX_CLIENT, ConfigError, parseConfig, type ServiceConfig, type TrustedClient } from './config';
export { createLogger, type Logger } from './ops/logger';

import { existsSync } from 'node:fs';
import { findPostgresBinDir } from './postgres-cluster';

export const NGINX_PATH = '/usr/sbin/nginx';
export const POSTGRES_BIN_DIR = findPostgresBinDir();

/**
 * Whether the suites that need Debian's PostgreSQL (and nginx) run (`describe.runIf(...)`). Without them they are
 * skipped with a notice, except with CI=true, where they run and fail on the missing binary.
 */
export const postgresAvailable = POSTGRES_BIN_DIR !== undefined || process.env.CI === 'true';
export const nginxAvailable = existsSync(NGINX_PATH) || process.env.CI === 'true';

if (!postgresAvailable || !nginxAvailable) {
  // A one-line notice in test support only: the skipped suite must say how to enable it.
  // eslint-disable-next-line no-console
  console.warn('Skipping the PostgreSQL/nginx deployment tests: install them with apt-get install -y postgresql nginx');
}

export function requirePostgresBinDir(): string {
  if (POSTGRES_BIN_DIR === undefined) {
    throw new Error('PostgreSQL server binaries are missing: install them with apt-get install -y postgresql');
  }
  return POSTGRES_BIN_DIR;
}

export function requireNginx(): string {
  if (!existsSync(NGINX_PATH)) throw new Error(`${NGINX_PATH} is missing: install it with apt-get install -y nginx`);
  return NGINX_PATH;
}

import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCdsService, type BuildReport } from '../scripts/build';
import { SQLITE_SCHEMA_VERSION } from './store/sqlite-migrations';
import { buildPatientViewRequest } from './testing/harness';
import { buildProductionInstall } from '@tachywatch/build-tools/testing';
import { startServiceProcess, type ServiceProcess } from './testing/service-process';
import { startTestApp } from './testing/start-app';

const SERVICE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = resolve(SERVICE_ROOT, '..');
const manifest = JSON.parse(readFileSync(join(SERVICE_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let report: BuildReport;
let install: ReturnType<typeof buildProductionInstall>;

beforeAll(async () => {
  report = await buildCdsService(join(SERVICE_ROOT, `.dist-test-${process.pid}`));
  install = buildProductionInstall({
    repoRoot: REPO_ROOT,
    workspace: 'cds-service',
    distDir: report.outdir,
    entry: 'index.js',
    extraFiles: ['cds-hooks-sandbox.jwks.json', 'package.json'],
  });
}, 60_000);
afterAll(() => {
  rmSync(report.outdir, { recursive: true, force: true });
  rmSync(install.root, { recursive: true, force: true });
});

describe('the build (npm run build)', () => {
  it('emits plain JavaScript with source maps, importing only production dependencies (tsx is not one)', () => {
    expect(report.files).toEqual(expect.arrayContaining(['index.js', 'index.js.map', 'migrate.js', 'migrate.js.map']));
    const code = readFileSync(join(report.outdir, 'index.js'), 'utf8');
    expect(code).toContain('//# sourceMappingURL=index.js.map');
    expect(code).not.toMatch(/from ["']@tachywatch\/shared["']/);
    for (const imported of report.runtimeImports) expect(Object.keys(manifest.dependencies)).toContain(imported);
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(install.packages).not.toContain('tsx');
    expect(install.packages).not.toContain('vitest');
  });
});

describe('the built service, run by node with only its production dependencies', { timeout: 60_000 }, () => {
  let fhir: Server;
  let fhirUrl: string;
  let fhirRequests = 0;
  let releaseFhir: () => void = () => undefined;
  let service: ServiceProcess;

  beforeAll(async () => {
    fhir = createServer((req, res) => {
      fhirRequests += 1;
      const answer = (): void => {
        res.setHeader('content-type', 'application/fhir+json');
        res.end(
          req.url?.startsWith('/Patient/')
            ? JSON.stringify({ resourceType: 'Patient', id: 'p1' })
            : JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [] })
        );
      };
      // The first request is held until the test releases it: a hook in flight during shutdown.
      if (fhirRequests === 1) releaseFhir = answer;
      else answer();
    });
    await new Promise<void>((done) => fhir.listen(0, '127.0.0.1', done));
    const address = fhir.address();
    fhirUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    service = await startServiceProcess({
      entry: install.entry,
      nodeArgs: ['--preserve-symlinks', '--preserve-symlinks-main'],
      env: {
        CDS_REQUIRE_JWT: 'false',
        FEEDBACK_DB_PATH: ':memory:',
        ALLOWED_FHIR_SERVERS: fhirUrl,
        FHIR_TIMEOUT_MS: '20000',
        CDS_DEADLINE_MS: '20000',
        SHUTDOWN_TIMEOUT_MS: '15000',
      },
    });
  });
  afterAll(async () => {
    service?.child.kill('SIGKILL');
    await new Promise<void>((done) => fhir.close(() => done()));
  });

  it('answers liveness and readiness separately', async () => {
    expect(await (await fetch(`${service.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${service.url}/readyz`)).json()).toEqual({ status: 'ready', store: 'sqlite' });
  });

  it('on SIGTERM stops accepting, lets the in-flight hook finish, then exits 0', async () => {
    const body = JSON.stringify({ ...buildPatientViewRequest('p1'), fhirServer: fhirUrl });
    const inFlight = new Promise<{ status: number; connection: string | undefined; text: string }>((done, fail) => {
      const req = request(
        `${service.url}/cds-services/tachyphylaxis-patient-view`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => done({ status: res.statusCode ?? 0, connection: res.headers.connection, text }));
        }
      );
      req.on('error', fail);
      req.end(body);
    });
    await expect.poll(() => fhirRequests, { timeout: 10_000 }).toBeGreaterThan(0);

    service.child.kill('SIGTERM');
    await expect
      .poll(() => service.logLines().some((line) => line.msg === 'shutting down: draining in-flight requests'))
      .toBe(true);
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
    expect(service.child.exitCode).toBeNull();

    releaseFhir();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.text)).toEqual({ cards: [] });
    await service.closed;
    expect(service.child.exitCode).toBe(0);
    const lines = service.logLines();
    expect(lines.map((line) => line.msg)).toContain('stopped');
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', route: 'invoke', status: 200 }));
  });
});

describe('the migrate command (node dist/migrate.js)', () => {
  it('brings a new SQLite store to the current schema version and exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tachywatch-migrate-'));
    try {
      const path = join(dir, 'store.sqlite');
      const result = spawnSync(process.execPath, [join(dirname(install.entry), 'migrate.js')], {
        env: { PATH: process.env.PATH ?? '', CDS_REQUIRE_JWT: 'false', FEEDBACK_DB_PATH: path, LOG_LEVEL: 'info' },
        encoding: 'utf8',
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('store schema is up to date');
      const db = new Database(path, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration with the variable named, exit 1', () => {
    const result = spawnSync(process.execPath, [join(dirname(install.entry), 'migrate.js')], {
      env: { PATH: process.env.PATH ?? '', CDS_REQUIRE_JWT: 'false', DATABASE_URL: 'mysql://nope' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: must be a PostgreSQL connection URL');
  });
});

describe('readiness', () => {
  it('turns false while draining, while liveness stays true', async () => {
    const app = await startTestApp({ CDS_REQUIRE_JWT: 'false' });
    try {
      expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
      app.beginDrain();
      const ready = await fetch(`${app.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'draining' });
      expect(ready.headers.get('connection')).toBe('close');
      expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('is false when the store cannot answer', async () => {
    const app = await startTestApp({ CDS_REQUIRE_JWT: 'false' });
    try {
      await app.store.close();
      const ready = await fetch(`${app.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'store-unreachable', store: 'sqlite' });
    } finally {
      await app.stop();
    }
  });
});

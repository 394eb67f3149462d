import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_ANCHOR, listFixtures } from '@tachywatch/fixtures';
import { runCli } from '../src/cli';
import { generateBackendKeys } from '../src/keygen';
import { compareWithFixtureExpectations } from './fixture-export';
import { readRegistryRows } from './helpers';
import { startSandboxFhir, type RunningFhir } from './sandbox-server';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tw-registry-e2e-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(options: Parameters<typeof startSandboxFhir>[0] = {}): Promise<RunningFhir> {
  const fhir = await startSandboxFhir({ retryAfterSeconds: 0, pollsBeforeReady: 2, ...options });
  cleanups.push(() => fhir.close());
  return fhir;
}

/** Registers a backend-services client over HTTP (as an integration engineer would) and returns its id and key. */
async function registerClient(
  fhir: RunningFhir,
  scope = 'system/*.rs'
): Promise<{ clientId: string; keyPath: string }> {
  const keys = await generateBackendKeys(tempDir());
  const response = await fetch(`${fhir.origin}/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Tachywatch registry (test)',
      jwks: JSON.parse(readFileSync(keys.jwksPath, 'utf8')),
      scope,
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['client_credentials'],
    }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { client_id: string };
  return { clientId: body.client_id, keyPath: keys.privateKeyPath };
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: {},
  });
  return { code, stdout, stderr };
}

describe('registry from a live Bulk Data export of the sandbox (offline, end to end)', () => {
  it('authorizes as a backend service, exports the panel group, and classifies every fixture patient as its scenario says', async () => {
    const fhir = await start();
    const { clientId, keyPath } = await registerClient(fhir);
    const out = join(tempDir(), 'registry');
    const run = await cli([
      '--from',
      fhir.fhirBase,
      '--group',
      'tachywatch-panel',
      '--out',
      out,
      '--as-of',
      FIXTURE_ANCHOR,
      '--client-id',
      clientId,
      '--key',
      keyPath,
      '--workers',
      '2',
    ]);
    expect(run.stderr).not.toMatch(/registry: /);
    expect(run.code).toBe(0);
    const rows = readRegistryRows(out);
    expect(rows.map((row) => row.patientId).sort()).toEqual(
      listFixtures()
        .map((fixture) => fixture.patientId)
        .sort()
    );
    expect(compareWithFixtureExpectations(rows)).toEqual([]);
    expect(rows[0]?.item9).toBe(true);
    // The polls went through "in progress" first (Retry-After honoured), and the downloads were removed after the scan.
    expect(run.stderr).toMatch(/export: in progress/);
    expect(existsSync(join(out, 'download'))).toBe(false);
    expect(statSync(join(out, 'registry.csv')).mode & 0o777).toBe(0o600);
    // No patient identifier reaches the console.
    for (const fixture of listFixtures()) expect(run.stdout + run.stderr).not.toContain(fixture.patientId);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { transactionTime: string };
    expect(Date.parse(summary.transactionTime)).not.toBeNaN();
  });

  it('runs the documented sharded procedure: one export, n shard scans of the folder, one merge', async () => {
    const fhir = await start();
    const { clientId, keyPath } = await registerClient(fhir);
    const root = tempDir();
    const exportDir = join(root, 'export');
    const exported = await cli([
      'export',
      '--from',
      fhir.fhirBase,
      '--group',
      'tachywatch-panel',
      '--out',
      exportDir,
      '--client-id',
      clientId,
      '--key',
      keyPath,
    ]);
    expect(exported.code).toBe(0);
    expect(existsSync(join(exportDir, 'export.json'))).toBe(true);
    const shards = ['1/2', '2/2'].map((shard) => join(root, `shard-${shard[0]}`));
    for (const [index, dir] of shards.entries()) {
      const run = await cli([
        '--from',
        exportDir,
        '--out',
        dir,
        '--shard',
        `${index + 1}/2`,
        '--as-of',
        FIXTURE_ANCHOR,
        '--workers',
        '1',
      ]);
      expect(run.code).toBe(0);
    }
    const merged = join(root, 'merged');
    expect((await cli(['merge', '--out', merged, ...shards])).code).toBe(0);
    const rows = readRegistryRows(merged);
    expect(rows).toHaveLength(listFixtures().length);
    expect(compareWithFixtureExpectations(rows)).toEqual([]);
    const summary = JSON.parse(readFileSync(join(merged, 'summary.json'), 'utf8')) as { transactionTime?: string };
    expect(summary.transactionTime).toBeTruthy();
  });

  it('re-assesses only the patients an incremental (_since) export touches (changes and deletions), keeping everyone else', async () => {
    const fhir = await start();
    const { clientId, keyPath } = await registerClient(fhir);
    const out = join(tempDir(), 'registry');
    const args = [
      '--from',
      fhir.fhirBase,
      '--out',
      out,
      '--as-of',
      FIXTURE_ANCHOR,
      '--client-id',
      clientId,
      '--key',
      keyPath,
    ];
    expect((await cli(args)).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const patient = fhir.store.get('Patient', 'tw-sustained-remission') as fhir4.Patient & { id: string };
    fhir.store.put({ ...patient, gender: 'female' } as fhir4.Patient & { id: string });
    const observation = [...fhir.store.listForPatient('tw-no-relevant-data', 'Observation')][0]!;
    fhir.store.delete('Observation', observation.id!);
    const second = await cli([...args, '--since', 'last']);
    expect(second.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      assessed: number;
      patients: number;
      ingest: { deleted: number };
    };
    expect(summary.ingest.deleted).toBe(1);
    expect(summary.assessed).toBe(2);
    expect(summary.patients).toBe(listFixtures().length);
    expect(compareWithFixtureExpectations(readRegistryRows(out))).toEqual([]);
  });

  it('says clearly when the token is refused: unknown client, key not registered, scope not allowed', async () => {
    const fhir = await start();
    const { clientId, keyPath } = await registerClient(fhir);
    const other = await generateBackendKeys(tempDir());
    const base = ['--from', fhir.fhirBase, '--out', join(tempDir(), 'x')];
    const unknown = await cli([...base, '--client-id', 'nobody', '--key', keyPath]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/refused the token request \(invalid_client/);
    const wrongKey = await cli([...base, '--client-id', clientId, '--key', other.privateKeyPath]);
    expect(wrongKey.stderr).toMatch(/refused the token request \(invalid_client/);
    const wrongScope = await cli([...base, '--client-id', clientId, '--key', keyPath, '--scope', 'patient/*.rs']);
    expect(wrongScope.stderr).toMatch(/refused the token request \(invalid_scope/);
  });

  it('reports an export that fails on the server and one that expires, without a stack trace', async () => {
    const runAgainst = async (options: Parameters<typeof startSandboxFhir>[0]) => {
      const fhir = await start(options);
      const client = await registerClient(fhir);
      const args = ['--from', fhir.fhirBase, '--out', join(tempDir(), 'out'), '--client-id', client.clientId];
      return cli([...args, '--key', client.keyPath]);
    };
    const failed = await runAgainst({ maxExportResources: 10 });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/export failed on the server \(HTTP 500: .*over this server's limit/);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    const expired = await runAgainst({ jobSeconds: 0 });
    expect(expired.code).toBe(1);
    expect(expired.stderr).toMatch(/expired or was cancelled/);
  });

  it('rejects bad command lines with a pointer to --help', async () => {
    expect((await cli(['--from', '/no/such/folder', '--out', join(tempDir(), 'x')])).stderr).toMatch(
      /not a readable folder/
    );
    expect((await cli(['--frm', 'x'])).code).toBe(2);
    expect((await cli(['--from', 'x', '--out', 'y', '--shard', '5/4'])).stderr).toMatch(/--shard must be i\/n/);
    expect((await cli(['--help'])).stdout).toMatch(/--shard <i\/n>/);
  });
});

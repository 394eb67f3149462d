import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_ANCHOR, listFixtures } from '../../fixtures/src/load';
import { parseUploadArgs, uploadFixtures } from '../../fixtures/scripts/upload';
import { createFhirServer } from './fhir/router';
import { ResourceStore } from './fhir/store';
import { listen, type RunningServer } from './support/listen';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** The sandbox FHIR server, optionally refusing some Bundle types like servers without transaction support. */
async function startServer(refuse: readonly string[]): Promise<{ store: ResourceStore; base: string; seen: string[] }> {
  const store = new ResourceStore();
  const seen: string[] = [];
  const app = express();
  app.use('/fhir', express.json({ type: 'application/fhir+json', limit: '50mb' }), (req, res, next) => {
    const type = (req.body as { type?: string } | undefined)?.type;
    seen.push(`${req.method} ${type ?? req.path}`);
    if (req.method === 'POST' && type && refuse.includes(type)) {
      res.status(405).json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] });
      return;
    }
    next();
  });
  app.use('/fhir', createFhirServer({ store, access: { mode: 'open' } }));
  running = await listen(app, 0);
  return { store, base: `${running.url}/fhir`, seen };
}

const FIRST = listFixtures()[0]?.name ?? '';
const quiet = (): void => undefined;

describe('fixtures upload', () => {
  it('loads every fixture as a transaction', async () => {
    const { store, base, seen } = await startServer([]);
    const results = await uploadFixtures({ server: base, anchor: FIXTURE_ANCHOR }, { log: quiet });
    expect(results.map((result) => result.mode)).toEqual(listFixtures().map(() => 'transaction'));
    expect(seen.every((line) => line === 'POST transaction')).toBe(true);
    expect(store.count()).toBe(results.reduce((sum, result) => sum + result.entries, 0));
    const patientId = listFixtures()[0]?.patientId ?? '';
    expect(store.get('Patient', patientId)).toBeDefined();
  });

  it('falls back to a batch, then to PUT per resource, when the server refuses', async () => {
    const batch = await startServer(['transaction']);
    const viaBatch = await uploadFixtures({ server: batch.base, only: [FIRST] }, { log: quiet });
    expect(viaBatch[0]?.mode).toBe('batch');
    expect(batch.store.count()).toBe(viaBatch[0]?.entries);
    await running?.close();

    const put = await startServer(['transaction', 'batch']);
    const viaPut = await uploadFixtures({ server: put.base, only: [FIRST] }, { log: quiet });
    expect(viaPut[0]?.mode).toBe('put');
    expect(put.store.count()).toBe(viaPut[0]?.entries);
    expect(put.seen.filter((line) => line.startsWith('PUT')).length).toBe(viaPut[0]?.entries);
  });

  it('sends nothing in a dry run and prints each request', async () => {
    const { store, base, seen } = await startServer([]);
    const lines: string[] = [];
    await uploadFixtures({ server: base, dryRun: true, only: [FIRST] }, { log: (line) => lines.push(line) });
    expect(seen).toEqual([]);
    expect(store.count()).toBe(0);
    expect(lines[0]).toContain(`POST ${base}`);
    expect(lines.some((line) => line.startsWith('  PUT Patient/'))).toBe(true);
  });

  it('parses the command line and refuses unknown fixtures', async () => {
    expect(parseUploadArgs(['--server', 'http://x/fhir', '--dry-run', '--only', 'a, b'])).toMatchObject({
      server: 'http://x/fhir',
      dryRun: true,
      only: ['a', 'b'],
    });
    expect(() => parseUploadArgs(['--dry-run'])).toThrow(/--server/);
    await expect(uploadFixtures({ server: 'http://127.0.0.1:9/fhir', only: ['nope'] }, { log: quiet })).rejects.toThrow(
      /Unknown fixture/
    );
    await expect(uploadFixtures({ server: 'http://127.0.0.1:9/fhir', only: [FIRST] }, { log: quiet })).rejects.toThrow(
      /Cannot reach http:\/\/127\.0\.0\.1:9\/fhir/
    );
  });
});

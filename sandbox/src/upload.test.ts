import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_ANCHOR, listFixtures } from '@tachywatch/fixtures';
import { parseUploadArgs, uploadFixtures } from '@tachywatch/fixtures/upload';
import { createFhirServer } from './fhir/router';
import { ResourceStore } from '@tachywatch/fhir-core';
import { listen, type RunningServer } from './support/listen';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/**
 * The sandbox FHIR server, optionally refusing some Bundle types like servers without transaction support, or
 * (like Medplum) transactions over `maxEntries`, answering with the OperationOutcome text in `details.text`; with
 * `referentialIntegrity`, a transaction that refers to a resource the server does not have and does not carry fails.
 */
async function startServer(
  refuse: readonly string[],
  limits: { maxEntries?: number; referentialIntegrity?: boolean } = {}
): Promise<{ store: ResourceStore; base: string; seen: string[]; sizes: number[] }> {
  const store = new ResourceStore();
  const seen: string[] = [];
  const sizes: number[] = [];
  const app = express();
  app.use('/fhir', express.json({ type: 'application/fhir+json', limit: '50mb' }), (req, res, next) => {
    const body = req.body as fhir4.Bundle | undefined;
    const type = body?.type;
    seen.push(`${req.method} ${type ?? req.path}`);
    if (req.method === 'POST' && type && refuse.includes(type)) {
      res.status(405).json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] });
      return;
    }
    if (req.method === 'POST' && type === 'transaction') {
      const entries = body?.entry ?? [];
      sizes.push(entries.length);
      if (limits.maxEntries !== undefined && entries.length > limits.maxEntries) {
        res.status(400).json({
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: 'invalid',
              details: { text: `Transaction bundles are limited to ${limits.maxEntries} entries` },
            },
          ],
        });
        return;
      }
      if (limits.referentialIntegrity && !refersOnlyToKnown(store, entries)) {
        res.status(400).json({
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'processing', details: { text: 'Reference to a missing resource' } }],
        });
        return;
      }
    }
    next();
  });
  app.use('/fhir', createFhirServer({ store, access: { mode: 'open' } }));
  running = await listen(app, 0);
  return { store, base: `${running.url}/fhir`, seen, sizes };
}

function refersOnlyToKnown(store: ResourceStore, entries: readonly fhir4.BundleEntry[]): boolean {
  const carried = new Set(entries.map((entry) => `${entry.resource?.resourceType ?? ''}/${entry.resource?.id ?? ''}`));
  const references = JSON.stringify(entries).match(/"reference":"[A-Za-z]+\/[^"]+"/g) ?? [];
  return references.every((match) => {
    const reference = match.slice('"reference":"'.length, -1);
    const [type = '', id = ''] = reference.split('/');
    return carried.has(reference) || store.get(type, id) !== undefined;
  });
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

  it('splits a transaction the server finds too large, at the limit its OperationOutcome names', async () => {
    const { store, base, sizes } = await startServer([], { maxEntries: 50, referentialIntegrity: true });
    const lines: string[] = [];
    const results = await uploadFixtures(
      { server: base, only: ['long-history', FIRST], anchor: FIXTURE_ANCHOR },
      { log: (line) => lines.push(line) }
    );
    const longHistory = results.find((result) => result.fixture === 'long-history');
    expect(longHistory?.mode).toBe('split-transaction');
    expect(longHistory?.entries).toBeGreaterThan(500);
    expect(store.count()).toBe(results.reduce((sum, result) => sum + result.entries, 0));
    // One refused whole transaction, then parts of 50 (each referring only to what the server already had).
    expect(sizes.filter((size) => size > 50)).toHaveLength(1);
    expect(lines.join('\n')).toContain('Transaction bundles are limited to 50 entries');
  });

  it('--max-entries splits up front, referenced resources first', async () => {
    const { store, base, sizes } = await startServer([], { maxEntries: 10, referentialIntegrity: true });
    const results = await uploadFixtures({ server: base, only: [FIRST], maxEntries: 10 }, { log: quiet });
    expect(results[0]?.mode).toBe('split-transaction');
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    expect(store.count()).toBe(results[0]?.entries);
    expect(parseUploadArgs(['--server', 'http://x/fhir', '--max-entries', '50']).maxEntries).toBe(50);
    expect(() => parseUploadArgs(['--server', 'http://x/fhir', '--max-entries', '0'])).toThrow(/--max-entries/);
  });

  it("prints the server's OperationOutcome text when an upload fails", async () => {
    const app = express();
    app.use((_req, res) => {
      res.status(422).json({
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'business-rule', details: { text: 'Patient.identifier system not allowed' } },
        ],
      });
    });
    running = await listen(app, 0);
    await expect(uploadFixtures({ server: `${running.url}/fhir`, only: [FIRST] }, { log: quiet })).rejects.toThrow(
      /HTTP 422: business-rule: Patient\.identifier system not allowed/
    );
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

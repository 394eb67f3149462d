import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listFixtures } from '@tachywatch/fixtures';
import { listNdjsonFiles } from '../src/ingest';
import { scanExport } from '../src/run-registry';
import { NdjsonExportWriter } from '../src/synthetic/ndjson-export-writer';
import { compareWithFixtureExpectations, writeFixtureExport } from './fixture-export';
import { createTempDirs, readRegistryRows, testScanOptions } from './helpers';

const temp = createTempDirs('tw-registry-');
const tempDir = temp.make;
afterEach(temp.removeAll);

describe('scanning an export folder', () => {
  it('classifies every fixture patient as its scenario says, item 9 first, in owner-only files', async () => {
    const input = tempDir();
    await (await writeFixtureExport(input)).close();
    const out = join(tempDir(), 'out');
    const summary = await scanExport({
      ...testScanOptions(out),
      files: listNdjsonFiles(input),
      incremental: false,
      workers: 2,
    });
    const rows = readRegistryRows(out);
    expect(rows).toHaveLength(listFixtures().length);
    expect(summary.assessed).toBe(listFixtures().length);
    expect(summary.failures).toBe(0);
    expect(compareWithFixtureExpectations(rows)).toEqual([]);
    const firstNotItem9 = rows.findIndex((row) => !row.item9);
    expect(rows.slice(firstNotItem9).some((row) => row.item9)).toBe(false);
    expect(rows[0]?.item9).toBe(true);
    for (const file of ['registry.csv', 'registry.ndjson', 'report.html', 'summary.json', 'index.sqlite']) {
      expect(statSync(join(out, file)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(out).mode & 0o777).toBe(0o700);
    const csv = readFileSync(join(out, 'registry.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^patient,status,item9_positive/);
    expect(csv).toHaveLength(rows.length + 2);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src=|href=/i);
  });

  it('re-assesses both patients when an incremental export moves a resource from one patient to another', async () => {
    const input = tempDir();
    await (await writeFixtureExport(input)).close();
    const out = join(tempDir(), 'out');
    const options = testScanOptions(out);
    await scanExport({ ...options, files: listNdjsonFiles(input), incremental: false });
    const moved = readFileSync(join(input, 'Observation.ndjson'), 'utf8')
      .split('\n')
      .find((line) => line.includes('"Patient/tw-classic-ssri-tachyphylaxis"')) as string;
    const changes = tempDir();
    const writer = new NdjsonExportWriter(changes);
    await writer.writeLine(
      'Observation',
      moved.replace('"Patient/tw-classic-ssri-tachyphylaxis"', '"Patient/tw-never-responded"')
    );
    await writer.close();
    const summary = await scanExport({ ...options, files: listNdjsonFiles(changes), incremental: true });
    expect(summary.assessed).toBe(2);
    expect(summary.patients).toBe(listFixtures().length);
  });

  it('applies an incremental export’s deletion Bundles: a deleted Patient leaves the registry, a deleted resource re-assesses its patient', async () => {
    const input = tempDir();
    await (await writeFixtureExport(input)).close();
    const out = join(tempDir(), 'out');
    const options = testScanOptions(out);
    await scanExport({ ...options, files: listNdjsonFiles(input), incremental: false });
    const observation = JSON.parse(
      readFileSync(join(input, 'Observation.ndjson'), 'utf8')
        .split('\n')
        .find((line) => line.includes('"Patient/tw-classic-ssri-tachyphylaxis"')) as string
    ) as { id: string };
    const changes = tempDir();
    const writer = new NdjsonExportWriter(join(changes, 'deleted'));
    await writer.writeLine(
      'Bundle',
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { request: { method: 'DELETE', url: 'Patient/tw-positive-item-9' } },
          { request: { method: 'DELETE', url: `Observation/${observation.id}` } },
          { request: { method: 'DELETE', url: 'Observation/not-in-the-index' } },
        ],
      })
    );
    await writer.writeLine('Bundle', '{"resourceType":"Patient","id":"x"}');
    await writer.close();
    const summary = await scanExport({
      ...options,
      files: [],
      deletedFiles: listNdjsonFiles(join(changes, 'deleted')),
      incremental: true,
    });
    expect(summary.ingest.deleted).toBe(2);
    expect(summary.ingest.notResource).toBe(1);
    expect(summary.assessed).toBe(1);
    const rows = readRegistryRows(out);
    expect(rows).toHaveLength(listFixtures().length - 1);
    expect(rows.some((row) => row.patientId === 'tw-positive-item-9')).toBe(false);
  });
});

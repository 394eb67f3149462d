import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_ANCHOR, loadFixtureResources } from '@tachywatch/fixtures';
import { listNdjsonFiles } from '../src/ingest';
import { scanExport } from '../src/run-registry';
import { NdjsonExportWriter } from '../src/synthetic/ndjson-export-writer';
import { createTempDirs, readRegistryRows, testScanOptions } from './helpers';

const temp = createTempDirs('tw-registry-medication-');
afterEach(temp.removeAll);

describe('Medication resources referenced from a patient’s orders and fills', () => {
  it('are joined to the patients that reference them, so a drug known only by reference is still recognised', async () => {
    const input = temp.make();
    const writer = new NdjsonExportWriter(input);
    const medications = new Map<string, unknown>();
    for (const resource of loadFixtureResources('classic-ssri-tachyphylaxis', { anchor: FIXTURE_ANCHOR })) {
      const record = resource as unknown as Record<string, unknown>;
      const concept = record.medicationCodeableConcept;
      if (concept === undefined) {
        await writer.write(resource);
        continue;
      }
      const id = `med-${medications.size + 1}`;
      medications.set(id, { resourceType: 'Medication', id, code: concept });
      const { medicationCodeableConcept: _concept, ...rest } = record;
      const withReference = {
        ...rest,
        resourceType: resource.resourceType,
        medicationReference: { reference: `Medication/${id}` },
      };
      await writer.write(withReference);
    }
    for (const medication of medications.values()) await writer.write(medication as { resourceType: string });
    await writer.close();
    expect(medications.size).toBeGreaterThan(0);
    const out = join(temp.make(), 'out');
    await scanExport({ ...testScanOptions(out), files: listNdjsonFiles(input), incremental: false });
    const [row] = readRegistryRows(out);
    expect(row?.status).toBe('possible');
    expect(row?.agentId).toBe('sertraline');
  });
});

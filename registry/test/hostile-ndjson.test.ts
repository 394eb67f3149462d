import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_ANCHOR, listFixtures } from '@tachywatch/fixtures';
import { EXIT_INCOMPLETE, runCli } from '../src/cli';
import { listNdjsonFiles } from '../src/ingest';
import { scanExport } from '../src/run-registry';
import { WHOLE_POPULATION, parseShard } from '../src/shard';
import { mergeShards } from '../src/merge';
import { compareWithFixtureExpectations, writeFixtureExport } from './fixture-export';
import { createTempDirs, QUIET, readRegistryRows } from './helpers';

const temp = createTempDirs('tw-registry-hostile-');
const tempDir = temp.make;
afterEach(temp.removeAll);

function scan(input: string, out: string, shard = WHOLE_POPULATION, maxResourcesPerPatient?: number) {
  return scanExport({
    files: listNdjsonFiles(input),
    outDir: out,
    shard,
    asOf: FIXTURE_ANCHOR,
    incremental: false,
    serverBases: ['https://ehr.example.org/fhir'],
    workers: 1,
    maxLineBytes: 64 * 1024,
    progress: QUIET,
    ...(maxResourcesPerPatient !== undefined ? { maxResourcesPerPatient } : {}),
  });
}

describe('hostile NDJSON', () => {
  it('counts and skips bad lines, huge lines, unknown patients, unprovable subjects and duplicate ids; never crashes', async () => {
    const input = tempDir();
    const writer = await writeFixtureExport(input);
    const observation = (id: string, subject: unknown) =>
      JSON.stringify({
        resourceType: 'Observation',
        id,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
        subject,
        effectiveDateTime: '2026-01-10',
        valueInteger: 27,
      });
    await writer.writeLine('Observation', '{"resourceType":"Observation","id":'); // truncated JSON
    await writer.writeLine('Observation', 'not json at all');
    await writer.writeLine('Observation', '[1,2,3]');
    await writer.writeLine('Observation', '{"resourceType":"Observation"}'); // no id
    await writer.writeLine('Observation', '{"resourceType":"Observation","id":"bad id with spaces"}');
    await writer.writeLine('Observation', `{"resourceType":"Observation","id":"huge","note":"${'x'.repeat(200_000)}"}`);
    await writer.writeLine('Condition', '\u0000\u0001\u0002');
    // A resource for a patient the export does not hold.
    await writer.writeLine('Observation', observation('orphan-1', { reference: 'Patient/not-in-export' }));
    // Subjects that do not provably name one patient: every one must be dropped, not credited to the patient.
    const target = 'tw-sustained-remission';
    const unprovable = [
      { identifier: { system: 'urn:mrn', value: '123' } },
      { reference: `urn:uuid:3f0e1d2c-0000-4000-8000-000000000000` },
      { reference: `patient/${target}` },
      { reference: 'Group/tachywatch-panel' },
      { display: 'Sustained Remission' },
      { reference: '#contained' },
      { reference: `Patient?identifier=urn:mrn|123` },
      { reference: `https://other.example.org/fhir/Patient/${target}` },
      'Patient/tw-sustained-remission',
    ];
    for (const [index, subject] of unprovable.entries()) {
      await writer.writeLine('Observation', observation(`unprovable-${index}`, subject));
    }
    await writer.writeLine('Observation', observation('no-subject', undefined));
    // A duplicate id: the second copy (the latest PHQ-9 of a patient in remission, rewritten to 27) is skipped.
    const phq9Lines = readFileSync(join(input, 'Observation.ndjson'), 'utf8')
      .split('\n')
      .filter((line) => line.includes(`Patient/${target}"`) && line.includes('"44261-6"'));
    const duplicate = JSON.parse(phq9Lines[phq9Lines.length - 1] as string) as Record<string, unknown>;
    await writer.writeLine('Observation', JSON.stringify({ ...duplicate, valueQuantity: { value: 27 } }));
    // An absolute reference on the export's own server counts.
    await writer.writeLine(
      'Encounter',
      JSON.stringify({
        resourceType: 'Encounter',
        id: 'absolute-ok',
        status: 'finished',
        class: { code: 'AMB' },
        subject: { reference: `https://ehr.example.org/fhir/Patient/${target}` },
      })
    );
    await writer.close();

    const out = join(tempDir(), 'out');
    const summary = await scan(input, out);
    expect(summary.ingest.notJson).toBe(3);
    expect(summary.ingest.notResource).toBe(3);
    expect(summary.ingest.oversized).toBe(1);
    expect(summary.ingest.unknownPatient).toBe(1);
    expect(summary.ingest.unlinked).toBe(unprovable.length + 1);
    expect(summary.ingest.duplicate).toBe(1);
    expect(summary.problems.some((problem) => problem.reason.includes('longer than'))).toBe(true);
    expect(JSON.stringify(summary.problems)).not.toContain('tw-');
    const rows = readRegistryRows(out);
    expect(rows).toHaveLength(listFixtures().length);
    expect(compareWithFixtureExpectations(rows)).toEqual([]);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/lines over the size limit<\/td><td class="num">1</);
  });

  it('reports a record too large to read into memory as not assessed, and assesses everyone else', async () => {
    const input = tempDir();
    await (await writeFixtureExport(input)).close();
    const out = join(tempDir(), 'out');
    const summary = await scan(input, out, WHOLE_POPULATION, 500);
    expect(summary.failures).toBe(1);
    const rows = readRegistryRows(out);
    expect(rows).toHaveLength(listFixtures().length - 1);
    expect(rows.some((row) => row.patientId === 'tw-long-history')).toBe(false);
  });

  it('the CLI exits 3 when a record could not be assessed: outputs written, the run not a success', async () => {
    const input = tempDir();
    await (await writeFixtureExport(input)).close();
    const out = join(tempDir(), 'out');
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
      env: {},
    };
    const args = ['--from', input, '--out', out, '--as-of', FIXTURE_ANCHOR, '--workers', '1'];
    expect(await runCli([...args, '--max-resources', '500'], io)).toBe(EXIT_INCOMPLETE);
    expect(stdout).toContain('1 patient record(s) could not be assessed');
    expect(stderr).toContain('the outputs are written but incomplete (exit 3)');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { failures: number };
    expect(summary.failures).toBe(1);
    expect(readRegistryRows(out)).toHaveLength(listFixtures().length - 1);
    expect(await runCli([...args, '--max-resources', 'many'], io)).toBe(1);
    expect(stderr).toContain('--max-resources must be a positive integer');
    expect(await runCli(args, io)).toBe(0);
  });

  it('splits patients into disjoint shards whose merge equals a single run, in the same order', async () => {
    const input = tempDir();
    await (await writeFixtureExport(input)).close();
    const whole = join(tempDir(), 'whole');
    await scan(input, whole);
    const shardDirs: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const dir = join(tempDir(), `shard-${shard.replace('/', '-')}`);
      await scan(input, dir, parseShard(shard));
      shardDirs.push(dir);
    }
    const shardPatients = shardDirs.map((dir) => readRegistryRows(dir).map((row) => row.patientId));
    expect(shardPatients.flat().sort()).toEqual(
      readRegistryRows(whole)
        .map((row) => row.patientId)
        .sort()
    );
    expect(shardPatients.every((ids) => ids.length > 0)).toBe(true);
    const merged = join(tempDir(), 'merged');
    await mergeShards(shardDirs, merged);
    expect(readFileSync(join(merged, 'registry.ndjson'), 'utf8')).toBe(
      readFileSync(join(whole, 'registry.ndjson'), 'utf8')
    );
    expect(readFileSync(join(merged, 'registry.csv'), 'utf8')).toBe(readFileSync(join(whole, 'registry.csv'), 'utf8'));
    await expect(mergeShards(shardDirs.slice(0, 2), join(tempDir(), 'partial'))).rejects.toThrow(
      /Missing shard\(s\): 3\/3/
    );
  });
});

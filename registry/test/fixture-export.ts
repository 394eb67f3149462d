import { EXPECTATIONS, FIXTURE_ANCHOR, listFixtures, loadFixtureResources } from '@tachywatch/fixtures';
import type { RegistryRow } from '../src/registry-row';
import { NdjsonExportWriter } from '../src/synthetic/ndjson-export-writer';

/** Writes every fixture patient as a Bulk Data export folder (one NDJSON file per type), dated at the anchor. */
export async function writeFixtureExport(dir: string): Promise<NdjsonExportWriter> {
  const writer = new NdjsonExportWriter(dir);
  for (const fixture of listFixtures()) {
    for (const resource of loadFixtureResources(fixture.name, { anchor: FIXTURE_ANCHOR })) await writer.write(resource);
  }
  return writer;
}

/**
 * Checks registry rows against each fixture's written expectation (its scenario file's `expected`, the fixture
 * README's table): status, drug, confounders present, item 9, TRD. Returns one message per disagreement.
 */
export function compareWithFixtureExpectations(rows: readonly RegistryRow[]): string[] {
  const problems: string[] = [];
  const byPatient = new Map(rows.map((row) => [row.patientId, row]));
  for (const fixture of listFixtures()) {
    const expected = EXPECTATIONS[fixture.name];
    const row = byPatient.get(fixture.patientId);
    if (!expected) {
      problems.push(`${fixture.name}: no expectation`);
      continue;
    }
    if (!row) {
      problems.push(`${fixture.name}: missing from the registry`);
      continue;
    }
    const say = (what: string, want: unknown, got: unknown): void => {
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        problems.push(`${fixture.name}: ${what} expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
      }
    };
    say('status', expected.tachyphylaxis, row.status);
    if (expected.findingAgentId !== undefined) say('agent', expected.findingAgentId, row.agentId);
    say('confounders', [...expected.confoundersPresent].sort(), [...row.confoundersPresent].sort());
    say('item 9', expected.safetyFlags.includes('phq9-item9-positive'), row.item9);
    say('safety flags', [...expected.safetyFlags].sort(), [...row.safetyFlags].sort());
    if (expected.meetsTrd !== undefined) say('TRD', expected.meetsTrd, row.meetsTrd);
    if (expected.thaseRushStage !== undefined) say('Thase–Rush', expected.thaseRushStage, row.thaseRushStage);
  }
  return problems;
}

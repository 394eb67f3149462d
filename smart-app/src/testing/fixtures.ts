import classic from '@tachywatch/fixtures/patients/classic-ssri-tachyphylaxis.json';
import longHistory from '@tachywatch/fixtures/patients/long-history.json';
import noData from '@tachywatch/fixtures/patients/no-relevant-data.json';
import index from '@tachywatch/fixtures/index.json';

/**
 * The committed fixture bundles as they were generated (dates anchored on FIXTURE_ANCHOR). Imported as JSON because
 * under jsdom `import.meta.url` is not a file URL, so the fixtures' own file loader cannot run here.
 */
export const FIXTURE_ANCHOR = '2026-01-15';

const BUNDLES: Readonly<Record<string, unknown>> = {
  'classic-ssri-tachyphylaxis': classic,
  'long-history': longHistory,
  'no-relevant-data': noData,
};

export type TestFixtureName = 'classic-ssri-tachyphylaxis' | 'long-history' | 'no-relevant-data';

export function getFixtureResources(name: TestFixtureName): fhir4.FhirResource[] {
  const bundle = BUNDLES[name] as fhir4.Bundle;
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
}

export function getFixturePatientId(name: TestFixtureName): string {
  const info = (index as { name: string; patientId: string }[]).find((entry) => entry.name === name);
  if (!info) {
    throw new Error(`unknown fixture ${name}`);
  }
  return info.patientId;
}

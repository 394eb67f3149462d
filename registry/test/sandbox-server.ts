import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXTURE_ANCHOR, listFixtures, loadFixtureBundle } from '@tachywatch/fixtures';
import { buildPanelGroup, type BulkExportOptions } from '../../sandbox/src/fhir/bulk-export';
import { processBundle, ResourceStore } from '@tachywatch/fhir-core';
import { createFhirPlatform, type FhirPlatform } from '../../sandbox/src/platform';

export interface RunningFhir {
  readonly fhirBase: string;
  readonly origin: string;
  readonly store: ResourceStore;
  readonly platform: FhirPlatform;
  close(): Promise<void>;
}

/** The sandbox's FHIR + authorization server in-process on an ephemeral port, loaded with every fixture patient. */
export async function startSandboxFhir(bulkExport: Omit<BulkExportOptions, 'store'> = {}): Promise<RunningFhir> {
  const store = new ResourceStore();
  for (const fixture of listFixtures())
    processBundle(store, loadFixtureBundle(fixture.name, { anchor: FIXTURE_ANCHOR }));
  store.put(buildPanelGroup(listFixtures().map((fixture) => fixture.patientId)));
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const platform = await createFhirPlatform({ store, getOrigin: () => origin, bulkExport });
  server.on('request', platform.app);
  return {
    fhirBase: `${origin}/fhir`,
    origin,
    store,
    platform,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

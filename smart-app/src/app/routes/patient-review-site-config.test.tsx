import { render, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FhirClientProvider } from '../../lib/fhir-client-context';
import { buildFakeFhirServer } from '@tachywatch/fhir-core/msw';
import { FHIR_BASE, mswServer } from '../../testing/msw-server';
import { buildTestClient } from '../../testing/fhir-test-client';
import { FIXTURE_ANCHOR, getFixturePatientId, getFixtureResources } from '../../testing/fixtures';
import { PatientReview } from './patient-review';

beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

function renderClassic(siteConfig: Response): void {
  mswServer.use(
    ...buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: getFixtureResources('classic-ssri-tachyphylaxis') })
      .handlers,
    http.get('*/site-config.json', () => siteConfig)
  );
  const client = buildTestClient({ patient: getFixturePatientId('classic-ssri-tachyphylaxis') });
  render(
    <FhirClientProvider client={client}>
      <PatientReview now={FIXTURE_ANCHOR} />
    </FhirClientProvider>
  );
}

describe('the site configuration served next to the app', () => {
  it('judges with the site thresholds, as the cards do (60-day confirmation: the worsening is only emerging)', async () => {
    renderClassic(HttpResponse.json({ schemaVersion: 1, version: 'slow', thresholds: { confirmationMinDays: 60 } }));
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(summary).toHaveTextContent(/Worsening, not yet confirmed/);
  });

  it('refuses to show a review judged with other numbers when the file is invalid', async () => {
    renderClassic(HttpResponse.json({ schemaVersion: 1, version: 'x', thresholds: { adherencePdcMin: 80 } }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute('data-error-kind', 'config');
  });
});

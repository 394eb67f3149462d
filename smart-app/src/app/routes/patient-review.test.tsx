import { render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FhirClientProvider } from '../../lib/fhir-client-context';
import { LaunchError } from '../../lib/launch-error';
import { buildFakeFhirServer, type FakeFhirServerOptions } from '@tachywatch/fhir-core/msw';
import { FHIR_BASE, mswServer } from '../../testing/msw-server';
import { buildTestClient } from '../../testing/fhir-test-client';
import { FIXTURE_ANCHOR, getFixturePatientId, getFixtureResources } from '../../testing/fixtures';
import type { TestFixtureName } from '../../testing/fixtures';
import { App } from '../app';
import { PatientReview } from './patient-review';

beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

function serveFixture(fixture: TestFixtureName, options: Omit<FakeFhirServerOptions, 'baseUrl' | 'resources'> = {}) {
  const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: getFixtureResources(fixture), ...options });
  mswServer.use(...fake.handlers);
  return fake;
}

function renderReview(fixture: TestFixtureName, tokenResponse: Record<string, unknown> = {}) {
  const client = buildTestClient({ patient: getFixturePatientId(fixture), ...tokenResponse });
  return render(
    <FhirClientProvider client={client}>
      <PatientReview now={FIXTURE_ANCHOR} />
    </FhirClientProvider>
  );
}

describe('PatientReview with a real fhirclient Client and the fixtures', () => {
  it('shows per-query progress while loading, then the finding for classic SSRI tachyphylaxis', async () => {
    serveFixture('classic-ssri-tachyphylaxis', { delays: { Observation: 50 } });
    renderReview('classic-ssri-tachyphylaxis');

    const loading = screen.getByRole('region', { name: 'Loading the patient’s record' });
    expect(within(loading).getByRole('progressbar')).toBeInTheDocument();
    expect(within(loading).getByText(/PHQ-9 scores: loading/)).toBeInTheDocument();

    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(summary).toHaveTextContent(/Possible tachyphylaxis — review suggested on sertraline/i);
    expect(summary).toHaveTextContent(/sertraline 100 mg\/day/i);
    expect(summary).toHaveTextContent(/PHQ-9 baseline 19, lowest \d+ \(.+\), then \d+ \(.+\), and 14 \(1 Jan 2026\)/);
    expect(screen.getByRole('region', { name: 'Antidepressant trials' })).toHaveTextContent('Loss of response');
  });

  it('reads every page of a long history', async () => {
    const fake = serveFixture('long-history', { pageSize: 100 });
    renderReview('long-history');
    await screen.findByRole('region', { name: 'Summary' }, { timeout: 10_000 });
    const observationPages = fake.requests.filter((request) => request.url.pathname.endsWith('/Observation'));
    expect(observationPages.length).toBeGreaterThan(2);
    expect(observationPages.some((request) => request.url.searchParams.get('_getpagesoffset') !== null)).toBe(true);
  }, 15_000);

  it('shows the banner only when the token asks for it', async () => {
    serveFixture('classic-ssri-tachyphylaxis');
    const { unmount } = renderReview('classic-ssri-tachyphylaxis', { need_patient_banner: false });
    await screen.findByRole('region', { name: 'Summary' });
    expect(screen.queryByRole('complementary', { name: 'Patient' })).not.toBeInTheDocument();
    unmount();
    renderReview('classic-ssri-tachyphylaxis', { need_patient_banner: true });
    const banner = await screen.findByRole('complementary', { name: 'Patient' });
    expect(banner).toHaveTextContent(/Born \d+ \w+ \d{4} \(\d+ years\)/);
  });

  it('focuses the section named in appContext', async () => {
    serveFixture('classic-ssri-tachyphylaxis');
    renderReview('classic-ssri-tachyphylaxis', { appContext: JSON.stringify({ focus: 'options' }) });
    const options = await screen.findByRole('region', { name: 'Options to consider' });
    // The section takes focus in an effect that runs after the data-driven render commits: wait for that state
    // rather than assume the effect has already run when the region appears (it had not, once, on a loaded machine).
    await waitFor(() => expect(options).toHaveFocus());
  });

  it('degrades with a visible note when an optional query fails', async () => {
    serveFixture('classic-ssri-tachyphylaxis', { failures: { Procedure: 400 } });
    renderReview('classic-ssri-tachyphylaxis');
    await screen.findByRole('region', { name: 'Summary' });
    expect(screen.getByText(/Some data could not be loaded/)).toHaveTextContent('Procedures (TMS, ECT, psychotherapy)');
  });

  it('shows the relaunch message when a required query fails with an expired token', async () => {
    serveFixture('classic-ssri-tachyphylaxis', { failures: { MedicationRequest: 401 } });
    renderReview('classic-ssri-tachyphylaxis');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your session with the EHR has expired.');
    expect(alert).toHaveTextContent('relaunch Tachywatch from the patient’s chart');
  });

  it('says there is nothing to assess for a patient with no relevant data', async () => {
    serveFixture('no-relevant-data');
    renderReview('no-relevant-data');
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(summary).toHaveTextContent('No depression data in the record');
    expect(summary).toHaveTextContent('No PHQ-9 recorded');
    expect(screen.queryByRole('region', { name: 'Options to consider' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Treatment resistance' })).not.toBeInTheDocument();
  });
});

describe('App', () => {
  it.each([
    [
      new Error("No 'state' parameter found. Please (re)launch the app."),
      'This page was opened without a launch from the EHR.',
    ],
    [new Error('No state found! Please (re)launch the app.'), 'This launch could not be verified'],
    [new Error('invalid_scope: Simulated invalid scope error'), 'did not accept the permissions'],
    [new LaunchError('server-error'), 'could not answer'],
  ])('shows a relaunch message, never a blank page, when ready() fails (%#)', async (error, text) => {
    render(<App getClient={() => Promise.reject(error)} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(text);
    expect(alert).toHaveTextContent('Please close this window and relaunch Tachywatch');
  });

  it('shows the relaunch message when the token names no patient', async () => {
    render(<App getClient={() => Promise.resolve(buildTestClient({ patient: undefined }))} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The EHR did not say which patient to show.');
  });
});

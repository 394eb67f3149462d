import { REVIEW_QUESTIONNAIRE } from '@tachywatch/shared';
import { validateAgainstQuestionnaire, validateR4 } from '@tachywatch/shared/testing';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildFakeFhirServer } from '@tachywatch/fhir-core/msw';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FhirClientProvider } from '../../lib/fhir-client-context';
import { FHIR_BASE, mswServer } from '../../testing/msw-server';
import { buildTestClient } from '../../testing/fhir-test-client';
import { FIXTURE_ANCHOR, getFixturePatientId, getFixtureResources } from '../../testing/fixtures';
import { PatientReview } from './patient-review';

beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

const PATIENT = getFixturePatientId('classic-ssri-tachyphylaxis');
const READ = 'launch openid fhirUser patient/Patient.rs patient/QuestionnaireResponse.rs';
const WRITE = `${READ} patient/QuestionnaireResponse.cu patient/ServiceRequest.c`;

interface Posted {
  readonly url: string;
  readonly authorization: string | null;
  readonly body: fhir4.Resource;
}

/**
 * The classic fixture's FHIR server, the site configuration, and `POST /QuestionnaireResponse` answering with the
 * given responses in turn (a Response, or 'network' for a connection failure).
 */
function serve(options: { writeBack: boolean; posts?: (Response | 'network')[] }): Posted[] {
  const posted: Posted[] = [];
  const answers = [...(options.posts ?? [])];
  mswServer.use(
    http.post(`${FHIR_BASE}/QuestionnaireResponse`, async ({ request }) => {
      posted.push({
        url: request.url,
        authorization: request.headers.get('authorization'),
        body: (await request.json()) as fhir4.Resource,
      });
      const answer = answers.shift() ?? new HttpResponse(null, { status: 500 });
      return answer === 'network' ? HttpResponse.error() : answer;
    }),
    // After the POST above: the fake server's own create must not answer the app's writes.
    ...buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: getFixtureResources('classic-ssri-tachyphylaxis') })
      .handlers,
    http.get('*/site-config.json', () =>
      HttpResponse.json({ schemaVersion: 1, version: 'test', flags: { writeBack: options.writeBack } })
    )
  );
  return posted;
}

function renderReview(scope: string): void {
  const client = buildTestClient({ patient: PATIENT, scope });
  render(
    <FhirClientProvider client={client}>
      <PatientReview now={FIXTURE_ANCHOR} />
    </FhirClientProvider>
  );
}

async function fillAndSave(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  const section = await screen.findByRole('region', { name: 'Your review' });
  await user.click(within(section).getByRole('radio', { name: 'Loss of response likely' }));
  const energy = within(section).getByRole('group', { name: 'Less energy or more tiredness than at the best point' });
  await user.click(within(energy).getByRole('radio', { name: 'Present' }));
  await user.click(within(section).getByRole('textbox', { name: 'Note (optional)' }));
  await user.paste('Seen today.');
  await user.click(within(section).getByRole('button', { name: 'Save review to the EHR' }));
  return section;
}

/** smart-launcher-v2's FHIR proxy refuses a write the token's scopes do not cover with 403 and an OperationOutcome. */
const launcherRefusal = (): Response =>
  HttpResponse.json(
    {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'forbidden',
          diagnostics: 'Permission denied: no scope to create QuestionnaireResponse',
        },
      ],
    },
    { status: 403 }
  );

// The whole review renders in jsdom and the FHIR R4 JSON Schema compiles once: seconds on a shared machine.
describe('documenting the review in the EHR (write-back)', { timeout: 30_000 }, () => {
  it('saves the review as a QuestionnaireResponse with the launch token and shows its id and time', async () => {
    const user = userEvent.setup();
    const created = { id: 'qr-77', meta: { versionId: '1', lastUpdated: '2026-01-15T09:05:00Z' } };
    const posted = serve({
      writeBack: true,
      posts: [HttpResponse.json({ resourceType: 'QuestionnaireResponse', ...created }, { status: 201 })],
    });
    renderReview(WRITE);
    const section = await fillAndSave(user);
    expect(
      await within(section).findByText(/Saved to the EHR: QuestionnaireResponse\/qr-77, 15 Jan 2026/)
    ).toBeVisible();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.authorization).toBe('Bearer test-access-token');
    const body = posted[0]?.body as fhir4.QuestionnaireResponse;
    expect(body.subject?.reference).toBe(`Patient/${PATIENT}`);
    expect(validateR4(body)).toEqual([]);
    expect(validateAgainstQuestionnaire(body, REVIEW_QUESTIONNAIRE)).toEqual([]);
  });

  it('reads the resource from Location when the EHR answers 201 without a body (as Epic does)', async () => {
    const user = userEvent.setup();
    serve({
      writeBack: true,
      posts: [
        new HttpResponse(null, {
          status: 201,
          headers: { Location: `${FHIR_BASE}/QuestionnaireResponse/qr-loc/_history/1` },
        }),
      ],
    });
    // Used after serve(): msw tries the latest handlers first.
    mswServer.use(
      http.get(`${FHIR_BASE}/QuestionnaireResponse/qr-loc/_history/1`, () =>
        HttpResponse.json({ resourceType: 'QuestionnaireResponse', id: 'qr-loc', status: 'completed' })
      )
    );
    renderReview(WRITE);
    const section = await fillAndSave(user);
    expect(await within(section).findByText(/Saved to the EHR: QuestionnaireResponse\/qr-loc/)).toBeVisible();
  });

  it('keeps the whole review on screen with a clear message on a smart-launcher-v2 style 403, then saves on retry', async () => {
    const user = userEvent.setup();
    const posted = serve({
      writeBack: true,
      posts: [
        launcherRefusal(),
        'network',
        HttpResponse.json({ resourceType: 'QuestionnaireResponse', id: 'qr-3' }, { status: 201 }),
      ],
    });
    renderReview(WRITE);
    const section = await fillAndSave(user);
    const alert = await within(section).findByRole('alert');
    expect(alert).toHaveTextContent('Not saved. The EHR refused the write');
    expect(alert).toHaveTextContent('no scope to create QuestionnaireResponse');
    expect(within(section).getByRole('radio', { name: 'Loss of response likely' })).toBeChecked();
    expect(within(section).getByRole('textbox', { name: 'Note (optional)' })).toHaveValue('Seen today.');
    // The rest of the review is untouched.
    expect(screen.getByRole('region', { name: 'Summary' })).toBeVisible();

    await user.click(within(section).getByRole('button', { name: 'Save review to the EHR' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent('could not be reached');
    expect(within(section).getByRole('textbox', { name: 'Note (optional)' })).toHaveValue('Seen today.');

    await user.click(within(section).getByRole('button', { name: 'Save review to the EHR' }));
    expect(await within(section).findByText(/QuestionnaireResponse\/qr-3/)).toBeVisible();
    // Each attempt sent the same answers: nothing was lost between them.
    expect(posted).toHaveLength(3);
    expect(new Set(posted.map((post) => JSON.stringify((post.body as fhir4.QuestionnaireResponse).item))).size).toBe(1);
  });

  it('with write-back on but the write scope not granted, offers copy and print and never posts', async () => {
    serve({ writeBack: true });
    renderReview(READ);
    const section = await screen.findByRole('region', { name: 'Your review' });
    expect(within(section).queryByRole('button', { name: /Save/ })).toBeNull();
    expect(within(section).getByText(/did not grant Tachywatch permission to save reviews/)).toBeVisible();
  });

  it('with write-back off, the review can be completed and copied but nothing calls the server', async () => {
    const user = userEvent.setup();
    const posted = serve({ writeBack: false });
    renderReview(WRITE);
    const section = await screen.findByRole('region', { name: 'Your review' });
    expect(within(section).queryByRole('button', { name: /Save/ })).toBeNull();
    expect(within(section).getByText(/not turned on for this site/)).toBeVisible();
    await user.click(within(section).getByRole('radio', { name: 'Relapse or new episode' }));
    await user.click(within(section).getByRole('button', { name: 'Copy review as text' }));
    expect(await navigator.clipboard.readText()).toContain('Conclusion: Relapse or new episode');
    expect(posted).toEqual([]);
  });
});

import { REVIEW_QUESTIONNAIRE, prefillReview, type Assessment } from '@tachywatch/shared';
import { validateAgainstQuestionnaire, validateR4 } from '@tachywatch/shared/testing';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ASSESSMENT } from '../../../testing/sample-assessment';
import type { ReviewWriter, SavedResource } from '../api/review-writer';
import type { WriteBack } from '../utils/write-back';
import { ReviewStep } from './review-step';

interface RecordingWriter extends ReviewWriter {
  readonly calls: { method: 'create' | 'update'; resource: fhir4.Resource }[];
}

/** A writer that records each write and answers with the next outcome (an id, or an error to throw). */
function buildWriter(outcomes: (string | Error)[]): RecordingWriter {
  const calls: RecordingWriter['calls'] = [];
  const answer = (method: 'create' | 'update', resource: fhir4.Resource): Promise<SavedResource> => {
    calls.push({ method, resource });
    const next = outcomes.shift() ?? new Error('no outcome left');
    return next instanceof Error
      ? Promise.reject(next)
      : Promise.resolve({ resourceType: resource.resourceType, id: next, savedAt: '2026-12-01T10:30:00Z' });
  };
  return {
    calls,
    create: (resource) => answer('create', resource),
    update: (resource) => answer('update', resource),
  };
}

function writeBackOn(writer: ReviewWriter, grants: Partial<WriteBack & { status: 'on' }> = {}): WriteBack {
  return { status: 'on', writer, patientId: 'p1', author: 'Practitioner/dr-1', ...grants };
}

/** An HTTP error as fhirclient throws it (status, and the body appended to the message). */
function httpError(status: number, diagnostics: string): Error {
  const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics }] };
  return Object.assign(
    new Error(`${status} Forbidden\nURL: http://fhir.test/r4/QuestionnaireResponse\n\n${JSON.stringify(outcome)}`),
    {
      status,
    }
  );
}

const radio = (question: string, answer: RegExp | string): HTMLInputElement =>
  within(screen.getByRole('group', { name: question })).getByRole('radio', { name: answer });

describe('ReviewStep', () => {
  it('pre-fills the external factors from the engine and leaves the rest not asked', () => {
    render(<ReviewStep assessment={SAMPLE_ASSESSMENT} writeBack={{ status: 'off' }} />);
    const prefill = prefillReview(SAMPLE_ASSESSMENT);
    expect(prefill.externalFactors.adherence).toBe('absent');
    expect(radio('Missed doses or gaps in supply in the weeks before the worsening', 'Absent')).toBeChecked();
    expect(screen.getByRole('group', { name: /Missed doses/ })).toHaveAccessibleDescription(
      'Pre-filled from the record'
    );
    expect(
      radio('A new interacting medicine (enzyme inducer, depressogenic drug) or a change in smoking', 'Not checked')
    ).toBeChecked();
    expect(radio('Less drive to start or finish things', 'Not asked')).toBeChecked();
    expect(radio('Social support', 'Not asked')).toBeChecked();
    expect(radio('What do you conclude?', /Not now/)).toBeChecked();
    // The plan offers the assessment's options, each with its safety notes tied to the checkbox.
    const plan = screen.getByRole('group', { name: 'Plan' });
    expect(
      within(plan)
        .getAllByRole('checkbox')
        .map((box) => box.getAttribute('value'))
    ).toEqual(['switch', 'tms', 'drug-holiday']);
    expect(within(plan).getByRole('checkbox', { name: 'Consider TMS referral' })).toHaveAccessibleDescription(
      'Screen for seizure history.'
    );
    // The drug holiday carries its evidence note: sexual side effects, not a lost response.
    const holiday = within(plan).getByRole('checkbox', { name: 'Drug holiday (for sexual side effects only)' });
    expect(holiday).toHaveAccessibleDescription(
      /no evidence that a drug holiday restores a lost antidepressant response/
    );
    expect(within(plan).getByRole('link', { name: /Rothschild/ })).toBeInTheDocument();
  });

  it('shows the last documented review and what it does, in the app’s date format', () => {
    const documentedReview = {
      ref: 'QuestionnaireResponse/qr-0',
      authored: '2026-11-03T10:00:00Z',
      date: '2026-11-03',
      conclusion: 'explained',
      explainedBy: 'non-adherence',
      plan: [],
      effect: 'lapsed',
      statement: 'Reviewed on 2026-11-03 (explained by non-adherence); no new evidence since.',
      citationIds: [],
    } satisfies NonNullable<Assessment['documentedReview']>;
    render(<ReviewStep assessment={{ ...SAMPLE_ASSESSMENT, documentedReview }} writeBack={{ status: 'off' }} />);
    expect(screen.getByText(/Last documented review:/).parentElement).toHaveTextContent(
      'Last documented review: Reviewed on 3 Nov 2026 (explained by non-adherence); no new evidence since.'
    );
  });

  it('is keyboard-first: Tab reaches the questions in order, arrow keys change an answer', async () => {
    const user = userEvent.setup();
    render(<ReviewStep assessment={SAMPLE_ASSESSMENT} writeBack={{ status: 'off' }} />);
    await user.tab();
    expect(radio('Missed doses or gaps in supply in the weeks before the worsening', 'Absent')).toHaveFocus();
    await user.tab();
    expect(document.activeElement).toHaveAttribute('name', 'external-factors.dose-change');
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBeChecked();
    expect(document.activeElement).toHaveAttribute('name', 'external-factors.dose-change');
  });

  it('with write-back off, offers copy and print but no save, and says why', async () => {
    const user = userEvent.setup();
    render(<ReviewStep assessment={SAMPLE_ASSESSMENT} writeBack={{ status: 'off' }} />);
    expect(screen.queryByRole('button', { name: /Save/ })).toBeNull();
    expect(screen.getByText(/Saving to the EHR is not turned on for this site/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy review as text' })).toHaveAccessibleDescription(
      /not turned on for this site/
    );
    await user.click(radio('Less energy or more tiredness than at the best point', 'Present'));
    await user.click(screen.getByRole('button', { name: 'Copy review as text' }));
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('- Less energy or more tiredness than at the best point: Present');
    expect(copied).toContain('Conclusion: Not now: review later');
    expect(screen.getByText('The review was copied: paste it into your note.')).toBeInTheDocument();
  });

  it('requires what explains the worsening when the conclusion is "explained", with the error tied to the field', async () => {
    const user = userEvent.setup();
    const writer = buildWriter(['qr-1']);
    render(<ReviewStep assessment={SAMPLE_ASSESSMENT} writeBack={writeBackOn(writer)} />);
    await user.click(radio('What do you conclude?', 'Explained by another cause'));
    await user.click(screen.getByRole('button', { name: 'Save review to the EHR' }));
    const group = screen.getByRole('group', { name: 'Explained by' });
    expect(group).toHaveAccessibleDescription('Choose what explains the worsening, or pick another conclusion.');
    expect(within(group).getAllByRole('radio')[0]).toHaveFocus();
    expect(writer.calls).toEqual([]);
    await user.click(radio('Explained by', 'Non-adherence'));
    expect(screen.queryByText(/Choose what explains/)).toBeNull();
  });

  it('saves a QuestionnaireResponse that validates against FHIR R4 and the Questionnaire, shows its id and time, then amends', async () => {
    const user = userEvent.setup();
    const writer = buildWriter(['qr-1', 'qr-1']);
    render(<ReviewStep assessment={SAMPLE_ASSESSMENT} writeBack={writeBackOn(writer)} />);
    await user.click(radio('Less drive to start or finish things', 'Present'));
    await user.click(radio('What do you conclude?', 'Loss of response likely'));
    await user.click(screen.getByRole('checkbox', { name: 'Consider TMS referral' }));
    await user.click(screen.getByRole('textbox', { name: 'Note (optional)' }));
    await user.paste('Discussed options.');
    await user.click(screen.getByRole('button', { name: 'Save review to the EHR' }));

    expect(await screen.findByText(/Saved to the EHR: QuestionnaireResponse\/qr-1, 1 Dec 2026/)).toBeInTheDocument();
    const [first] = writer.calls;
    expect(first?.method).toBe('create');
    const response = first?.resource as fhir4.QuestionnaireResponse;
    expect(response).toMatchObject({
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      author: { reference: 'Practitioner/dr-1' },
    });
    expect(validateR4(response)).toEqual([]);
    expect(validateAgainstQuestionnaire(response, REVIEW_QUESTIONNAIRE)).toEqual([]);
    const plan = response.item?.find((item) => item.linkId === 'plan');
    expect(plan?.answer?.map((answer) => answer.valueCoding?.code)).toEqual(['tms']);

    await user.click(radio('Social support', 'A concern'));
    await user.click(screen.getByRole('button', { name: 'Save changes to the EHR (amend)' }));
    await screen.findByText(/Saved to the EHR: QuestionnaireResponse\/qr-1/);
    expect(writer.calls[1]).toMatchObject({ method: 'update', resource: { id: 'qr-1', status: 'amended' } });
    // Compiling the FHIR R4 JSON Schema takes seconds on a shared machine.
  }, 30_000);

  it('keeps every answer and says why when the EHR refuses the write (403), and saves on retry', async () => {
    const user = userEvent.setup();
    const writer = buildWriter([httpError(403, 'Permission denied: scope not granted'), 'qr-2']);
    render(<ReviewStep assessment={SAMPLE_ASSESSMENT} writeBack={writeBackOn(writer)} />);
    await user.click(radio('Slower thinking, poorer focus or memory', 'Present'));
    await user.click(radio('What do you conclude?', 'Relapse or new episode'));
    await user.click(screen.getByRole('textbox', { name: 'Note (optional)' }));
    await user.paste('Keep me.');
    await user.click(screen.getByRole('button', { name: 'Save review to the EHR' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not saved. The EHR refused the write');
    expect(alert).toHaveTextContent('Detail: HTTP 403: Permission denied: scope not granted');
    expect(radio('Slower thinking, poorer focus or memory', 'Present')).toBeChecked();
    expect(radio('What do you conclude?', 'Relapse or new episode')).toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Note (optional)' })).toHaveValue('Keep me.');

    await user.click(screen.getByRole('button', { name: 'Save review to the EHR' }));
    expect(await screen.findByText(/QuestionnaireResponse\/qr-2/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(writer.calls.map((call) => call.method)).toEqual(['create', 'create']);
  });

  it('proposes a draft referral as a separate action, only for a TMS or psychotherapy plan', async () => {
    const user = userEvent.setup();
    const writer = buildWriter(['sr-1']);
    render(<ReviewStep assessment={SAMPLE_ASSESSMENT} writeBack={writeBackOn(writer)} />);
    expect(screen.queryByRole('button', { name: /Propose/ })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'Consider TMS referral' }));
    await user.click(screen.getByRole('button', { name: 'Propose a draft TMS referral' }));
    expect(await screen.findByText(/Saved to the EHR: ServiceRequest\/sr-1/)).toBeInTheDocument();
    expect(writer.calls).toHaveLength(1);
    const draft = writer.calls[0]?.resource as fhir4.ServiceRequest;
    expect(draft).toMatchObject({ status: 'draft', intent: 'proposal', subject: { reference: 'Patient/p1' } });
    expect(validateR4(draft)).toEqual([]);
  }, 30_000);

  it('does not offer to save when the EHR did not grant the write scope', () => {
    render(
      <ReviewStep assessment={SAMPLE_ASSESSMENT} writeBack={writeBackOn(buildWriter([]), { canSaveReview: false })} />
    );
    expect(screen.queryByRole('button', { name: /Save/ })).toBeNull();
    expect(screen.getByText(/did not grant Tachywatch permission to save reviews/)).toBeInTheDocument();
  });
});

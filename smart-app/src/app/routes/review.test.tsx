import { getCitation } from '@tachywatch/shared';
import type { Assessment } from '@tachywatch/shared';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LaunchInfo } from '../../lib/launch-info';
import { SAMPLE_ASSESSMENT, SERTRALINE_TRIAL } from '../../testing/sample-assessment';
import { Review } from './patient-review';

const patient = { id: 'p1', name: 'Alex Rivera', gender: 'female' as const, birthDate: '1991-02-03' };
const launch: LaunchInfo = { patientId: 'p1', needPatientBanner: false };

function renderReview(overrides: Partial<Parameters<typeof Review>[0]> = {}) {
  return render(
    <Review assessment={SAMPLE_ASSESSMENT} patient={patient} launch={launch} failedQueries={[]} {...overrides} />
  );
}

describe('Review', () => {
  it('shows the positive item 9 first, as an alert, above the other safety flags', () => {
    renderReview();
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Critical safety flag: PHQ-9 item 9 was positive');
    const summary = screen.getByRole('region', { name: 'Summary' });
    const text = summary.textContent ?? '';
    expect(text.indexOf('item 9 was positive')).toBeLessThan(text.indexOf('boxed warning'));
  });

  it('summarises the finding, the current drug and dose, time on it and the latest PHQ-9', () => {
    renderReview();
    const summary = screen.getByRole('region', { name: 'Summary' });
    expect(summary).toHaveTextContent('Possible tachyphylaxis — review suggested on Sertraline');
    expect(summary).toHaveTextContent('Sertraline 150 mg/day');
    expect(summary).toHaveTextContent('on it for 1.5 years (since 10 Jan 2024); this dose since 10 Feb 2024');
    expect(summary).toHaveTextContent('17 (moderately severe)on 24 Jun 2025; item 9: 1');
  });

  it('lists every trial with class, doses against the adequate minimum, duration, adherence, adequacy and outcome', () => {
    renderReview();
    const table = within(screen.getByRole('region', { name: 'Antidepressant trials' })).getByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    const sertraline = within(table)
      .getByRole('rowheader', { name: /Sertraline/ })
      .closest('tr');
    expect(sertraline).toHaveTextContent('SSRI');
    expect(sertraline).toHaveTextContent('150 mg/dayminimum adequate 50 mg');
    expect(sertraline).toHaveTextContent('PDC 96 %from pharmacy dispenses');
    expect(sertraline).toHaveTextContent('Loss of responselost 20 May 2025 (PHQ-9 15)');
    const escitalopram = within(table)
      .getByRole('rowheader', { name: /Escitalopram/ })
      .closest('tr');
    expect(escitalopram).toHaveTextContent('PDC 62 %from pharmacy dispenses; longest gap 21 days');
    expect(escitalopram).toHaveTextContent('No response');
  });

  it('explains why the finding is possible and shows each confounder as present, absent or unknown with what to check', () => {
    renderReview();
    const section = screen.getByRole('region', { name: 'Assessment' });
    expect(within(section).getByText(/Worsening to 15 on 20 May 2025, confirmed 17/)).toBeInTheDocument();
    const confounders = within(section).getByRole('table', { name: 'Other explanations to rule out' });
    const rows = within(confounders).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Hypothyroidism',
      'Smoking change (CYP1A2)',
      'Refill gaps / non-adherence',
    ]);
    expect(rows[0]).toHaveTextContent('PresentHypothyroidism on the problem list since 1 Mar 2025Check TSH');
    expect(rows[1]).toHaveTextContent('Unknown');
    expect(rows[2]).toHaveTextContent('Absent');
  });

  it('shows treatment resistance with the adequate failed trials and the staging scores with missing data', () => {
    renderReview();
    const section = screen.getByRole('region', { name: 'Treatment resistance' });
    expect(section).toHaveTextContent('Meets the definition of treatment-resistant depression');
    expect(section).toHaveTextContent('Adequate failed trials (2): Escitalopram, Sertraline');
    expect(section).toHaveTextContent('Thase–Rush stageStage 2');
    expect(section).toHaveTextContent('Maudsley Staging Method8 of 15 (moderate)');
    const notes = within(section)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(notes.filter((note) => note === 'Functional impairment not recorded (counted as 0)')).toHaveLength(1);
    expect(section).toHaveTextContent('MGH staging score2.5');
  });

  it('ranks the options, resolves their citations and shows the TMS checklist per policy', () => {
    renderReview();
    const section = screen.getByRole('region', { name: 'Options to consider' });
    const options = within(section).getAllByRole('heading', { level: 3 });
    expect(options.map((heading) => heading.textContent)).toEqual([
      '1. Switch to an antidepressant with a different mechanism (Switch)',
      '2. Consider TMS referral (TMS)',
      'References for these options',
    ]);
    expect(within(section).getAllByText(/^Why, for this patient:/)).toHaveLength(2);
    expect(section).toHaveTextContent(getCitation('star-d-2006').title);
    expect(section).toHaveTextContent('Screen for seizure history.');
    const policy = within(section).getByRole('table', { name: /Medicare LCD L34998/ });
    expect(policy).toHaveTextContent('Not enough data to tell');
    expect(policy).toHaveTextContent('Failed antidepressant trials✓ Met2 adequate failed trials');
    expect(policy).toHaveTextContent('Psychotherapy trial? UnknownNo psychotherapy recorded');
  });

  it('shows the patient banner only when the token asks for it', () => {
    const { unmount } = renderReview();
    expect(screen.queryByRole('complementary', { name: 'Patient' })).not.toBeInTheDocument();
    unmount();
    renderReview({ launch: { ...launch, needPatientBanner: true } });
    const banner = screen.getByRole('complementary', { name: 'Patient' });
    expect(banner).toHaveTextContent('Alex Rivera');
    expect(banner).toHaveTextContent('Female');
    expect(banner).toHaveTextContent('Born 3 Feb 1991 (34 years)');
  });

  it('focuses the section and highlights the trial named in appContext', () => {
    renderReview({ launch: { ...launch, appContext: { focus: 'trials', trialId: SERTRALINE_TRIAL.id } } });
    const section = screen.getByRole('region', { name: 'Antidepressant trials' });
    expect(section).toHaveFocus();
    const highlighted = within(section).getByRole('row', { current: true });
    expect(highlighted).toHaveTextContent('the trial the alert is about');
    expect(highlighted).toHaveTextContent('Sertraline');
  });

  it('says which optional data could not be loaded', () => {
    renderReview({ failedQueries: ['procedures'] });
    expect(screen.getByRole('status')).toHaveTextContent('Procedures (TMS, ECT, psychotherapy)');
  });

  it('prints from the Print button, with a header that names the patient and the date on paper', async () => {
    const printed: string[] = [];
    window.print = () => printed.push('print');
    renderReview();
    await userEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(printed).toEqual(['print']);
    expect(screen.getByText(/^Tachywatch review$/).parentElement).toHaveTextContent(
      'Tachywatch review — Alex Rivera, born 3 Feb 1991 — as of 1 Jul 2025 — knowledge 2026.1.0.'
    );
  });

  it('says plainly when there is nothing to assess', () => {
    const empty: Assessment = {
      ...SAMPLE_ASSESSMENT,
      phq9: [],
      trials: [],
      safety: [],
      options: [],
      interventions: [],
      issues: [],
      tachyphylaxis: {
        status: 'none',
        confounders: [],
        priorLossesOfResponse: [],
        evidence: [],
        reason: 'No antidepressant trials in the record.',
        citationIds: [],
      },
    };
    renderReview({ assessment: empty });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Summary' })).toHaveTextContent('No depression data in the record');
    expect(screen.getByRole('region', { name: 'Summary' })).not.toHaveTextContent('Treatment resistance');
    expect(screen.getByRole('region', { name: 'Assessment' })).toHaveTextContent('No depression data in this record.');
    for (const name of ['Timeline', 'Antidepressant trials', 'Treatment resistance', 'Options to consider']) {
      expect(screen.queryByRole('region', { name })).not.toBeInTheDocument();
    }
  });

  it('shows an unconfirmed worsening as such everywhere: no loss of response in the trials table', () => {
    renderReview({
      assessment: {
        ...SAMPLE_ASSESSMENT,
        tachyphylaxis: { ...SAMPLE_ASSESSMENT.tachyphylaxis, status: 'emerging', confirmation: undefined },
      },
    });
    const table = within(screen.getByRole('region', { name: 'Antidepressant trials' })).getByRole('table');
    const sertraline = within(table)
      .getByRole('rowheader', { name: /Sertraline/ })
      .closest('tr');
    expect(sertraline).toHaveTextContent('Worsening, not yet confirmed');
    expect(sertraline).not.toHaveTextContent('Loss of response');
    expect(screen.getByRole('region', { name: 'Assessment' })).toHaveTextContent('Worsening, not yet confirmed');
  });

  it('leads a suppressed finding with why, keeps the evidence behind a disclosure and frames the options', () => {
    const finding = SAMPLE_ASSESSMENT.tachyphylaxis;
    renderReview({
      assessment: {
        ...SAMPLE_ASSESSMENT,
        tachyphylaxis: {
          ...finding,
          status: 'suppressed',
          reason: 'A bipolar disorder is recorded: reconsider the diagnosis before calling this tachyphylaxis.',
          confounders: [
            ...finding.confounders.filter((confounder) => confounder.id !== 'bipolar'),
            {
              id: 'bipolar',
              state: 'present',
              label: 'Bipolar disorder recorded',
              evidence: 'Bipolar II disorder (F31.81) since 1 Nov 2025.',
              whatToCheck: 'Review the diagnosis.',
              refs: [],
              citationIds: [],
            },
          ],
        },
      },
    });
    const section = screen.getByRole('region', { name: 'Assessment' });
    const text = section.textContent ?? '';
    expect(text.indexOf('A bipolar disorder is recorded')).toBeLessThan(text.indexOf('set aside'));
    const disclosure = within(section).getByText('The loss-of-response evidence that was set aside').closest('details');
    expect(disclosure).not.toHaveAttribute('open');
    expect(screen.getByRole('region', { name: 'Options to consider' })).toHaveTextContent(
      'Read these options in the light of the diagnosis: bipolar disorder recorded.'
    );
  });
});

import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ASSESSMENT, SERTRALINE_TRIAL } from '../../../testing/sample-assessment';
import { buildTimelineModel } from '../utils/build-timeline-model';
import { TimelineSection } from './timeline-section';

describe('buildTimelineModel', () => {
  it('puts every trial, augmentation and course on the axis with its dose steps and the outcome markers', () => {
    const model = buildTimelineModel(SAMPLE_ASSESSMENT, 'all');
    expect(model.domain).toEqual(['2023-01-18', '2025-07-15']);
    expect(model.lanes.map((lane) => [lane.label, lane.kind])).toEqual([
      ['Escitalopram', 'antidepressant'],
      ['Sertraline', 'antidepressant'],
      ['Aripiprazole', 'augmentation'],
      ['TMS course', 'tms'],
    ]);
    const sertraline = model.lanes[1];
    expect(sertraline?.segments.map((segment) => [segment.start, segment.end, segment.dailyDoseMg])).toEqual([
      ['2024-01-10', '2024-02-09', 50],
      ['2024-02-10', '2025-07-01', 150],
    ]);
    expect(model.markers.map((marker) => `${marker.kind}@${marker.date}`)).toEqual([
      'baseline@2023-02-01',
      'nadir@2023-05-01',
      'baseline@2024-01-10',
      'response@2024-04-10',
      'nadir@2024-06-10',
      'loss@2025-05-20',
      'worsening@2025-05-20',
    ]);
  });

  it('keeps only the last year when zoomed, clipping bars that started before it', () => {
    const model = buildTimelineModel(SAMPLE_ASSESSMENT, 'last-year');
    expect(model.domain[0]).toBe('2024-07-01');
    expect(model.lanes.map((lane) => lane.label)).toEqual(['Sertraline', 'Aripiprazole']);
    expect(model.lanes[0]?.segments).toHaveLength(1);
    expect(model.lanes[0]?.segments[0]).toMatchObject({ start: '2024-07-01', from: '2024-02-10', ongoing: true });
    expect(model.points.map((point) => point.date)).toEqual(['2025-05-20', '2025-06-24']);
  });
});

describe('TimelineSection', () => {
  it('draws focusable, labelled points and bars, with the item-9 point called out', async () => {
    render(<TimelineSection assessment={SAMPLE_ASSESSMENT} highlightTrialId={SERTRALINE_TRIAL.id} />);
    const chart = await screen.findByRole(
      'group',
      { name: /Timeline of antidepressant trials and PHQ-9 scores, all/ },
      { timeout: 5000 }
    );
    const positive = within(chart).getByRole('img', {
      name: 'PHQ-9 17 (moderately severe) on 24 Jun 2025, item 9: 1 (positive)',
    });
    expect(positive).toHaveAttribute('tabindex', '0');
    expect(
      within(chart).getByRole('img', { name: /PHQ-9 21 \(severe\) on 10 Jan 2024, item 9: 0. Baseline/ })
    ).toBeInTheDocument();
    expect(within(chart).getByRole('img', { name: 'Sertraline: 150 mg/day, 10 Feb 2024 to now' })).toBeInTheDocument();
    expect(within(chart).getByRole('img', { name: 'TMS course: 1 Aug 2023 to 15 Sep 2023' })).toBeInTheDocument();
  });

  it('shows a tooltip for the point in focus, reachable by keyboard', async () => {
    render(<TimelineSection assessment={SAMPLE_ASSESSMENT} />);
    await screen.findByRole('group', { name: /Timeline/ }, { timeout: 5000 });
    const firstBar = screen.getByRole('img', { name: 'Escitalopram: 10 mg/day, 1 Feb 2023 to 30 Jun 2023' });
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    expect(firstBar).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent('Escitalopram: 10 mg/day, 1 Feb 2023 to 30 Jun 2023');
  });

  it('zooms to the last year and offers the same data as a table', async () => {
    render(<TimelineSection assessment={SAMPLE_ASSESSMENT} />);
    await userEvent.click(screen.getByRole('button', { name: 'Last year' }));
    expect(screen.getByRole('button', { name: 'Last year' })).toHaveAttribute('aria-pressed', 'true');
    await screen.findByRole('group', { name: /last year/ }, { timeout: 5000 });
    const table = screen.getByRole('table', { name: 'PHQ-9 scores in the period shown' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(table).toHaveTextContent(
      '20 May 202515moderately severe0loss of response (confirmed) (Sertraline), worsening (Sertraline)'
    );
    expect(screen.getByRole('table', { name: 'Treatments in the period shown' })).toHaveTextContent(
      'Sertraline (SSRI), 10 Jan 2024 to now: 50 mg/day from 10 Jan 2024; 150 mg/day from 10 Feb 2024'
    );
  });
});

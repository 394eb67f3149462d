import type { Assessment } from '@tachywatch/shared';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ASSESSMENT } from '../../../testing/sample-assessment';
import { formatTreatmentResistance } from '../utils/format-treatment-resistance';
import { SummaryStrip } from './summary-strip';

function getTreatmentResistanceText(): string | null {
  const term = screen.getByText('Treatment resistance');
  return term.nextElementSibling?.textContent ?? null;
}

describe('SummaryStrip treatment resistance', () => {
  it('says the patient meets the TRD definition, with the failed-trial count and Thase–Rush stage', () => {
    render(<SummaryStrip assessment={SAMPLE_ASSESSMENT} />);
    expect(getTreatmentResistanceText()).toBe(
      'Meets the treatment-resistant depression definition2 adequate trials failed in this episode (Thase–Rush stage 2)'
    );
  });

  it('renders the fields as given, without re-deciding the definition', () => {
    const assessment: Assessment = {
      ...SAMPLE_ASSESSMENT,
      treatmentResistance: {
        ...SAMPLE_ASSESSMENT.treatmentResistance,
        adequateFailedTrialIds: ['t1'],
        meetsTrdDefinition: false,
        thaseRush: { value: 1, missing: [] },
      },
    };
    render(<SummaryStrip assessment={assessment} />);
    expect(getTreatmentResistanceText()).toBe(
      'Does not meet the treatment-resistant depression definition1 adequate trial failed in this episode (Thase–Rush stage 1)'
    );
  });
});

describe('formatTreatmentResistance', () => {
  it('leaves out stage 0 and says when no adequate trial failed', () => {
    expect(
      formatTreatmentResistance({
        ...SAMPLE_ASSESSMENT.treatmentResistance,
        adequateFailedTrialIds: [],
        meetsTrdDefinition: false,
        thaseRush: { value: 0, missing: [] },
      })
    ).toEqual({
      title: 'Does not meet the treatment-resistant depression definition',
      detail: 'No adequate trials failed in this episode',
    });
  });
});

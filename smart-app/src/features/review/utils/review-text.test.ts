import { describe, expect, it } from 'vitest';
import type { ClinicianReviewInput } from '@tachywatch/shared';
import { buildTestReviewInput } from '@tachywatch/shared/testing';
import { formatReviewText } from './review-text';

const INPUT: ClinicianReviewInput = buildTestReviewInput({
  trial: { agentId: 'sertraline', display: 'sertraline 100 mg/day' },
  externalFactors: { adherence: 'present', doseChange: 'absent', stressors: 'absent' },
  symptomDomains: { energy: 'present', cognition: 'absent' },
  lifestyle: { sleep: 'concern', movement: 'concern' },
  conclusion: 'explained',
  explainedBy: 'non-adherence',
  plan: ['tms', 'drug-holiday', 'unknown-plan'],
  note: '  Missed most doses in October.  ',
});

describe('the review as plain text (copied into the chart note when the site does not save to the EHR)', () => {
  const text = formatReviewText(INPUT, '3 Nov 2024');
  const lines = text.split('\n');

  it('starts with the date, then the trial', () => {
    expect(lines[0]).toBe('Tachywatch review (3 Nov 2024)');
    expect(lines[1]).toMatch(/: sertraline 100 mg\/day$/);
  });

  it("gives the plan in the form's own words, in the order chosen, an unknown code as it is", () => {
    const plan = lines.find((line) => line.includes('Transcranial magnetic stimulation (TMS)'));
    expect(plan).toMatch(/: Transcranial magnetic stimulation \(TMS\); .*drug holiday.*; unknown-plan$/i);
  });

  it('says what explained the worsening, and keeps the note trimmed', () => {
    expect(lines.some((line) => /: Non-adherence$/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/: Missed most doses in October\.$/);
  });

  it('says so when no plan was chosen', () => {
    const none = formatReviewText({ ...INPUT, plan: [] }, '3 Nov 2024').split('\n');
    expect(none.some((line) => line.endsWith(': none chosen'))).toBe(true);
  });
});

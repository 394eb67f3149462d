import {
  REVIEW_LINK_IDS,
  REVIEW_PLAN_OPTIONS,
  getReviewCodeDisplay,
  type ClinicianReviewInput,
} from '@tachywatch/shared';
import {
  CONCLUSION_CHOICES,
  EXPLANATION_CHOICES,
  REVIEW_GROUPS,
  getChoices,
  getGroupAnswer,
  getItemText,
} from './review-items';

const labelOf = (choices: readonly { code: string; label: string }[], code: string | undefined): string =>
  choices.find((choice) => choice.code === code)?.label ?? code ?? '';

/**
 * The review as plain text, for the chart note when the site does not save to the EHR (copy) — the same words as
 * the form, in the Questionnaire's order.
 */
export function formatReviewText(input: ClinicianReviewInput, authored: string): string {
  const lines = [`Tachywatch review (${authored})`];
  if (input.trial) lines.push(`${getItemText(REVIEW_LINK_IDS.trial)}: ${input.trial.display}`);
  for (const group of REVIEW_GROUPS) {
    lines.push('', `${getItemText(group.linkId)}:`);
    for (const item of group.items) {
      const answer = getGroupAnswer(input, group.id, item.key);
      lines.push(`- ${item.text}: ${labelOf(getChoices(item.linkId), answer)}`);
    }
  }
  lines.push('', `${getItemText(REVIEW_LINK_IDS.conclusion)}: ${labelOf(CONCLUSION_CHOICES, input.conclusion)}`);
  if (input.conclusion === 'explained') {
    lines.push(`${getItemText(REVIEW_LINK_IDS.explainedBy)}: ${labelOf(EXPLANATION_CHOICES, input.explainedBy)}`);
  }
  const plan = input.plan.map((id) => getReviewCodeDisplay(REVIEW_PLAN_OPTIONS, id));
  lines.push(`${getItemText(REVIEW_LINK_IDS.plan)}: ${plan.length > 0 ? plan.join('; ') : 'none chosen'}`);
  const note = input.note?.trim();
  if (note) lines.push(`${getItemText(REVIEW_LINK_IDS.note)}: ${note}`);
  return lines.join('\n');
}

import {
  REVIEW_LINK_IDS,
  REVIEW_NOTE_MAX_LENGTH,
  REVIEW_PLAN_OPTIONS,
  SIDE_EFFECT_OPTIONS,
  type CitationId,
  type ClinicianReviewInput,
  type ReviewConclusion,
  type ReviewExplanation,
  type TreatmentOption,
} from '@tachywatch/shared';
import type { ReactElement } from 'react';
import {
  CONCLUSION_CHOICES,
  EXPLANATION_CHOICES,
  REVIEW_GROUPS,
  getChoices,
  getGroupAnswer,
  getItemText,
  setGroupAnswer,
} from '../utils/review-items';
import { CitationList } from '../../../components/ui/citation-list';
import { ChoiceRow } from './choice-row';

export interface ReviewFormErrors {
  readonly explainedBy?: string;
}

interface ReviewFormProps {
  readonly value: ClinicianReviewInput;
  readonly onChange: (next: ClinicianReviewInput) => void;
  /** What the engine pre-filled, to say which answers came from the record. */
  readonly prefill: ClinicianReviewInput;
  /** The assessment's options, the plan's choices. */
  readonly options: readonly TreatmentOption[];
  readonly errors: ReviewFormErrors;
  /** Form fields are read-only while a write is in flight. */
  readonly disabled: boolean;
}

export interface PlanChoice {
  readonly id: string;
  readonly label: string;
  /** Safety notes, or what the evidence does and does not show, tied to the checkbox. */
  readonly notes: readonly string[];
  readonly citationIds: readonly CitationId[];
}

/**
 * The plan choices: the assessment's options in its order, then the options for a side effect (the drug holiday)
 * with their evidence and cautions, as the knowledge pack words them.
 */
export function getPlanChoices(options: readonly TreatmentOption[]): PlanChoice[] {
  const ranked = [...options].sort((a, b) => a.rank - b.rank);
  const fromAssessment = ranked.flatMap((option) =>
    REVIEW_PLAN_OPTIONS.some(([code]) => code === option.kind)
      ? [{ id: option.kind, label: option.title, notes: [...option.safetyNotes], citationIds: [] }]
      : []
  );
  const sideEffects = Object.values(SIDE_EFFECT_OPTIONS).map((option) => ({
    id: option.id,
    label: option.title,
    notes: [option.evidence, ...option.cautions],
    citationIds: option.citationIds,
  }));
  return [...fromAssessment, ...sideEffects];
}

/** The review questions; it renders what it is given and reasons about nothing. */
export function ReviewForm({ value, onChange, prefill, options, errors, disabled }: ReviewFormProps): ReactElement {
  const planChoices = getPlanChoices(options);
  const togglePlan = (id: string, checked: boolean): void =>
    onChange({
      ...value,
      plan: checked ? [...value.plan.filter((item) => item !== id), id] : value.plan.filter((item) => item !== id),
    });
  return (
    <fieldset className="review-form__fields" disabled={disabled}>
      <legend className="visually-hidden">Review questions</legend>
      {value.trial ? (
        <p className="review-form__trial">
          {getItemText(REVIEW_LINK_IDS.trial)}: <strong>{value.trial.display}</strong>
        </p>
      ) : null}
      {REVIEW_GROUPS.map((group) => (
        <fieldset key={group.id} className="review-group" data-group={group.id}>
          <legend className="review-group__legend">{getItemText(group.linkId)}</legend>
          {group.items.map((item) => {
            const prefilled = getGroupAnswer(prefill, group.id, item.key);
            const fromRecord = group.id === 'externalFactors' && prefilled !== 'not-checked';
            return (
              <ChoiceRow
                key={item.key}
                name={item.linkId}
                legend={item.text}
                choices={getChoices(item.linkId)}
                value={getGroupAnswer(value, group.id, item.key)}
                hint={fromRecord ? 'Pre-filled from the record' : undefined}
                onChange={(code) => onChange(setGroupAnswer(value, group.id, item.key, code))}
              />
            );
          })}
        </fieldset>
      ))}
      <fieldset className="review-group" data-group="conclusion">
        <legend className="review-group__legend">{getItemText(REVIEW_LINK_IDS.conclusion)}</legend>
        <ChoiceRow
          name={REVIEW_LINK_IDS.conclusion}
          legend="What do you conclude?"
          choices={CONCLUSION_CHOICES}
          value={value.conclusion}
          onChange={(code) => {
            const conclusion = code as ReviewConclusion;
            const { explainedBy, ...rest } = value;
            onChange(conclusion === 'explained' ? { ...rest, conclusion, explainedBy } : { ...rest, conclusion });
          }}
        />
        {value.conclusion === 'explained' ? (
          <ChoiceRow
            name={REVIEW_LINK_IDS.explainedBy}
            legend={getItemText(REVIEW_LINK_IDS.explainedBy)}
            choices={EXPLANATION_CHOICES}
            value={value.explainedBy}
            error={errors.explainedBy}
            onChange={(code) => onChange({ ...value, explainedBy: code as ReviewExplanation })}
          />
        ) : null}
      </fieldset>
      <fieldset className="review-group" data-group="plan">
        <legend className="review-group__legend">{getItemText(REVIEW_LINK_IDS.plan)}</legend>
        {planChoices.length === 0 ? (
          <p className="review-form__empty">No options were suggested from the data.</p>
        ) : (
          <ul className="review-plan">
            {planChoices.map((choice) => {
              const id = `${REVIEW_LINK_IDS.plan}--${choice.id}`;
              const notesId = choice.notes.length > 0 ? `${id}-notes` : undefined;
              return (
                <li key={choice.id} className="review-plan__item">
                  <input
                    type="checkbox"
                    id={id}
                    name={REVIEW_LINK_IDS.plan}
                    value={choice.id}
                    checked={value.plan.includes(choice.id)}
                    onChange={(event) => togglePlan(choice.id, event.target.checked)}
                    aria-describedby={notesId}
                  />
                  <label htmlFor={id}>{choice.label}</label>
                  {notesId && choice.citationIds.length > 0 ? (
                    <details className="review-plan__evidence">
                      <summary>Evidence and cautions</summary>
                      <ul id={notesId} className="review-plan__notes">
                        {choice.notes.map((note) => (
                          <li key={note}>{note}</li>
                        ))}
                      </ul>
                      <CitationList ids={choice.citationIds} />
                    </details>
                  ) : notesId ? (
                    <span id={notesId} className="review-plan__notes">
                      {choice.notes.join(' ')}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </fieldset>
      <div className="review-form__note">
        <label htmlFor="review-note">{getItemText(REVIEW_LINK_IDS.note)} (optional)</label>
        <textarea
          id="review-note"
          name={REVIEW_LINK_IDS.note}
          rows={2}
          maxLength={REVIEW_NOTE_MAX_LENGTH}
          value={value.note ?? ''}
          aria-describedby="review-note-limit"
          onChange={(event) => onChange({ ...value, note: event.target.value })}
        />
        <span id="review-note-limit" className="choice-row__hint">
          At most {REVIEW_NOTE_MAX_LENGTH} characters ({(value.note ?? '').length} used).
        </span>
      </div>
    </fieldset>
  );
}

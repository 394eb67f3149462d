import type { ReactElement, ReactNode } from 'react';
import type { Choice } from '../utils/review-items';

interface ChoiceRowProps {
  /** The radio group's name, also the prefix of its ids (a Questionnaire linkId). */
  readonly name: string;
  readonly legend: ReactNode;
  readonly choices: readonly Choice[];
  readonly value: string | undefined;
  readonly onChange: (code: string) => void;
  /** A short note under the legend (e.g. where a pre-filled answer came from). */
  readonly hint?: string;
  readonly error?: string;
}

/** One question as a native radio group: arrow keys move within it, Tab to the next question. */
export function ChoiceRow({ name, legend, choices, value, onChange, hint, error }: ChoiceRowProps): ReactElement {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset
      className={error ? 'choice-row choice-row--invalid' : 'choice-row'}
      aria-describedby={describedBy}
      data-question={name}
    >
      <legend className="choice-row__legend">{legend}</legend>
      {hint ? (
        <span id={hintId} className="choice-row__hint">
          {hint}
        </span>
      ) : null}
      <span className="choice-row__options">
        {choices.map((choice) => {
          const id = `${name}--${choice.code}`;
          return (
            <span key={choice.code} className="choice-row__option">
              <input
                type="radio"
                id={id}
                name={name}
                value={choice.code}
                checked={value === choice.code}
                onChange={() => onChange(choice.code)}
                aria-invalid={error ? true : undefined}
                aria-describedby={errorId}
              />
              <label htmlFor={id}>{choice.label}</label>
            </span>
          );
        })}
      </span>
      {error ? (
        <span id={errorId} className="field-error">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

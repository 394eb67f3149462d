import type { ReactElement } from 'react';

/** A status shown as icon + text (colour is an extra cue, never the only one). */
export function Badge({ icon, text, tone }: { icon: string; text: string; tone: string }): ReactElement {
  return (
    <span className={`badge badge--${tone}`}>
      <span aria-hidden="true" className="badge__icon">
        {icon}
      </span>{' '}
      {text}
    </span>
  );
}

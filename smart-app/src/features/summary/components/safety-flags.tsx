import type { SafetyFlag } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { SEVERITY_LABELS } from '../../../config/labels';
import { formatDate, formatText } from '../../../lib/format';

/** Critical flags (PHQ-9 item 9 positive) come first, in an alert region, at the most prominent level. */
export function SafetyFlags({ flags }: { flags: readonly SafetyFlag[] }): ReactElement | null {
  if (flags.length === 0) {
    return null;
  }
  const critical = flags.filter((flag) => flag.severity === 'critical');
  const other = flags.filter((flag) => flag.severity !== 'critical');
  return (
    <div className="safety">
      {critical.length > 0 && (
        <div role="alert" className="safety__critical">
          {critical.map((flag) => (
            <p key={flag.id} className="safety-flag safety-flag--critical">
              <span aria-hidden="true" className="safety-flag__icon">
                {SEVERITY_LABELS.critical.icon}
              </span>{' '}
              <strong>{SEVERITY_LABELS.critical.text} safety flag:</strong> {formatText(flag.message)}
              {flag.date ? ` (${formatDate(flag.date)})` : ''}{' '}
              <span className="safety-flag__detail">{formatText(flag.detail)}</span>
            </p>
          ))}
        </div>
      )}
      {other.length > 0 && (
        <ul className="safety__other">
          {other.map((flag) => (
            <li key={flag.id} className={`safety-flag safety-flag--${flag.severity}`}>
              <span aria-hidden="true" className="safety-flag__icon">
                {SEVERITY_LABELS[flag.severity].icon}
              </span>{' '}
              <strong>{SEVERITY_LABELS[flag.severity].text}:</strong> {formatText(flag.message)}{' '}
              <span className="safety-flag__detail">{formatText(flag.detail)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

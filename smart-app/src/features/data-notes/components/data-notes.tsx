import type { DataIssue } from '@tachywatch/shared';
import type { ReactElement } from 'react';
import { SEVERITY_LABELS } from '../../../config/labels';
import { QUERY_LABELS, STRINGS } from '../../../config/strings';

const ISSUE_SEVERITY = { error: 'critical', warning: 'warning', info: 'info' } as const;

/** Optional queries that failed: the assessment ran without them, and the clinician must know. */
export function DegradedNote({ failedQueries }: { failedQueries: readonly string[] }): ReactElement | null {
  if (failedQueries.length === 0) {
    return null;
  }
  return (
    <div className="note note--warning" role="status">
      <span aria-hidden="true">! </span>
      {STRINGS.optionalQueryFailed} {failedQueries.map((key) => QUERY_LABELS[key] ?? key).join(', ')}.
    </div>
  );
}

/** What could not be read from the record, so the clinician knows what the assessment is missing. */
export function DataNotes({ issues }: { issues: readonly DataIssue[] }): ReactElement {
  if (issues.length === 0) {
    return <p>No problems were found reading the record.</p>;
  }
  return (
    <details className="data-notes">
      <summary>
        {issues.length} data note{issues.length === 1 ? '' : 's'} from reading the record
      </summary>
      <ul>
        {issues.map((issue, index) => (
          <li key={`${issue.code}-${issue.resourceRef ?? index}`}>
            <span aria-hidden="true">{SEVERITY_LABELS[ISSUE_SEVERITY[issue.severity]].icon} </span>
            {issue.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

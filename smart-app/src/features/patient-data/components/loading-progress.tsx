import type { ReactElement } from 'react';
import { QUERY_LABELS, STRINGS } from '../../../config/strings';
import type { QueryProgress } from '../api/fetch-patient-data';

const STATUS_TEXT = {
  pending: { icon: '…', text: STRINGS.loadingPending },
  done: { icon: '✓', text: STRINGS.loadingDone },
  failed: { icon: '✗', text: STRINGS.loadingFailed },
} as const;

/** One line per FHIR query, updated as each completes. */
export function LoadingProgress({ queries }: { queries: readonly QueryProgress[] }): ReactElement {
  const done = queries.filter((query) => query.status !== 'pending').length;
  return (
    <section className="loading" aria-labelledby="loading-title" aria-busy="true">
      <h2 id="loading-title">{STRINGS.loadingTitle}</h2>
      <progress max={queries.length} value={done} aria-label={`${done} of ${queries.length} queries complete`}>
        {done} of {queries.length}
      </progress>
      <ul className="loading__list">
        {queries.map((query) => {
          const status = STATUS_TEXT[query.status];
          return (
            <li key={query.key} className={`loading__item loading__item--${query.status}`}>
              <span aria-hidden="true">{status.icon} </span>
              {QUERY_LABELS[query.key] ?? query.key}: {status.text}
              {query.status === 'done' && query.count !== undefined && query.key !== 'patient'
                ? ` (${query.count})`
                : ''}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

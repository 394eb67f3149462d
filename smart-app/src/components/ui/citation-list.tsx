import { getCitation } from '@tachywatch/shared';
import type { CitationId } from '@tachywatch/shared';
import type { ReactElement } from 'react';

const TAG_LABELS = {
  V: 'verified',
  V2: 'verified (secondary source)',
  K: 'background knowledge',
  D: 'design choice',
} as const;

export function CitationList({ ids }: { ids: readonly CitationId[] }): ReactElement | null {
  if (ids.length === 0) {
    return null;
  }
  return (
    <ul className="citations" aria-label="Sources">
      {ids.map((id) => {
        const citation = getCitation(id);
        const text = `${citation.title}${citation.year ? ` (${citation.year})` : ''}`;
        return (
          <li key={id}>
            {citation.url ? (
              <a href={citation.url} target="_blank" rel="noreferrer">
                {text}
              </a>
            ) : (
              text
            )}{' '}
            <span className="citation-tag">
              [{citation.tag}: {TAG_LABELS[citation.tag]}]
            </span>
          </li>
        );
      })}
    </ul>
  );
}

import type { ReactElement, ReactNode } from 'react';
import { GLOSSARY } from '../../config/glossary';

/** A term with its glossary definition as a tooltip (hover or keyboard focus); plain text when none is defined. */
export function Term({ id, children }: { id: string; children: ReactNode }): ReactElement {
  const definition = GLOSSARY[id];
  if (!definition) {
    return <>{children}</>;
  }
  return (
    <abbr className="term" title={definition} tabIndex={0}>
      {children}
    </abbr>
  );
}

import { useEffect, useRef } from 'react';
import type { ReactElement, ReactNode } from 'react';

export type SectionId =
  'summary' | 'timeline' | 'trials' | 'assessment' | 'resistance' | 'options' | 'review' | 'data-notes';

interface SectionProps {
  readonly id: SectionId;
  readonly title: string;
  /** Scroll to and focus this section (the launch's appContext asked for it). */
  readonly focused?: boolean;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
}

export function Section({ id, title, focused = false, actions, children }: SectionProps): ReactElement {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focused && ref.current) {
      ref.current.scrollIntoView?.({ block: 'start' });
      ref.current.focus({ preventScroll: true });
    }
  }, [focused]);
  return (
    <section
      ref={ref}
      id={`section-${id}`}
      aria-labelledby={`heading-${id}`}
      className={focused ? 'section section--focused' : 'section'}
      tabIndex={-1}
      data-focused={focused ? 'true' : undefined}
    >
      <div className="section__header">
        <h2 id={`heading-${id}`}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { GLOSSARY } from '../../config/glossary';
import { GlossaryText, Term } from './term';

describe('glossary', () => {
  it('explains a term as a focusable tooltip, and leaves unknown terms as plain text', () => {
    const { container } = render(
      <p>
        <Term id="pdc">PDC</Term> and <Term id="not-a-term">other</Term>
      </p>
    );
    const term = screen.getByText('PDC');
    expect(term.tagName).toBe('ABBR');
    expect(term).toHaveAttribute('title', GLOSSARY.pdc);
    expect(term).toHaveAttribute('tabindex', '0');
    expect(container.querySelectorAll('abbr')).toHaveLength(1);
    expect(container.textContent).toBe('PDC and other');
  });

  it('marks every known abbreviation inside an engine sentence, once per occurrence', () => {
    const { container } = render(<GlossaryText text="mirtazapine: NaSSA; SSRIs and SARI tried; PDC 44 %" />);
    expect([...container.querySelectorAll('abbr')].map((abbr) => abbr.textContent)).toEqual([
      'NaSSA',
      'SSRIs',
      'SARI',
      'PDC',
    ]);
    expect(container.textContent).toBe('mirtazapine: NaSSA; SSRIs and SARI tried; PDC 44 %');
  });
});

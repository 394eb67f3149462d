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

/** Abbreviations explained wherever they appear in a sentence from the engine (word boundaries, case-sensitive). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  PDC: 'pdc',
  MCID: 'mcid',
  SSRI: 'SSRI',
  SSRIs: 'SSRI',
  SNRI: 'SNRI',
  SNRIs: 'SNRI',
  NDRI: 'NDRI',
  NaSSA: 'NaSSA',
  SARI: 'SARI',
  SPARI: 'SPARI',
  TCA: 'TCA',
  TCAs: 'TCA',
  MAOI: 'MAOI',
  MAOIs: 'MAOI',
  nadir: 'nadir',
  TRD: 'trd',
};
const ABBREVIATION_PATTERN = new RegExp(`\\b(${Object.keys(ABBREVIATIONS).join('|')})\\b`, 'g');

/** A sentence with its abbreviations as glossary tooltips. */
export function GlossaryText({ text }: { text: string }): ReactElement {
  const parts = text.split(ABBREVIATION_PATTERN);
  return (
    <>
      {parts.map((part, index) => {
        const id = index % 2 === 1 ? ABBREVIATIONS[part] : undefined;
        return id ? (
          <Term key={index} id={id}>
            {part}
          </Term>
        ) : (
          part
        );
      })}
    </>
  );
}

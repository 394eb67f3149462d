/** Regions that print on US Letter; everywhere else prints on A4 (ISO 216). */
const LETTER_REGIONS: ReadonlySet<string> = new Set(['US', 'CA', 'MX', 'PH', 'CL', 'CO', 'VE', 'PR', 'GT', 'CR', 'PA']);

/** The paper size for a locale: Letter for en-US and the other Letter regions, A4 otherwise. */
export function getPaperSize(locale: string): 'Letter' | 'A4' {
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).maximize().region;
  } catch {
    region = undefined;
  }
  return region !== undefined && LETTER_REGIONS.has(region) ? 'Letter' : 'A4';
}

/**
 * Sets the printed page size for the locale (a stylesheet's @page rule cannot read it) and opens every disclosure
 * while printing, so a printout keeps what is folded on screen (details, candidate doses, the TMS checklist).
 */
export function setUpPrinting(doc: Document, locale: string): void {
  const style = doc.createElement('style');
  style.dataset.printPage = getPaperSize(locale);
  style.textContent = `@media print { @page { size: ${getPaperSize(locale)}; } }`;
  doc.head.appendChild(style);
  const closed: HTMLDetailsElement[] = [];
  doc.defaultView?.addEventListener('beforeprint', () => {
    for (const details of doc.querySelectorAll('details:not([open])')) {
      closed.push(details as HTMLDetailsElement);
      (details as HTMLDetailsElement).open = true;
    }
  });
  doc.defaultView?.addEventListener('afterprint', () => {
    for (const details of closed.splice(0)) details.open = false;
  });
}

import { describe, expect, it } from 'vitest';
import { getPaperSize, setUpPrinting } from './print-page';

describe('print page', () => {
  it('prints Letter for en-US and the other Letter regions, A4 elsewhere', () => {
    expect(getPaperSize('en-US')).toBe('Letter');
    expect(getPaperSize('en')).toBe('Letter');
    expect(getPaperSize('es-MX')).toBe('Letter');
    expect(getPaperSize('en-GB')).toBe('A4');
    expect(getPaperSize('de')).toBe('A4');
    expect(getPaperSize('not a locale')).toBe('A4');
  });

  it('sets the @page size and opens every disclosure while printing', () => {
    setUpPrinting(document, 'en-US');
    expect(document.head.innerHTML).toContain('@page { size: Letter; }');
    document.body.innerHTML = '<details><summary>More</summary>x</details>';
    const details = document.querySelector('details');
    window.dispatchEvent(new Event('beforeprint'));
    expect(details?.open).toBe(true);
    window.dispatchEvent(new Event('afterprint'));
    expect(details?.open).toBe(false);
  });
});

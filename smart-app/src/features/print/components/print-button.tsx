import type { ReactElement } from 'react';
import { STRINGS } from '../../../config/strings';

/** Prints the review; the `@media print` rules lay it out on one or two pages. */
export function PrintButton({ onPrint = () => window.print() }: { onPrint?: () => void }): ReactElement {
  return (
    <button type="button" className="print-button" onClick={onPrint}>
      {STRINGS.print}
    </button>
  );
}

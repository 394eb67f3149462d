/** Marks read by the benchmark (`scripts/bench/app.ts`): ready() resolved → timeline drawn. */
export const MARK_READY = 'tachywatch:ready';
export const MARK_TIMELINE_DRAWN = 'tachywatch:timeline-drawn';
/** Every query answered (all pages). */
export const MARK_DATA_LOADED = 'tachywatch:data-loaded';
/** readPatientRecord + assessPatient done. */
export const MARK_ASSESSED = 'tachywatch:assessed';

export function markOnce(name: string): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') {
    return;
  }
  if (performance.getEntriesByName(name, 'mark').length === 0) {
    performance.mark(name);
  }
}

import type { MedicationEvent } from '../domain/record';
import { collectEntries } from './bundle';
import { readMedicationEvent } from './medications';
import { ResourceIndex, toResourceRef } from './references';

/**
 * The draft MedicationRequests of a CDS Hooks `order-select` / `order-sign` `draftOrders` Bundle (or an array or
 * single resource), mapped to the catalogue. Drafts keep every status but entered-in-error/cancelled and every
 * intent (sandboxes send `proposal`). Never throws; unreadable drafts are skipped.
 */
export function readDraftMedicationOrders(draftOrders: unknown): MedicationEvent[] {
  try {
    const { entries } = collectEntries(draftOrders);
    const index = new ResourceIndex(entries);
    const events: MedicationEvent[] = [];
    entries.forEach(({ resource }, position) => {
      if (resource.resourceType !== 'MedicationRequest') {
        return;
      }
      try {
        const { event } = readMedicationEvent(
          resource as typeof resource & { resourceType: 'MedicationRequest' },
          toResourceRef(resource, position),
          index,
          { ignoredStatuses: ['entered-in-error', 'cancelled'], keepAllIntents: true }
        );
        if (event) {
          events.push(event);
        }
      } catch {
        // An unreadable draft is not analysed; the rest still are.
      }
    });
    return events;
  } catch {
    return [];
  }
}

import type { CitationId } from './citation-ids';

export interface QtDoseCap {
  readonly agentId: string;
  readonly maxDailyDoseMg: number;
  /** Above this age the lower cap applies. */
  readonly olderAdultAge: number;
  readonly olderAdultMaxDailyDoseMg: number;
  readonly citationIds: readonly CitationId[];
}

/** QT-related daily dose caps (clinical.md §8, [K] label): citalopram max 40 mg, 20 mg if older than 60. */
export const QT_DOSE_CAPS: readonly QtDoseCap[] = [
  {
    agentId: 'citalopram',
    maxDailyDoseMg: 40,
    olderAdultAge: 60,
    olderAdultMaxDailyDoseMg: 20,
    citationIds: ['drug-labels'],
  },
];

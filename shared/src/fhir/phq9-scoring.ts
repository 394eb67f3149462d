import type { DataIssue } from '../domain/issues';
import type { Phq9Instrument, Phq9Score, UnscoredItem9 } from '../domain/record';
import { THRESHOLDS } from '../knowledge/thresholds';
import { ITEM_COUNT, type Part } from './phq9-parts';

/** Where scoring reports what it could not score: data issues, and item 9 answers of unscorable administrations. */
export interface ScoringSink {
  readonly issues: DataIssue[];
  readonly unscoredItem9: UnscoredItem9[];
}

/**
 * One administration's score from its group of parts: the recorded total (panel or questionnaire first, then a total
 * Observation), or the sum of nine items when none was recorded; a recorded total that disagrees with its nine items
 * is kept, with `phq9.total-mismatch`. Without a total or nine items nothing is scored, but a positive item 9 is kept.
 */
export function scoreGroup(group: readonly Part[], sink: ScoringSink): Phq9Score | undefined {
  const parts = group.length === 1 ? group : [...group].sort((a, b) => partRank(a) - partRank(b) || a.order - b.order);
  const items = new Array<number | undefined>(ITEM_COUNT).fill(undefined);
  let recorded: number | undefined;
  for (const part of parts) {
    recorded ??= part.total;
    if (part.items) {
      for (let itemIndex = 0; itemIndex < ITEM_COUNT; itemIndex += 1) {
        items[itemIndex] ??= part.items[itemIndex];
      }
    }
  }
  const refs = parts.map((part) => part.ref);
  const first = parts[0] as Part;
  let date = first.date;
  for (const part of parts) {
    if (part.date < date) {
      date = part.date;
    }
  }
  const instrument: Phq9Instrument = parts.some((part) => part.teen) ? 'PHQ-9M' : 'PHQ-9';
  const known = items.filter((value): value is number => value !== undefined);
  const computed = known.length === ITEM_COUNT ? known.reduce((sum, value) => sum + value, 0) : undefined;
  const item9 = items[ITEM_COUNT - 1];
  if (recorded === undefined && computed === undefined) {
    const positive = item9 !== undefined && item9 >= THRESHOLDS.item9Positive.value;
    sink.issues.push({
      code: positive ? 'phq9.item9-positive-incomplete' : 'phq9.incomplete',
      severity: positive ? 'error' : 'warning',
      message: positive
        ? 'A PHQ-9 with a positive item 9 (thoughts of self-harm) has no total and fewer than nine answered items: review it directly.'
        : 'A PHQ-9 has no total and fewer than nine answered items; it was not scored.',
      resourceRef: first.ref,
    });
    if (item9 !== undefined) {
      sink.unscoredItem9.push({ refs, date, value: item9 });
    }
    return undefined;
  }
  if (recorded !== undefined && computed !== undefined && recorded !== computed) {
    sink.issues.push({
      code: 'phq9.total-mismatch',
      severity: 'warning',
      message: 'The recorded PHQ-9 total differs from the sum of its nine items; the recorded total was kept.',
      resourceRef: first.ref,
    });
  }
  const score: { -readonly [Key in keyof Phq9Score]: Phq9Score[Key] } = {
    refs,
    date,
    total: recorded ?? (computed as number),
    instrument,
    totalSource: recorded !== undefined ? 'recorded' : 'computed',
  };
  // Assigned (not spread from conditional objects): this runs for every PHQ-9; the key order is unchanged.
  if (known.length > 0) score.items = items;
  if (item9 !== undefined) score.item9 = item9;
  return score;
}

function partRank(part: Part): number {
  switch (part.kind) {
    case 'panel':
    case 'questionnaire':
      return 0;
    case 'total':
      return 1;
    case 'item':
      return 2;
  }
}

import type { Adherence } from '../domain/assessment';
import { addDays, daysBetween, type IsoDate } from '../domain/dates';
import { getSupplyDays, type MedicationInterval } from './medication-intervals';

interface Supply {
  readonly start: IsoDate;
  readonly days: number;
}

function getSupplies(intervals: readonly MedicationInterval[]): { basis: Adherence['basis']; supplies: Supply[] } {
  const dispenses: Supply[] = [];
  const requests: Supply[] = [];
  for (const interval of intervals) {
    const days = getSupplyDays(interval.event);
    if (days === undefined) {
      continue;
    }
    if (interval.source === 'MedicationDispense') {
      dispenses.push({ start: interval.start, days });
    } else if (interval.source === 'MedicationRequest') {
      requests.push({ start: interval.start, days });
    }
  }
  if (dispenses.length > 0) {
    return { basis: 'dispenses', supplies: dispenses };
  }
  if (requests.length > 0) {
    return { basis: 'request-supply', supplies: requests };
  }
  return { basis: 'none', supplies: [] };
}

/**
 * Proportion of days covered (PQA) over [windowStart, windowEnd]: each supply covers `days` days from its date,
 * and a supply that starts while the previous one still runs is shifted to start after it. Uses dispenses; falls
 * back to the prescribed supply of requests; without either, `pdc` is absent (basis `none`).
 */
export function analyzeAdherence(
  intervals: readonly MedicationInterval[],
  windowStart: IsoDate,
  windowEnd: IsoDate
): Adherence {
  const end = windowEnd < windowStart ? windowStart : windowEnd;
  const windowDays = daysBetween(windowStart, end) + 1;
  const { basis, supplies } = getSupplies(intervals);
  if (basis === 'none') {
    return { basis, windowStart, windowEnd: end, gaps: [], longestGapDays: 0 };
  }
  supplies.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  // Covered runs as day offsets from windowStart, already non-overlapping because of the shift.
  const runs: [number, number][] = [];
  let cursor = Number.NEGATIVE_INFINITY;
  for (const supply of supplies) {
    const offset = daysBetween(windowStart, supply.start);
    if (offset >= windowDays) {
      break;
    }
    const from = Math.max(offset, cursor);
    const to = from + supply.days - 1;
    cursor = to + 1;
    if (to >= 0 && from < windowDays) {
      runs.push([Math.max(from, 0), Math.min(to, windowDays - 1)]);
    }
  }
  let covered = 0;
  const gaps: { start: IsoDate; end: IsoDate; days: number }[] = [];
  let next = 0;
  for (const [from, to] of runs) {
    if (from > next) {
      gaps.push({ start: addDays(windowStart, next), end: addDays(windowStart, from - 1), days: from - next });
    }
    covered += to - from + 1;
    next = to + 1;
  }
  if (next < windowDays) {
    gaps.push({ start: addDays(windowStart, next), end, days: windowDays - next });
  }
  const longestGapDays = gaps.reduce((max, gap) => Math.max(max, gap.days), 0);
  return { pdc: covered / windowDays, basis, windowStart, windowEnd: end, gaps, longestGapDays };
}

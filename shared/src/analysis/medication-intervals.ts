import { addDays, daysBetween, isValidIsoDate, type IsoDate } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import type { AgentDose, MedicationEvent, MedicationSource, PatientRecord } from '../domain/record';
import type { AgentInfo } from '../knowledge/types';
import type { AnalysisContext } from './context';
import { CONTINUING_MEDICATION_STATUSES, EXCLUDED_MEDICATION_STATUSES } from './medication-status';

/** One catalogue agent inside one medication record, as a span of days. */
export interface MedicationInterval {
  readonly agent: AgentInfo;
  readonly event: MedicationEvent;
  readonly dose: AgentDose;
  readonly source: MedicationSource;
  readonly start: IsoDate;
  /** Inclusive last day; absent when the interval is still running on `asOf`. */
  readonly end?: IsoDate;
  /** Last day of the supply the record provides, when it states one (clipped to `asOf`). */
  readonly supplyEnd?: IsoDate;
}

export interface MedicationIntervals {
  /** Per agent id, sorted by start (then by source, then ref). */
  readonly byAgent: ReadonlyMap<string, readonly MedicationInterval[]>;
  readonly issues: readonly DataIssue[];
}

const SOURCE_ORDER: Readonly<Record<MedicationSource, number>> = {
  MedicationStatement: 0,
  MedicationRequest: 1,
  MedicationDispense: 2,
};

export function getIntervalEnd(interval: MedicationInterval, asOf: IsoDate): IsoDate {
  return interval.end ?? asOf;
}

/** Days of supply a record provides: daysSupply, times (refills + 1) for a request. */
export function getSupplyDays(event: MedicationEvent): number | undefined {
  const days = event.daysSupply;
  if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0) {
    return undefined;
  }
  if (event.source !== 'MedicationRequest') {
    return Math.ceil(days);
  }
  const refills =
    typeof event.refills === 'number' && Number.isFinite(event.refills) && event.refills > 0 ? event.refills : 0;
  return Math.ceil(days) * (Math.floor(refills) + 1);
}

/** The last covered day of `days` of supply from `start`, never beyond `asOf` (so huge values cannot overflow). */
export function getSupplyEnd(start: IsoDate, days: number, asOf: IsoDate): IsoDate {
  const untilAsOf = daysBetween(start, asOf);
  return days - 1 >= untilAsOf ? asOf : addDays(start, days - 1);
}

function isUsableDate(value: string | undefined): value is IsoDate {
  return typeof value === 'string' && isValidIsoDate(value);
}

interface DraftInterval {
  agent: AgentInfo;
  event: MedicationEvent;
  dose: AgentDose;
  start: IsoDate;
  end?: IsoDate;
  supplyEnd?: IsoDate;
  /** An active record with neither an end nor a supply: ongoing unless a later record supersedes it. */
  openEnded: boolean;
}

function toDraftInterval(event: MedicationEvent, dose: AgentDose, agent: AgentInfo, asOf: IsoDate): DraftInterval {
  const start = event.start as IsoDate;
  const continuing = CONTINUING_MEDICATION_STATUSES.has(event.status);
  const supplyDays = getSupplyDays(event);
  const supplyEnd = supplyDays === undefined ? undefined : getSupplyEnd(start, supplyDays, asOf);
  // One object per record, completed by assignment (spreading a base object per case showed in profiles).
  const draft: DraftInterval = { agent, event, dose, start, supplyEnd, openEnded: false };
  if (isUsableDate(event.end)) {
    const end = event.end < start ? start : event.end;
    if (end < asOf) draft.end = end;
    return draft;
  }
  if (supplyEnd !== undefined) {
    const coversAsOf = supplyEnd >= asOf;
    // A record whose supply still covers today is running unless it was explicitly stopped or completed.
    if (!(coversAsOf && (continuing || event.source === 'MedicationDispense'))) {
      draft.end = supplyEnd;
    }
    return draft;
  }
  if (continuing && event.source !== 'MedicationDispense') {
    draft.openEnded = true;
    return draft;
  }
  draft.end = start;
  return draft;
}

/**
 * Maps every medication record to per-agent day spans. Records without a usable start, with an excluded status,
 * dated after `asOf`, or naming no catalogue agent are left out (with a data issue where that is surprising).
 */
export function buildMedicationIntervals(record: PatientRecord, ctx: AnalysisContext): MedicationIntervals {
  const issues: DataIssue[] = [];
  const drafts = new Map<string, DraftInterval[]>();
  for (const event of record.medications) {
    if (EXCLUDED_MEDICATION_STATUSES.has(event.status)) {
      continue;
    }
    if (!isUsableDate(event.start)) {
      issues.push({
        code: 'analysis.medication-no-start',
        severity: 'warning',
        message: `A medication record (${event.text || 'unnamed'}) has no usable start date and was left out of the trial history.`,
        resourceRef: event.ref,
      });
      continue;
    }
    if (event.start > ctx.asOf) {
      continue;
    }
    for (const dose of event.agents) {
      const agent = ctx.getAgent(dose.agentId);
      if (!agent) {
        continue;
      }
      const draft = toDraftInterval(event, dose, agent, ctx.asOf);
      const list = drafts.get(agent.id);
      if (list) {
        list.push(draft);
      } else {
        drafts.set(agent.id, [draft]);
      }
    }
  }
  const byAgent = new Map<string, readonly MedicationInterval[]>();
  for (const [agentId, list] of drafts) {
    list.sort(compareDrafts);
    byAgent.set(agentId, closeOpenEnded(list));
  }
  return { byAgent, issues };
}

function compareDrafts(a: DraftInterval, b: DraftInterval): number {
  if (a.start !== b.start) {
    return a.start < b.start ? -1 : 1;
  }
  const bySource = SOURCE_ORDER[a.event.source] - SOURCE_ORDER[b.event.source];
  if (bySource !== 0) {
    return bySource;
  }
  return a.event.ref < b.event.ref ? -1 : a.event.ref > b.event.ref ? 1 : 0;
}

/**
 * An open-ended active prescription is superseded by the next statement or request of the same agent that starts
 * later (one backward pass keeps this linear).
 */
function closeOpenEnded(sorted: readonly DraftInterval[]): MedicationInterval[] {
  const result = new Array<MedicationInterval>(sorted.length);
  // Start of the nearest later prescribed record, and of the nearest one starting strictly later than that.
  let nextStart: IsoDate | undefined;
  let nextLaterStart: IsoDate | undefined;
  for (let index = sorted.length - 1; index >= 0; index -= 1) {
    const draft = sorted[index] as DraftInterval;
    const supersededBy = nextStart !== undefined && nextStart > draft.start ? nextStart : nextLaterStart;
    const end = draft.openEnded && supersededBy !== undefined ? addDays(supersededBy, -1) : draft.end;
    const interval: { -readonly [Key in keyof MedicationInterval]: MedicationInterval[Key] } = {
      agent: draft.agent,
      event: draft.event,
      dose: draft.dose,
      source: draft.event.source,
      start: draft.start,
    };
    if (end !== undefined) interval.end = end;
    if (draft.supplyEnd !== undefined) interval.supplyEnd = draft.supplyEnd;
    result[index] = interval;
    if (draft.event.source !== 'MedicationDispense') {
      if (nextStart !== undefined && nextStart > draft.start) {
        nextLaterStart = nextStart;
      }
      nextStart = draft.start;
    }
  }
  return result;
}

/** True when the interval covers `date`. */
export function coversDate(interval: MedicationInterval, date: IsoDate): boolean {
  return interval.start <= date && (interval.end === undefined || interval.end >= date);
}

import { dateToIsoDate, isValidIsoDate, toIsoDate, type IsoDate } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import type { PatientRecord } from '../domain/record';
import { AGENTS, getAgent } from '../knowledge/agents';
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig } from './config';
import type { AnalysisContext } from './context';

export interface AnalysisOptions {
  /** The day to assess for: a Date or an ISO date/dateTime string. Nothing in the analysis reads the clock. */
  readonly now: Date | string;
  readonly config?: AnalysisConfig;
}

function toAsOf(now: Date | string | undefined): IsoDate | undefined {
  if (now instanceof Date) {
    return Number.isNaN(now.getTime()) ? undefined : dateToIsoDate(now);
  }
  return typeof now === 'string' ? toIsoDate(now) : undefined;
}

function getLatestRecordDate(record: PatientRecord): IsoDate {
  let latest = dateToIsoDate(new Date(0));
  const consider = (value: unknown): void => {
    if (typeof value === 'string' && isValidIsoDate(value) && value > latest) {
      latest = value;
    }
  };
  for (const score of record.phq9) {
    consider(score.date);
  }
  for (const event of record.medications) {
    consider(event.start);
  }
  return latest;
}

/** Arrays a typed record must have; a malformed record from outside gets empty ones instead of a crash. */
export function normaliseRecord(record: PatientRecord): PatientRecord {
  const list = <T>(value: readonly T[] | undefined): readonly T[] =>
    Array.isArray(value) ? (value as readonly T[]) : [];
  const input = (record ?? {}) as Partial<PatientRecord>;
  return {
    ...(input.patient && typeof input.patient === 'object' ? { patient: input.patient } : {}),
    medications: list(input.medications).filter((e) => e && typeof e === 'object' && Array.isArray(e.agents)),
    phq9: list(input.phq9).filter((s) => s && typeof s === 'object' && Array.isArray(s.refs)),
    unscoredItem9: list(input.unscoredItem9).filter((a) => a && typeof a === 'object' && Array.isArray(a.refs)),
    conditions: list(input.conditions).filter((c) => c && typeof c === 'object'),
    procedures: list(input.procedures).filter((p) => p && typeof p === 'object' && typeof p.start === 'string'),
    tobacco: list(input.tobacco).filter((s) => s && typeof s === 'object'),
    pharmacogenomics: list(input.pharmacogenomics).filter((p) => p && typeof p === 'object'),
    pregnancyStatus: list(input.pregnancyStatus).filter(
      (p) => p && typeof p === 'object' && typeof p.date === 'string'
    ),
    labs: list(input.labs).filter(
      (l) => l && typeof l === 'object' && typeof l.date === 'string' && typeof l.value === 'number'
    ),
    reviews: list(input.reviews).filter(
      (r) => r && typeof r === 'object' && typeof r.authored === 'string' && typeof r.conclusion === 'string'
    ),
    issues: list(input.issues),
  };
}

export function buildAnalysisContext(
  record: PatientRecord,
  options: AnalysisOptions
): { ctx: AnalysisContext; issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  let asOf = toAsOf(options?.now);
  if (asOf === undefined) {
    asOf = getLatestRecordDate(record);
    issues.push({
      code: 'analysis.invalid-now',
      severity: 'error',
      message: `The assessment date was not a valid date; the latest date in the record (${asOf}) was used instead.`,
    });
  }
  const thresholds = { ...DEFAULT_ANALYSIS_CONFIG.thresholds, ...options?.config?.thresholds };
  return { ctx: { asOf, t: thresholds, agents: AGENTS, getAgent }, issues };
}

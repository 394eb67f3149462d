/**
 * Typed record builders and named patient records for the analysis tests (medplum style). Dates are fixed so no
 * test depends on the day it runs.
 */
import { addDays, type IsoDate } from '../domain/dates';
import { EMPTY_PATIENT_RECORD } from '../domain/record';
import type {
  AgentDose,
  ConditionFact,
  MedicationEvent,
  PatientRecord,
  Phq9Score,
  PgxPhenotype,
  ProcedureFact,
  TobaccoStatus,
} from '../domain/record';
import { buildAnalysisContext } from './build-context';
import { buildAnalysisConfig, type ThresholdValues } from './config';
import type { AnalysisContext } from './context';

export const EMPTY_RECORD: PatientRecord = EMPTY_PATIENT_RECORD;

export function buildRecord(parts: Partial<PatientRecord>): PatientRecord {
  return { ...EMPTY_RECORD, patient: { birthDate: '1980-05-01' }, ...parts };
}

interface EventOptions {
  readonly dose?: number;
  readonly status?: string;
  readonly end?: IsoDate;
  readonly daysSupply?: number;
  readonly refills?: number;
  readonly formulation?: AgentDose['formulation'];
  readonly intent?: string;
}

function toAgentDose(agentId: string, options: EventOptions): AgentDose {
  return {
    agentId,
    ...(options.dose === undefined
      ? { doseBasis: 'unknown' as const }
      : { dailyDoseMg: options.dose, doseBasis: 'dosage' as const }),
    ...(options.formulation ? { formulation: options.formulation } : {}),
  };
}

export function statement(ref: string, agentId: string, start: IsoDate, options: EventOptions = {}): MedicationEvent {
  return {
    ref: `MedicationStatement/${ref}`,
    source: 'MedicationStatement',
    status: options.status ?? 'active',
    text: agentId,
    agents: [toAgentDose(agentId, options)],
    start,
    ...(options.end ? { end: options.end } : {}),
  };
}

export function request(ref: string, agentId: string, start: IsoDate, options: EventOptions = {}): MedicationEvent {
  return {
    ref: `MedicationRequest/${ref}`,
    source: 'MedicationRequest',
    status: options.status ?? 'active',
    intent: options.intent ?? 'order',
    text: agentId,
    agents: [toAgentDose(agentId, options)],
    start,
    ...(options.end ? { end: options.end } : {}),
    ...(options.daysSupply === undefined ? {} : { daysSupply: options.daysSupply }),
    ...(options.refills === undefined ? {} : { refills: options.refills }),
  };
}

export function dispense(ref: string, agentId: string, start: IsoDate, options: EventOptions = {}): MedicationEvent {
  return {
    ref: `MedicationDispense/${ref}`,
    source: 'MedicationDispense',
    status: options.status ?? 'completed',
    text: agentId,
    agents: [toAgentDose(agentId, options)],
    start,
    daysSupply: options.daysSupply ?? 30,
  };
}

/** `count` dispenses of `daysSupply` days, every `everyDays` days from `start`. */
export function dispenses(
  prefix: string,
  agentId: string,
  start: IsoDate,
  count: number,
  options: EventOptions & { readonly everyDays?: number } = {}
): MedicationEvent[] {
  const every = options.everyDays ?? options.daysSupply ?? 30;
  return Array.from({ length: count }, (_, i) =>
    dispense(`${prefix}-${i}`, agentId, addDays(start, i * every), options)
  );
}

export function phq(date: IsoDate, total: number, item9?: number): Phq9Score {
  return {
    refs: [`Observation/phq-${date}-${total}`],
    date,
    total,
    instrument: 'PHQ-9',
    totalSource: 'recorded',
    ...(item9 === undefined ? {} : { item9 }),
  };
}

export function condition(
  ref: string,
  category: ConditionFact['category'],
  extra: Partial<ConditionFact> = {}
): ConditionFact {
  return {
    ref: `Condition/${ref}`,
    category,
    system: 'http://hl7.org/fhir/sid/icd-10-cm',
    code: category,
    display: category,
    clinicalStatus: 'active',
    ...extra,
  };
}

export function procedure(ref: string, kind: ProcedureFact['kind'], start: IsoDate): ProcedureFact {
  return { ref: `Procedure/${ref}`, kind, system: 'http://www.ama-assn.org/go/cpt', code: kind, start };
}

export function tobacco(ref: string, date: IsoDate, status: TobaccoStatus['status']): TobaccoStatus {
  return { ref: `Observation/${ref}`, date, status };
}

export function pgx(ref: string, gene: PgxPhenotype['gene'], phenotype: PgxPhenotype['phenotype']): PgxPhenotype {
  return { ref: `Observation/${ref}`, date: '2023-01-01', gene, phenotype };
}

export const NOW = '2025-01-10';

/** The classic story: sertraline 100 mg, baseline 19 → remission → worsening to 16, confirmed 18 days later. */
export const CLASSIC_PHQ9: readonly Phq9Score[] = [
  phq('2024-01-05', 19),
  phq('2024-02-05', 14),
  phq('2024-03-04', 8),
  phq('2024-04-01', 4),
  phq('2024-06-03', 3),
  phq('2024-09-02', 4),
  phq('2024-12-02', 16),
  phq('2024-12-20', 17),
];

export const RecordClassicSertralineLoss: PatientRecord = buildRecord({
  medications: [
    statement('sert', 'sertraline', '2024-01-08', { dose: 100 }),
    ...dispenses('sert-fill', 'sertraline', '2024-01-08', 13, { dose: 100, daysSupply: 30 }),
  ],
  phq9: CLASSIC_PHQ9,
});

export function buildTestContext(now: IsoDate = NOW, overrides: Partial<ThresholdValues> = {}): AnalysisContext {
  const { ctx } = buildAnalysisContext(EMPTY_RECORD, { now, config: buildAnalysisConfig(overrides) });
  return ctx;
}

/** An adequate (12-week) non-response trial of `agentId` at `dose`, baseline 20 → 18. */
export function failedTrial(
  agentId: string,
  dose: number,
  start: string
): { meds: MedicationEvent[]; scores: Phq9Score[] } {
  return {
    meds: [statement(`${agentId}-${start}`, agentId, start, { dose, status: 'completed', end: addDays(start, 83) })],
    scores: [phq(start, 20), phq(addDays(start, 70), 18)],
  };
}

export function recordOfTrials(...trials: { meds: MedicationEvent[]; scores: Phq9Score[] }[]): PatientRecord {
  return buildRecord({ medications: trials.flatMap((t) => t.meds), phq9: trials.flatMap((t) => t.scores) });
}

export const RecordTwoClassFailures: PatientRecord = recordOfTrials(
  failedTrial('sertraline', 100, '2024-01-01'),
  failedTrial('venlafaxine', 150, '2024-05-01')
);

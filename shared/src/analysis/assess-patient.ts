import type { Assessment, TachyphylaxisFinding, TreatmentResistance } from '../domain/assessment';
import { ageInYears, isValidIsoDate } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import type { PatientRecord } from '../domain/record';
import { KNOWLEDGE_VERSION } from '../knowledge/pack';
import { analyzeItem9, analyzeSafety, checkLatestItem9Recorded } from './analyze-safety';
import { analyzeTachyphylaxis, TACHYPHYLAXIS_CITATIONS } from './analyze-tachyphylaxis';
import { buildAnalysisContext, normaliseRecord, type AnalysisOptions } from './build-context';
import { buildTrials } from './build-trials';
import type { AnalysisContext } from './context';
import { assessDocumentedReview } from './documented-review';
import { buildInterventions } from './interventions';
import { buildMedicationIntervals } from './medication-intervals';
import { buildOptions } from './options';
import { getPhq9Bands } from './phq9-bands';
import { buildPhq9Points } from './phq9-series';
import { analyzeResidualDrift } from './residual-drift';
import { analyzeTreatmentResistance, TRD_CITATIONS } from './treatment-resistance';
import { toTrial } from './trial-outcome';

export function getAgeYears(record: PatientRecord, ctx: AnalysisContext): number | undefined {
  const birthDate = record.patient?.birthDate;
  if (typeof birthDate !== 'string' || !isValidIsoDate(birthDate) || birthDate > ctx.asOf) {
    return undefined;
  }
  return ageInYears(birthDate, ctx.asOf);
}

function runAssessment(record: PatientRecord, ctx: AnalysisContext, contextIssues: readonly DataIssue[]): Assessment {
  const ageYears = getAgeYears(record, ctx);
  const { points, issues: phq9Issues } = buildPhq9Points(record.phq9, ctx.asOf, ctx.t);
  const intervals = buildMedicationIntervals(record, ctx);
  const cores = buildTrials(intervals, ctx);
  const trials = cores.map((core) => toTrial(core, points, ctx));
  const interventions = buildInterventions(record.procedures, ctx);
  const tachyphylaxis = analyzeTachyphylaxis({ record, trials, cores, points, intervals, interventions }, ctx);
  const item9Gap = checkLatestItem9Recorded(record, ctx);
  const residualDrift = analyzeResidualDrift(record.phq9, trials, tachyphylaxis, points, ctx);
  const safety = analyzeSafety({ record, trials, intervals, ...(ageYears === undefined ? {} : { ageYears }) }, ctx);
  const treatmentResistance = analyzeTreatmentResistance(record, trials, points, ctx);
  const documentedReview = assessDocumentedReview(record.reviews ?? [], tachyphylaxis, points, safety, ctx);
  const options = buildOptions(
    {
      record,
      trials,
      points,
      tachyphylaxis,
      treatmentResistance,
      safety,
      ...(ageYears === undefined ? {} : { ageYears }),
    },
    ctx
  );
  return {
    knowledgeVersion: KNOWLEDGE_VERSION,
    asOf: ctx.asOf,
    patient: {
      ...(record.patient?.id === undefined ? {} : { id: record.patient.id }),
      ...(ageYears === undefined ? {} : { ageYears }),
    },
    phq9: points,
    trials,
    tachyphylaxis,
    safety,
    treatmentResistance,
    options,
    interventions,
    phq9Bands: getPhq9Bands(ctx.t),
    ...(residualDrift ? { residualDrift } : {}),
    ...(documentedReview ? { documentedReview } : {}),
    issues: [...record.issues, ...contextIssues, ...phq9Issues, ...intervals.issues, ...(item9Gap ? [item9Gap] : [])],
  };
}

const EMPTY_TACHYPHYLAXIS: TachyphylaxisFinding = {
  status: 'none',
  confounders: [],
  priorLossesOfResponse: [],
  evidence: [],
  reason: 'The record could not be analysed.',
  citationIds: TACHYPHYLAXIS_CITATIONS,
};

const EMPTY_RESISTANCE: TreatmentResistance = {
  adequateFailedTrialIds: [],
  meetsTrdDefinition: false,
  thaseRush: { value: 0, missing: ['The record could not be analysed.'] },
  maudsley: { value: { score: 0, band: 'mild' }, missing: ['The record could not be analysed.'] },
  mghS: { value: 0, missing: ['The record could not be analysed.'] },
  citationIds: TRD_CITATIONS,
};

/**
 * Everything the card and the app show for one patient, computed for the injected `now`. Never throws: odd data
 * becomes `issues`; an unexpected failure still returns the item-9 safety check and an `analysis.failed` issue.
 */
export function assessPatient(record: PatientRecord, options: AnalysisOptions): Assessment {
  const safeRecord = normaliseRecord(record);
  const { ctx, issues } = buildAnalysisContext(safeRecord, options);
  try {
    return runAssessment(safeRecord, ctx, issues);
  } catch {
    let item9: ReturnType<typeof analyzeItem9>;
    try {
      item9 = analyzeItem9(safeRecord, ctx);
    } catch {
      item9 = undefined;
    }
    return {
      knowledgeVersion: KNOWLEDGE_VERSION,
      asOf: ctx.asOf,
      patient: {},
      phq9: [],
      trials: [],
      tachyphylaxis: EMPTY_TACHYPHYLAXIS,
      safety: item9 ? [item9] : [],
      treatmentResistance: EMPTY_RESISTANCE,
      options: [],
      interventions: [],
      phq9Bands: getPhq9Bands(ctx.t),
      issues: [
        ...issues,
        {
          code: 'analysis.failed',
          severity: 'error',
          message: 'The analysis failed on unexpected data; only the PHQ-9 item 9 check ran.',
        },
      ],
    };
  }
}

import { buildPatientViewCards, getCitation, type Assessment, type Trial } from '@tachywatch/shared';

const CARD_OPTIONS = { includeEmerging: true, newId: (): string => '', getCitation };

/**
 * The reason shown per row: the summaries of the cards the CDS service would show in the chart (same wording), or
 * the engine's own reason / first evidence line when no card applies.
 */
function describeReason(assessment: Assessment): string {
  const summaries = buildPatientViewCards(assessment, CARD_OPTIONS).map((built) => built.card.summary);
  const finding = assessment.tachyphylaxis;
  return summaries.length > 0 ? summaries.join(' | ') : (finding.reason ?? finding.evidence[0] ?? '');
}

/** One patient in the registry: what the CSV, the NDJSON, the HTML report and the Panel page show. */
export interface RegistryRow {
  readonly patientId: string;
  /** The engine's tachyphylaxis status, as the engine names it (new statuses flow through unchanged). */
  readonly status: string;
  /** A positive PHQ-9 item 9 in the engine's safety flags: always first in the registry. */
  readonly item9: boolean;
  /** Catalogue id of the drug (`sertraline`), for grouping and matching. */
  readonly agentId?: string;
  readonly drug?: string;
  readonly drugClass?: string;
  readonly dailyDoseMg?: number;
  /** The scores that tell the story: baseline → response/nadir → worsening → confirmation, or the latest ones. */
  readonly phq9Path: string;
  readonly confoundersPresent: readonly string[];
  readonly safetyFlags: readonly string[];
  readonly meetsTrd: boolean;
  readonly thaseRushStage: number;
  readonly reason: string;
  readonly latestPhq9?: number;
  /** Every PHQ-9 total with its date, for the trajectory chart. */
  readonly phq9: readonly { readonly date: string; readonly total: number }[];
}

/** How urgent each known status is (lower first). A status the engine adds later ranks between flagged and none. */
const STATUS_RANK: Readonly<Record<string, number>> = {
  possible: 1,
  emerging: 3,
  suppressed: 4,
  none: 9,
};
const UNKNOWN_STATUS_RANK = 5;

export function getStatusRank(status: string): number {
  return STATUS_RANK[status] ?? UNKNOWN_STATUS_RANK;
}

/** A row is flagged for review when the engine found anything or item 9 is positive. */
export function isFlagged(row: Pick<RegistryRow, 'status' | 'item9'>): boolean {
  return row.item9 || row.status !== 'none';
}

/**
 * Sorts rows most urgent first as plain strings: item 9 first, then status rank, treatment resistance, higher latest
 * PHQ-9, then patient id (so shards merge into the same order a single run gives).
 */
export function buildUrgencyKey(row: RegistryRow): string {
  const item9 = row.item9 ? '0' : '1';
  const rank = String(getStatusRank(row.status)).padStart(2, '0');
  const trd = row.meetsTrd ? '0' : '1';
  const latest = String(99 - Math.min(99, Math.max(0, row.latestPhq9 ?? 0))).padStart(2, '0');
  return `${item9}${rank}${trd}${latest}|${row.patientId}`;
}

function currentAntidepressant(trials: readonly Trial[]): Trial | undefined {
  for (let index = trials.length - 1; index >= 0; index -= 1) {
    const trial = trials[index] as Trial;
    if (trial.ongoing && trial.role === 'antidepressant') return trial;
  }
  return undefined;
}

function describePath(assessment: Assessment): string {
  const finding = assessment.tachyphylaxis;
  const steps = [finding.baseline, finding.nadir ?? finding.response, finding.worsening, finding.confirmation];
  const points = steps.filter((step) => step !== undefined);
  const shown = points.length >= 2 ? points : assessment.phq9.slice(-4);
  return shown.map((point) => `${point.total} (${point.date})`).join(' → ');
}

/** Maps the engine's assessment to a registry row. No clinical reasoning here: every value is the engine's. */
export function toRegistryRow(patientId: string, assessment: Assessment): RegistryRow {
  const finding = assessment.tachyphylaxis;
  const trial = finding.trialId
    ? assessment.trials.find((candidate) => candidate.id === finding.trialId)
    : currentAntidepressant(assessment.trials);
  const lastDose = trial?.doseSegments[trial.doseSegments.length - 1]?.dailyDoseMg;
  const latest = assessment.phq9[assessment.phq9.length - 1];
  const agentId = finding.agentId ?? trial?.agentId;
  const drug = finding.drugName ?? trial?.name;
  const drugClass = finding.drugClass ?? trial?.drugClass;
  const dailyDoseMg = finding.dailyDoseMg ?? lastDose;
  return {
    patientId,
    status: finding.status,
    item9: assessment.safety.some((flag) => flag.id === 'phq9-item9-positive'),
    ...(agentId !== undefined ? { agentId } : {}),
    ...(drug !== undefined ? { drug } : {}),
    ...(drugClass !== undefined ? { drugClass } : {}),
    ...(dailyDoseMg !== undefined ? { dailyDoseMg } : {}),
    phq9Path: describePath(assessment),
    confoundersPresent: finding.confounders.filter((item) => item.state === 'present').map((item) => item.id),
    safetyFlags: assessment.safety.map((flag) => flag.id),
    meetsTrd: assessment.treatmentResistance.meetsTrdDefinition,
    thaseRushStage: assessment.treatmentResistance.thaseRush.value,
    reason: describeReason(assessment),
    ...(latest !== undefined ? { latestPhq9: latest.total } : {}),
    phq9: assessment.phq9.map((point) => ({ date: point.date, total: point.total })),
  };
}

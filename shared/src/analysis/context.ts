import type { IsoDate } from '../domain/dates';
import type { AgentInfo } from '../knowledge/types';
import type { ThresholdValues } from './config';

/** What every analysis step needs: the day the assessment is for, the thresholds and the drug catalogue. */
export interface AnalysisContext {
  readonly asOf: IsoDate;
  readonly t: ThresholdValues;
  readonly agents: readonly AgentInfo[];
  readonly getAgent: (agentId: string) => AgentInfo | undefined;
}

/** Unit conversions (not clinical thresholds). */
export const DAYS_PER_WEEK = 7;
export const PERCENT = 100;
export const MONTHS_PER_YEAR = 12;
export const DAYS_PER_MONTH = 30.4375;

export function weeksToDays(weeks: number): number {
  return weeks * DAYS_PER_WEEK;
}

/** CDS Hooks 2.0: a card summary must be shorter than this (one limit, defined with the card schema). */
export { CARD_SUMMARY_MAX_LENGTH } from '../schemas/cds-hooks';

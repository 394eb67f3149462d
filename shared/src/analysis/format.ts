import type { ScoreAt } from '../domain/assessment';
import { PERCENT } from './context';

/** Plain-language fragments for evidence lines. Never include identifiers. */
export function formatDose(dailyDoseMg: number | undefined): string {
  return dailyDoseMg === undefined ? 'an unknown dose' : `${formatNumber(dailyDoseMg)} mg/day`;
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * PERCENT) / PERCENT);
}

export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * PERCENT)} %`;
}

export function formatScore(score: ScoreAt): string {
  return `${formatNumber(score.total)} (${score.date})`;
}

export function formatWeeks(days: number, daysPerWeek: number): string {
  const weeks = Math.floor(days / daysPerWeek);
  return weeks === 1 ? '1 week' : `${weeks} weeks`;
}

/** Keeps a card summary under the given length, cutting at a word boundary. */
export function truncateText(text: string, maxLength: number): string {
  if (text.length < maxLength) {
    return text;
  }
  const cut = text.slice(0, maxLength - 2);
  const space = cut.lastIndexOf(' ');
  return `${space > 0 ? cut.slice(0, space) : cut}…`;
}

import type { CitationId } from '../knowledge/citation-ids';
import type { Citation } from '../knowledge/types';
import type { Card, Coding, Link } from '../schemas/cds-hooks';

/** Code systems Tachywatch defines for its own card topics and override reasons. */
export const TACHYWATCH_CODE_SYSTEMS = {
  cardTopic: 'https://tachywatch.org/fhir/CodeSystem/card-topic',
  overrideReason: 'https://tachywatch.org/fhir/CodeSystem/override-reason',
} as const;

export const CARD_SOURCE_LABEL = 'Tachywatch';

/** Reasons a clinician may give for dismissing a card; sent back in feedback as `overrideReason.reason`. */
export const OVERRIDE_REASONS: readonly (Coding & { display: string })[] = [
  { system: TACHYWATCH_CODE_SYSTEMS.overrideReason, code: 'already-addressed', display: 'Already addressed' },
  {
    system: TACHYWATCH_CODE_SYSTEMS.overrideReason,
    code: 'adherence-problem',
    display: 'Adherence problem explains it',
  },
  {
    system: TACHYWATCH_CODE_SYSTEMS.overrideReason,
    code: 'not-clinically-relevant',
    display: 'Not clinically relevant',
  },
  { system: TACHYWATCH_CODE_SYSTEMS.overrideReason, code: 'patient-declined', display: 'Patient declined' },
];

export type CitationLookup = (id: CitationId) => Citation | undefined;

/** Options every card builder takes; the caller injects ids so the builders stay pure. */
export interface CardBuildOptions {
  /** The SMART app launch URL; without it cards carry no app link. */
  readonly appLaunchUrl?: string;
  /** Show an info card for an `emerging` pattern (re-check PHQ-9 soon). */
  readonly includeEmerging: boolean;
  /** Show an info card for residual-symptom drift: the site flag `AnalysisFlags.residualDriftCard` (off by default). */
  readonly includeResidualDrift?: boolean;
  /** Returns a fresh unique id (a UUID) for each card and suggestion. */
  readonly newId: () => string;
  readonly getCitation: CitationLookup;
}

/** What a builder returns: the card plus what the service needs for metrics and suppression (never sent). */
export interface BuiltCard {
  readonly card: Card;
  readonly kind: string;
  /** For tachyphylaxis cards: the episode, so an override can suppress the same episode later. */
  readonly episodeKey?: string;
}

export const SUMMARY_MAX_LENGTH = 139;

/** Cuts a summary to fit under 140 characters, on a word boundary where possible. */
export function toCardSummary(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= SUMMARY_MAX_LENGTH) return clean;
  const cut = clean.slice(0, SUMMARY_MAX_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 80 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function buildTopic(code: string, display: string): Coding {
  return { system: TACHYWATCH_CODE_SYSTEMS.cardTopic, code, display };
}

/** The first cited source that has a URL: the card's `source.url`. */
export function getPrimaryCitation(ids: readonly CitationId[], getCitation: CitationLookup): Citation | undefined {
  for (const id of ids) {
    const citation = getCitation(id);
    if (citation?.url) return citation;
  }
  return undefined;
}

export function buildSource(topic: Coding, primaryCitation: Citation | undefined): Card['source'] {
  return stripEmpty({ label: CARD_SOURCE_LABEL, url: primaryCitation?.url, topic });
}

/** A SMART link to the review app with the minimum context it needs (no identifiers beyond ids of the finding). */
export function buildAppLink(options: CardBuildOptions, label: string, appContext: Record<string, string>): Link[] {
  if (!options.appLaunchUrl) return [];
  return [{ label, url: options.appLaunchUrl, type: 'smart', appContext: JSON.stringify(appContext) }];
}

/** Markdown: escapes characters that would break a table cell or inline formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\|*_`[\]<>])/g, '\\$1').replace(/\r?\n/g, ' ');
}

export function formatCitationList(ids: readonly CitationId[], getCitation: CitationLookup): string[] {
  const seen = new Set<CitationId>();
  const lines: string[] = [];
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const citation = getCitation(id);
    if (!citation) continue;
    const title = escapeMarkdown(citation.title);
    const year = citation.year ? ` (${citation.year})` : '';
    lines.push(`- ${citation.url ? `[${title}](${citation.url})` : title}${year} [${citation.tag}]`);
  }
  return lines;
}

export function formatDetailFooter(
  citationIds: readonly CitationId[],
  knowledgeVersion: string,
  getCitation: CitationLookup
): string {
  const references = formatCitationList(citationIds, getCitation);
  const referenceBlock = references.length > 0 ? `**References**\n\n${references.join('\n')}\n\n` : '';
  return `${referenceBlock}_Tachywatch knowledge version ${escapeMarkdown(knowledgeVersion)}_`;
}

/**
 * Removes `undefined`, `null`, empty strings, empty arrays and empty objects, recursively: CDS Hooks forbids empty
 * or null optional fields, and so does FHIR inside suggested resources.
 */
export function stripEmpty<T>(value: T): T {
  return stripValue(value) as T;
}

function stripValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(stripValue).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, stripValue(item)] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  if (value === null || value === '') return undefined;
  return value;
}

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

/**
 * Every line terminator CommonMark or a browser knows (CR, LF, VT, FF, NEL, LS, PS), tabs and other C0/C1 controls:
 * each becomes a space, so outside text can never start a new line (a heading, a list, a table row).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point of this pattern
const LINE_BREAKING_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** Characters that open inline or block syntax anywhere on a line (`#` too: a heading when the text starts a line). */
const ALWAYS_ESCAPED = /[\\`*_[\]<>|~#&]/g;
/** Autolinks: `https://`, `www.example`, bare `example.com` (the `:` of a scheme and a `.` before a letter). */
const LINK_PUNCTUATION = /:(?=\/)|\.(?=\p{L})/gu;
/** At the start of the text, which may start a line: a list (`-`, `+`, `1.`), setext or thematic break (`=`, `-`). */
const LEADING_BLOCK_MARKER = /^(?:[-+=]|\d{1,9}[.)](?= |$))/;

/**
 * Outside text (a condition name, a drug name, a reason) made safe for a Markdown table cell or inline text: it
 * renders as exactly the same characters in one text node whatever it contains (CommonMark + GFM, with autolinks
 * on). Runs of white space become one space.
 */
export function escapeMarkdown(text: string): string {
  const flat = text.replace(LINE_BREAKING_OR_CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
  const escaped = flat.replace(ALWAYS_ESCAPED, '\\$&').replace(LINK_PUNCTUATION, '\\$&');
  return escaped.replace(LEADING_BLOCK_MARKER, (marker) => `${marker.slice(0, -1)}\\${marker.slice(-1)}`);
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

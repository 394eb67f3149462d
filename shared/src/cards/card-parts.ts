import { CARD_SUMMARY_MAX_LENGTH } from '../analysis/context';
import { truncateText } from '../analysis/format';
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

/**
 * The only reasons a critical (safety) card may be overridden with: each says what was done about the risk. An
 * explanation of the depression score ("adherence problem") is never a reason to dismiss a suicide-risk flag.
 */
export const SAFETY_OVERRIDE_REASONS: readonly (Coding & { display: string })[] = [
  {
    system: TACHYWATCH_CODE_SYSTEMS.overrideReason,
    code: 'risk-assessed-today',
    display: 'Suicide risk assessed today',
  },
  {
    system: TACHYWATCH_CODE_SYSTEMS.overrideReason,
    code: 'safety-plan-in-place',
    display: 'Safety plan in place and reviewed',
  },
  {
    system: TACHYWATCH_CODE_SYSTEMS.overrideReason,
    code: 'referred-urgent-care',
    display: 'Referred for urgent or crisis care',
  },
  {
    system: TACHYWATCH_CODE_SYSTEMS.overrideReason,
    code: 'assessed-by-other-clinician',
    display: 'Assessed today by another clinician',
  },
];

/**
 * The reasons a critical interaction or washout card (MAOI, serotonergic combination) may be overridden with: each says
 * what was done about the risk.
 */
export const CRITICAL_INTERACTION_OVERRIDE_REASONS: readonly (Coding & { display: string })[] = [
  {
    system: TACHYWATCH_CODE_SYSTEMS.overrideReason,
    code: 'regimen-being-changed',
    display: 'Order or regimen being changed',
  },
  {
    system: TACHYWATCH_CODE_SYSTEMS.overrideReason,
    code: 'specialist-supervised',
    display: 'Intended, under specialist supervision with monitoring',
  },
  {
    system: TACHYWATCH_CODE_SYSTEMS.overrideReason,
    code: 'washout-verified',
    display: 'Washout verified with the patient (dates differ from the record)',
  },
];

/** The override reasons for a card: a critical card only offers reasons that say what was done about the risk. */
export function getOverrideReasons(
  indicator: 'critical' | 'warning' | 'info',
  topic: string
): (Coding & { display: string })[] {
  if (indicator !== 'critical') return [...OVERRIDE_REASONS];
  return [...(topic === 'phq9-item9-positive' ? SAFETY_OVERRIDE_REASONS : CRITICAL_INTERACTION_OVERRIDE_REASONS)];
}

/** A card's detail stays within this many non-blank Markdown lines; the full evidence lives in the app. */
export const DETAIL_MAX_LINES = 12;
/** At most this many references on a card; the app lists them all. */
export const CARD_MAX_REFERENCES = 3;

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
  /**
   * Site configuration: the crisis line shown on a suicide-risk card, e.g. "988 Suicide & Crisis Lifeline: call or
   * text 988" for US sites. Omitted: the card names no line.
   */
  readonly crisisLine?: string;
  /** Locale for dates on the card (`formatDisplayDate`); default en-US. */
  readonly locale?: string;
}

/** What a builder returns: the card plus what the service needs for metrics and suppression (never sent). */
export interface BuiltCard {
  readonly card: Card;
  readonly kind: string;
  /** For tachyphylaxis cards: the episode, so an override can suppress the same episode later. */
  readonly episodeKey?: string;
  /**
   * For order-select / order-sign cards: what the card is about in this ordering session (the draft order and the
   * finding), so order-sign does not repeat what order-select already showed for the same draft.
   */
  readonly orderKey?: string;
}

/**
 * The longest summary allowed (CDS Hooks: shorter than 140 characters).
 * @deprecated Use `CARD_SUMMARY_MAX_LENGTH` (the exclusive bound); kept for the public API.
 */
export const SUMMARY_MAX_LENGTH = CARD_SUMMARY_MAX_LENGTH - 1;
export { CARD_SUMMARY_MAX_LENGTH };

/** Cuts a summary to fit under 140 characters, on a word boundary where possible. */
export function toCardSummary(text: string): string {
  return truncateText(text.replace(/\s+/g, ' ').trim(), CARD_SUMMARY_MAX_LENGTH);
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

/**
 * The card's source is the product: its label is "Tachywatch" and it carries no `url`, because a link there would
 * have to be the product's page, not one of the references (those are listed in the detail).
 */
export function buildSource(topic: Coding, _primaryCitation?: Citation): Card['source'] {
  // The second parameter is kept for the public API's callers; a reference never becomes the card's source.
  return { label: CARD_SOURCE_LABEL, topic };
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

/**
 * The card footer: at most `CARD_MAX_REFERENCES` references, each once, then the knowledge version, in two lines.
 */
export function formatDetailFooter(
  citationIds: readonly CitationId[],
  knowledgeVersion: string,
  getCitation: CitationLookup
): string {
  const references = [...new Set(citationIds)]
    .map((id) => getCitation(id))
    .filter((citation): citation is Citation => citation !== undefined)
    .slice(0, CARD_MAX_REFERENCES)
    .map(formatShortCitation);
  const referenceLine = references.length > 0 ? `References: ${references.join(' · ')}\n\n` : '';
  return `${referenceLine}_For clinician review · Tachywatch knowledge ${escapeMarkdown(knowledgeVersion)}_`;
}

const SHORT_CITATION_MAX_LENGTH = 48;
/** "Surname AB" at the start of a title, and what follows it: "," or " et al" (several authors) or "." (one). */
const AUTHOR_LEAD = /^(\p{Lu}[\p{L}'’-]+ \p{Lu}{1,3})(,| et al|\.)/u;

/** A reference in a few words for the card ("Targum SD 2014"), linked when it has a URL; the app shows it in full. */
export function formatShortCitation(citation: Citation): string {
  const author = AUTHOR_LEAD.exec(citation.title);
  const lead = author
    ? `${author[1]}${author[2] === '.' ? '' : ' et al'}`
    : (citation.title.split(/(?<=[\p{Ll}\d)]{2})\. |: /u)[0] ?? citation.title);
  const short = truncateText(lead.replace(/\.$/, ''), SHORT_CITATION_MAX_LENGTH);
  const year = citation.year && !short.includes(String(citation.year)) ? ` ${citation.year}` : '';
  const label = escapeMarkdown(`${short}${year}`);
  return citation.url ? `[${label}](${citation.url})` : label;
}

/** Counts the non-blank Markdown lines of a card detail (the budget `DETAIL_MAX_LINES` applies to). */
export function countDetailLines(detail: string): number {
  return detail.split('\n').filter((line) => line.trim() !== '').length;
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

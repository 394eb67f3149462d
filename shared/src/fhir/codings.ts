import { SYSTEMS } from '../knowledge/codes';
import { capText, getObjects, getText, isJsonObject, type JsonObject } from './json';

/** Code systems as sent by EHRs (canonical URLs, OIDs, trailing slashes) → canonical URL. */
const SYSTEM_ALIASES: Readonly<Record<string, string>> = {
  'http://loinc.org': SYSTEMS.loinc,
  'https://loinc.org': SYSTEMS.loinc,
  'urn:oid:2.16.840.1.113883.6.1': SYSTEMS.loinc,
  'http://snomed.info/sct': SYSTEMS.snomed,
  'urn:oid:2.16.840.1.113883.6.96': SYSTEMS.snomed,
  'http://www.nlm.nih.gov/research/umls/rxnorm': SYSTEMS.rxnorm,
  'urn:oid:2.16.840.1.113883.6.88': SYSTEMS.rxnorm,
  'http://www.whocc.no/atc': SYSTEMS.atc,
  'urn:oid:2.16.840.1.113883.6.73': SYSTEMS.atc,
  'http://www.ama-assn.org/go/cpt': SYSTEMS.cpt,
  'urn:oid:2.16.840.1.113883.6.12': SYSTEMS.cpt,
  'https://www.cms.gov/medicare/coding/hcpcsreleasecodesets': SYSTEMS.hcpcs,
  'http://www.cms.gov/medicare/coding/hcpcsreleasecodesets': SYSTEMS.hcpcs,
  'urn:oid:2.16.840.1.113883.6.285': SYSTEMS.hcpcs,
  'urn:oid:2.16.840.1.113883.6.14': SYSTEMS.hcpcs,
};

export interface Code {
  readonly system: string | undefined;
  readonly code: string;
  readonly display: string | undefined;
  readonly coding: JsonObject;
}

const canonicalCache = new Map<string, string>();

export function toCanonicalSystem(system: string | undefined): string | undefined {
  if (!system) {
    return undefined;
  }
  let canonical = canonicalCache.get(system);
  if (canonical === undefined) {
    const key = system.trim().replace(/\/+$/, '').toLowerCase();
    canonical = SYSTEM_ALIASES[key] ?? system.trim();
    if (canonicalCache.size < 1000) {
      canonicalCache.set(system, canonical);
    }
  }
  return canonical;
}

const EMPTY: readonly Code[] = [];

/** The codings of a CodeableConcept that carry a code, with canonical systems. */
export function getCodes(concept: JsonObject | undefined): readonly Code[] {
  const value = concept?.coding;
  const list: readonly unknown[] = Array.isArray(value) ? value : isJsonObject(value) ? [value] : EMPTY;
  if (list.length === 0) {
    return EMPTY;
  }
  const codes: Code[] = [];
  for (const coding of list) {
    if (!isJsonObject(coding)) {
      continue;
    }
    const code = typeof coding.code === 'string' ? coding.code.trim() : '';
    if (code.length === 0) {
      continue;
    }
    const system = typeof coding.system === 'string' ? toCanonicalSystem(coding.system) : undefined;
    const display =
      typeof coding.display === 'string' && coding.display.trim().length > 0
        ? capText(coding.display.trim())
        : undefined;
    codes.push({ system, code, display, coding });
  }
  return codes;
}

export function hasCode(concept: JsonObject | undefined, system: string, codes: readonly string[]): boolean {
  return getCodes(concept).some((code) => code.system === system && codes.includes(code.code));
}

/** The first code from `system` that is in `codes`. */
export function findCode(concept: JsonObject | undefined, system: string, codes: readonly string[]): Code | undefined {
  return getCodes(concept).find((code) => code.system === system && codes.includes(code.code));
}

/** `text`, else the first coding display, else undefined. */
export function getConceptText(concept: JsonObject | undefined): string | undefined {
  return getText(concept, 'text') ?? getCodes(concept).find((code) => code.display)?.display;
}

/** All human-readable text of a concept: text and every coding display. */
export function getConceptTexts(concept: JsonObject | undefined): readonly string[] {
  const texts: string[] = [];
  const text = getText(concept, 'text');
  if (text) {
    texts.push(text);
  }
  for (const coding of getObjects(concept, 'coding')) {
    const display = getText(coding, 'display');
    if (display) {
      texts.push(display);
    }
  }
  return texts;
}

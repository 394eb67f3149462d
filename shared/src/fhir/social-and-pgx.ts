import type { IsoDate } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import type {
  PgxGene,
  PgxPhenotype,
  PgxPhenotypeValue,
  PregnancyStatus,
  TobaccoStatus,
  TobaccoUse,
} from '../domain/record';
import { PGX_PHENOTYPE_CODES, PREGNANCY_STATUS, SYSTEMS, TOBACCO_STATUS_CODE } from '../knowledge/codes';
import { getCodes, getConceptTexts, hasCode } from './codings';
import { getIsoDate, getObject, getObjects, getString, getText, type JsonObject } from './json';

/** Tobacco smoking status (LOINC 72166-2) and pharmacogenomic phenotype Observations. */

const IGNORED_STATUSES = ['entered-in-error', 'cancelled'];

/** SNOMED CT smoking-status answers (US Core / C-CDA smoking status value set). */
const TOBACCO_ANSWERS: Readonly<Record<string, TobaccoUse>> = {
  '449868002': 'current',
  '428041000124106': 'current',
  '77176002': 'current',
  '65568007': 'current',
  '428071000124103': 'current',
  '428061000124105': 'current',
  '8517006': 'former',
  '266919005': 'never',
  '266927001': 'unknown',
};

function getDate(resource: JsonObject): IsoDate | undefined {
  return (
    getIsoDate(resource, 'effectiveDateTime') ??
    getIsoDate(getObject(resource, 'effectivePeriod'), 'start') ??
    getIsoDate(resource, 'issued')
  );
}

function isIgnored(resource: JsonObject): boolean {
  const status = getString(resource, 'status');
  return status !== undefined && IGNORED_STATUSES.includes(status);
}

export function isTobaccoObservation(resource: JsonObject): boolean {
  return hasCode(getObject(resource, 'code'), SYSTEMS.loinc, [TOBACCO_STATUS_CODE]);
}

export function readTobaccoStatus(resource: JsonObject, ref: string): { status?: TobaccoStatus; issue?: DataIssue } {
  if (isIgnored(resource)) {
    return {};
  }
  const answer = getCodes(getObject(resource, 'valueCodeableConcept'))
    .map((code) =>
      code.system === SYSTEMS.snomed || code.system === undefined ? TOBACCO_ANSWERS[code.code] : undefined
    )
    .find((status) => status !== undefined);
  const date = getDate(resource);
  if (!answer || !date) {
    return {
      issue: {
        code: 'tobacco.unreadable',
        severity: 'info',
        message: 'A smoking-status observation has no recognised answer or no date and was not used.',
        resourceRef: ref,
      },
    };
  }
  return { status: { ref, date, status: answer } };
}

export function isPregnancyStatusObservation(resource: JsonObject): boolean {
  return hasCode(getObject(resource, 'code'), SYSTEMS.loinc, PREGNANCY_STATUS.codes);
}

/** A pregnancy status answer (pregnant / not pregnant) with its date; anything else is not used. */
export function readPregnancyStatus(resource: JsonObject, ref: string): PregnancyStatus | undefined {
  if (isIgnored(resource)) {
    return undefined;
  }
  const answers = getCodes(getObject(resource, 'valueCodeableConcept')).map((code) => code.code);
  const pregnant = answers.some((code) => (PREGNANCY_STATUS.pregnantAnswers as readonly string[]).includes(code));
  const notPregnant = answers.some((code) => (PREGNANCY_STATUS.notPregnantAnswers as readonly string[]).includes(code));
  const date = getDate(resource);
  if (!date || pregnant === notPregnant) {
    return undefined;
  }
  return { ref, date, pregnant };
}

const GENES: readonly (readonly [RegExp, PgxGene])[] = [
  [/\bcyp2d6\b|hgnc:2625\b/i, 'CYP2D6'],
  [/\bcyp2c19\b|hgnc:2621\b/i, 'CYP2C19'],
  [/\bcyp2b6\b|hgnc:2615\b/i, 'CYP2B6'],
];

const PHENOTYPES: readonly (readonly [RegExp, PgxPhenotypeValue])[] = [
  [/ultra[\s-]?rapid/i, 'ultrarapid'],
  [/\brapid/i, 'rapid'],
  [/\bpoor/i, 'poor'],
  [/\bintermediate/i, 'intermediate'],
  [/\bnormal|\bextensive/i, 'normal'],
  [/indeterminate/i, 'indeterminate'],
];

const GENE_STUDIED = '48018-6';

function textsOf(concept: JsonObject | undefined): string[] {
  return [...getConceptTexts(concept), ...getCodes(concept).map((code) => code.code)];
}

function findGene(texts: readonly string[]): PgxGene | undefined {
  for (const text of texts) {
    const gene = GENES.find(([pattern]) => pattern.test(text))?.[1];
    if (gene) {
      return gene;
    }
  }
  return undefined;
}

function findPhenotype(texts: readonly string[]): PgxPhenotypeValue | undefined {
  for (const text of texts) {
    if (/metaboli[sz]er|phenotype|indeterminate/i.test(text)) {
      const phenotype = PHENOTYPES.find(([pattern]) => pattern.test(text))?.[1];
      if (phenotype) {
        return phenotype;
      }
    }
  }
  return undefined;
}

/**
 * A metaboliser phenotype Observation: LOINC 53040-2 / 79714-2, or any Observation whose code names a CYP gene and
 * whose value states a metaboliser phenotype. The gene comes from a "Gene studied" (48018-6) component or the code.
 */
export function readPgxPhenotype(resource: JsonObject, ref: string): PgxPhenotype | undefined {
  if (isIgnored(resource)) {
    return undefined;
  }
  const code = getObject(resource, 'code');
  const components = getObjects(resource, 'component');
  const geneComponent = components.find((component) =>
    hasCode(getObject(component, 'code'), SYSTEMS.loinc, [GENE_STUDIED])
  );
  const gene =
    findGene(textsOf(getObject(geneComponent, 'valueCodeableConcept'))) ??
    findGene([getText(geneComponent, 'valueString') ?? '']) ??
    findGene(textsOf(code));
  const isPhenotypeCode = hasCode(code, SYSTEMS.loinc, PGX_PHENOTYPE_CODES);
  if (!gene || (!isPhenotypeCode && findGene(textsOf(code)) === undefined)) {
    return undefined;
  }
  const valueTexts = [
    ...getConceptTexts(getObject(resource, 'valueCodeableConcept')),
    getText(resource, 'valueString') ?? '',
    ...components
      .filter((component) => component !== geneComponent)
      .flatMap((component) => [
        ...getConceptTexts(getObject(component, 'valueCodeableConcept')),
        getText(component, 'valueString') ?? '',
      ]),
  ];
  const phenotype = findPhenotype(valueTexts);
  if (!phenotype) {
    return undefined;
  }
  const date = getDate(resource);
  return { ref, ...(date ? { date } : {}), gene, phenotype };
}

import { parseDateRange, toPeriodRange, type DateRange } from './date-range';

/**
 * The supported FHIR R4 search parameters, per resource type: the single source for the search engine, the patient
 * compartment index and the CapabilityStatement. A parameter that is not in this table answers 400.
 */
export interface Token {
  readonly system?: string;
  readonly code: string;
}

interface ParameterBase {
  readonly name: string;
  readonly documentation: string;
}

export type SearchParameterDef =
  | (ParameterBase & { readonly type: 'token'; readonly getTokens: (resource: fhir4.Resource) => readonly Token[] })
  | (ParameterBase & {
      readonly type: 'reference';
      readonly targets: readonly string[];
      readonly getReferences: (resource: fhir4.Resource) => readonly string[];
    })
  | (ParameterBase & { readonly type: 'date'; readonly getDates: (resource: fhir4.Resource) => readonly DateRange[] })
  | (ParameterBase & { readonly type: 'string'; readonly getStrings: (resource: fhir4.Resource) => readonly string[] });

export interface IncludeDef {
  /** The `_include` value, e.g. `MedicationRequest:medication`. */
  readonly value: string;
  readonly getReferences: (resource: fhir4.Resource) => readonly string[];
}

export interface ResourceTypeDef {
  readonly type: string;
  readonly params: readonly SearchParameterDef[];
  readonly includes: readonly IncludeDef[];
  /** Whether the type belongs to the Patient compartment (indexed and access-controlled by patient). */
  readonly inPatientCompartment: boolean;
}

type Anything = Record<string, unknown>;
const fields = (resource: fhir4.Resource): Anything => resource as unknown as Anything;

function toCodeableTokens(value: unknown): Token[] {
  const concepts = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const tokens: Token[] = [];
  for (const concept of concepts) {
    const codings = (concept as fhir4.CodeableConcept | undefined)?.coding ?? [];
    for (const coding of codings) {
      if (typeof coding.code === 'string') tokens.push({ system: coding.system, code: coding.code });
    }
  }
  return tokens;
}

function toCodeTokens(value: unknown): Token[] {
  return typeof value === 'string' ? [{ code: value }] : [];
}

/**
 * A canonical reference (`url` or `url|version`) as tokens for canonical search semantics: `questionnaire=url` matches
 * every version (token code = the URL), `questionnaire=url|1.0.0` only that version (token system = URL, code = version).
 */
function toCanonicalTokens(value: unknown): Token[] {
  if (typeof value !== 'string') return [];
  const bar = value.indexOf('|');
  if (bar < 0) return [{ code: value }];
  const url = value.slice(0, bar);
  return [{ code: url }, { system: url, code: value.slice(bar + 1) }];
}

function toIdentifierTokens(value: unknown): Token[] {
  const identifiers = Array.isArray(value) ? (value as fhir4.Identifier[]) : [];
  return identifiers.flatMap((identifier) =>
    typeof identifier.value === 'string' ? [{ system: identifier.system, code: identifier.value }] : []
  );
}

function toReferences(...values: unknown[]): string[] {
  const references: string[] = [];
  for (const value of values) {
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) {
      const reference = (item as fhir4.Reference | undefined)?.reference;
      if (typeof reference === 'string') references.push(reference);
    }
  }
  return references;
}

function toDateRanges(resource: fhir4.Resource, ...names: string[]): DateRange[] {
  const record = fields(resource);
  const ranges: DateRange[] = [];
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string') {
      const range = parseDateRange(value);
      if (range) ranges.push(range);
    } else if (value !== null && typeof value === 'object') {
      const range = toPeriodRange(value);
      if (range) ranges.push(range);
    }
  }
  return ranges;
}

function toHumanNameStrings(value: unknown, part: 'all' | 'family' | 'given'): string[] {
  const names = Array.isArray(value) ? (value as fhir4.HumanName[]) : [];
  return names.flatMap((name) => {
    const family = name.family === undefined ? [] : [name.family];
    const given = name.given ?? [];
    if (part === 'family') return family;
    if (part === 'given') return given;
    return [...(name.text === undefined ? [] : [name.text]), ...family, ...given, ...(name.prefix ?? [])];
  });
}

const idParam: SearchParameterDef = {
  name: '_id',
  type: 'token',
  documentation: 'Logical id',
  getTokens: (resource) => (resource.id === undefined ? [] : [{ code: resource.id }]),
};
const lastUpdatedParam: SearchParameterDef = {
  name: '_lastUpdated',
  type: 'date',
  documentation: 'meta.lastUpdated',
  getDates: (resource) => {
    const range = resource.meta?.lastUpdated === undefined ? undefined : parseDateRange(resource.meta.lastUpdated);
    return range ? [range] : [];
  },
};

const token = (name: string, documentation: string, get: (record: Anything) => Token[]): SearchParameterDef => ({
  name,
  type: 'token',
  documentation,
  getTokens: (resource) => get(fields(resource)),
});
const codeable = (name: string, field: string): SearchParameterDef =>
  token(name, `${field} (CodeableConcept)`, (record) => toCodeableTokens(record[field]));
const code = (name: string, field: string): SearchParameterDef =>
  token(name, `${field} (code)`, (record) => toCodeTokens(record[field]));
const date = (name: string, ...choices: string[]): SearchParameterDef => ({
  name,
  type: 'date',
  documentation: choices.join(' | '),
  getDates: (resource) => toDateRanges(resource, ...choices),
});
const reference = (name: string, field: string, targets: readonly string[]): SearchParameterDef => ({
  name,
  type: 'reference',
  targets,
  documentation: `${field} (${targets.join(', ')})`,
  getReferences: (resource) =>
    toReferences(fields(resource)[field]).filter((ref) => targets.some((target) => ref.startsWith(`${target}/`))),
});
const subjectParams = (field = 'subject'): SearchParameterDef[] => [
  reference('patient', field, ['Patient']),
  reference('subject', field, ['Patient', 'Group']),
];
const humanName = (name: string, part: 'all' | 'family' | 'given'): SearchParameterDef => ({
  name,
  type: 'string',
  documentation: `HumanName ${part}`,
  getStrings: (resource) => toHumanNameStrings(fields(resource).name, part),
});
const medicationInclude = (type: string): IncludeDef => ({
  value: `${type}:medication`,
  getReferences: (resource) =>
    toReferences(fields(resource).medicationReference).filter((ref) => ref.startsWith('Medication/')),
});
const medicationReferenceParam = reference('medication', 'medicationReference', ['Medication']);
const identifierParam = token('identifier', 'Identifier', (record) => toIdentifierTokens(record.identifier));

function define(
  type: string,
  params: SearchParameterDef[],
  options: { includes?: IncludeDef[]; inPatientCompartment: boolean }
): ResourceTypeDef {
  return {
    type,
    params: [idParam, lastUpdatedParam, ...params],
    includes: options.includes ?? [],
    inPatientCompartment: options.inPatientCompartment,
  };
}

export const RESOURCE_TYPES: readonly ResourceTypeDef[] = [
  define(
    'Patient',
    [
      identifierParam,
      humanName('name', 'all'),
      humanName('family', 'family'),
      humanName('given', 'given'),
      date('birthdate', 'birthDate'),
      code('gender', 'gender'),
    ],
    { inPatientCompartment: true }
  ),
  define('Practitioner', [identifierParam, humanName('name', 'all')], { inPatientCompartment: false }),
  define(
    'Organization',
    [
      identifierParam,
      { name: 'name', type: 'string', documentation: 'name', getStrings: (r) => stringField(r, 'name') },
    ],
    { inPatientCompartment: false }
  ),
  define('Encounter', [...subjectParams(), code('status', 'status'), date('date', 'period')], {
    inPatientCompartment: true,
  }),
  define(
    'Observation',
    [
      ...subjectParams(),
      codeable('code', 'code'),
      codeable('category', 'category'),
      code('status', 'status'),
      date('date', 'effectiveDateTime', 'effectivePeriod', 'effectiveInstant'),
    ],
    { inPatientCompartment: true }
  ),
  define(
    'Condition',
    [
      ...subjectParams(),
      codeable('code', 'code'),
      codeable('category', 'category'),
      codeable('clinical-status', 'clinicalStatus'),
      codeable('verification-status', 'verificationStatus'),
      date('onset-date', 'onsetDateTime', 'onsetPeriod'),
      date('recorded-date', 'recordedDate'),
    ],
    { inPatientCompartment: true }
  ),
  define(
    'Procedure',
    [
      ...subjectParams(),
      codeable('code', 'code'),
      codeable('category', 'category'),
      code('status', 'status'),
      date('date', 'performedDateTime', 'performedPeriod'),
    ],
    { inPatientCompartment: true }
  ),
  define('Medication', [codeable('code', 'code'), code('status', 'status')], { inPatientCompartment: false }),
  define(
    'MedicationRequest',
    [
      ...subjectParams(),
      codeable('code', 'medicationCodeableConcept'),
      medicationReferenceParam,
      code('status', 'status'),
      code('intent', 'intent'),
      codeable('category', 'category'),
      date('authoredon', 'authoredOn'),
    ],
    { inPatientCompartment: true, includes: [medicationInclude('MedicationRequest')] }
  ),
  define(
    'MedicationStatement',
    [
      ...subjectParams(),
      codeable('code', 'medicationCodeableConcept'),
      medicationReferenceParam,
      code('status', 'status'),
      codeable('category', 'category'),
      date('effective', 'effectiveDateTime', 'effectivePeriod'),
    ],
    { inPatientCompartment: true, includes: [medicationInclude('MedicationStatement')] }
  ),
  define(
    'MedicationDispense',
    [
      ...subjectParams(),
      codeable('code', 'medicationCodeableConcept'),
      medicationReferenceParam,
      code('status', 'status'),
      date('whenhandedover', 'whenHandedOver'),
    ],
    { inPatientCompartment: true, includes: [medicationInclude('MedicationDispense')] }
  ),
  define(
    'QuestionnaireResponse',
    [
      ...subjectParams(),
      code('status', 'status'),
      date('authored', 'authored'),
      token('questionnaire', 'questionnaire (canonical; url matches every version, url|version one)', (record) =>
        toCanonicalTokens(record.questionnaire)
      ),
    ],
    { inPatientCompartment: true }
  ),
  define('Questionnaire', [token('url', 'url', (record) => toCodeTokens(record.url)), code('status', 'status')], {
    inPatientCompartment: false,
  }),
];

function stringField(resource: fhir4.Resource, name: string): string[] {
  const value = fields(resource)[name];
  return typeof value === 'string' ? [value] : [];
}

const BY_TYPE = new Map(RESOURCE_TYPES.map((def) => [def.type, def]));

export function getResourceTypeDef(type: string): ResourceTypeDef | undefined {
  return BY_TYPE.get(type);
}

/** Ids of the patients whose compartment holds the resource (the Patient itself, or its `patient` references). */
export function getCompartmentPatientIds(resource: fhir4.Resource): string[] {
  const def = BY_TYPE.get(resource.resourceType);
  if (!def?.inPatientCompartment) return [];
  if (resource.resourceType === 'Patient') return resource.id === undefined ? [] : [resource.id];
  const patientParam = def.params.find((param) => param.name === 'patient');
  if (patientParam?.type !== 'reference') return [];
  return patientParam.getReferences(resource).map((ref) => ref.slice('Patient/'.length));
}

import type { ConditionCategory } from '../domain/record';
import type { CitationId } from './citation-ids';
import { SYSTEMS } from './codes';
import { CONDITION_VALUE_SETS } from './condition-value-sets';

/**
 * Condition codes the readers classify: the VSAC snapshots (condition-value-sets.ts) plus hand-written ICD-10-CM
 * ranges (the CMS ICD-10-CM tabular list) and SNOMED CT roots for categories without a value set in the project
 * (hypothyroidism, seizure, nicotine, emotionally labile personality disorder) and for codes the snapshots lack
 * (F32.A, F34.0 …).
 * ICD-10 codes are compared without dots and in upper case: EHRs send `F31.81`, VSAC stores `F3181`.
 */

export type CodeSystemKey = 'icd10' | 'icd9' | 'snomed';

export interface ConditionCodeRule {
  readonly category: ConditionCategory;
  readonly system: CodeSystemKey;
  /** Normalised ICD code prefixes (`E03` matches E03.0 … E03.9); SNOMED codes match exactly. */
  readonly prefixes: readonly string[];
  readonly description: string;
  readonly citationId: CitationId;
}

export const CONDITION_CODE_RULES: readonly ConditionCodeRule[] = [
  {
    category: 'hypothyroidism',
    system: 'icd10',
    prefixes: ['E03', 'E02', 'E890'],
    description: 'Hypothyroidism: ICD-10-CM E03.x, E02, E89.0 [K].',
    citationId: 'drug-labels',
  },
  {
    category: 'hypothyroidism',
    system: 'snomed',
    prefixes: ['40930008'],
    description: 'SNOMED CT 40930008 Hypothyroidism [K].',
    citationId: 'drug-labels',
  },
  {
    category: 'seizure',
    system: 'icd10',
    prefixes: ['G40', 'R569'],
    description: 'Epilepsy and seizures: ICD-10-CM G40.x, R56.9 (TMS and bupropion seizure-risk checks) [K].',
    citationId: 'cms-lcd-l37086',
  },
  {
    category: 'seizure',
    system: 'snomed',
    prefixes: ['84757009', '128613002', '91175000'],
    description: 'SNOMED CT 84757009 Epilepsy, 128613002 Seizure disorder, 91175000 Seizure [K].',
    citationId: 'cms-lcd-l37086',
  },
  {
    category: 'nicotine',
    system: 'icd10',
    prefixes: ['F17', 'Z720'],
    description:
      'Nicotine dependence F17.x and tobacco use Z72.0 (CYP1A2 induction, per the duloxetine and fluvoxamine labels) [K].',
    citationId: 'drug-labels',
  },
  {
    category: 'nicotine',
    system: 'snomed',
    prefixes: ['56294008', '89765005'],
    description: 'SNOMED CT 56294008 Nicotine dependence, 89765005 Tobacco dependence syndrome [K].',
    citationId: 'drug-labels',
  },
  {
    category: 'personality-labile',
    system: 'icd10',
    prefixes: ['F603'],
    description: 'Emotionally labile (borderline) personality disorder F60.3: a CMS159 exclusion [K].',
    citationId: 'cms159',
  },
  {
    category: 'major-depression',
    system: 'icd10',
    prefixes: ['F32A', 'F328', 'F338'],
    description:
      'F32.A depression unspecified, F32.8x other depressive episodes, F33.8 other recurrent (not in the VSAC set) [K].',
    citationId: 'tachywatch-design',
  },
  {
    category: 'major-depression',
    system: 'snomed',
    prefixes: ['370143000', '36923009', '66344007', '832007', '2618002'],
    description: 'SNOMED CT major depressive disorder roots (SNOMED CT; the VSAC Major Depression value sets).',
    citationId: 'vsac-value-sets',
  },
  {
    category: 'bipolar',
    system: 'icd10',
    prefixes: ['F30', 'F31', 'F340'],
    description: 'Bipolar F31.x, manic episode F30.x, cyclothymia F34.0 (ICD-10-CM; CMS159 exclusions) [K].',
    citationId: 'cms159',
  },
  {
    category: 'pregnancy',
    system: 'icd10',
    prefixes: ['O99340', 'O99341', 'O99342', 'O99343', 'Z331', 'Z34', 'O09'],
    description:
      'Pregnancy: mental disorders complicating pregnancy O99.340–O99.343, pregnant state Z33.1, supervision of pregnancy Z34.x and high-risk pregnancy O09.x [K].',
    citationId: 'acog-cpg-5-2023',
  },
  {
    category: 'pregnancy',
    system: 'snomed',
    prefixes: ['77386006', '72892002'],
    description: 'SNOMED CT 77386006 Pregnancy, 72892002 Normal pregnancy [K].',
    citationId: 'acog-cpg-5-2023',
  },
  {
    category: 'postpartum',
    system: 'icd10',
    prefixes: ['O99344', 'O99345', 'Z392', 'F53', 'O906'],
    description:
      'Childbirth and the puerperium: O99.344–O99.345, postpartum follow-up Z39.2, postpartum depression and puerperal psychosis F53.x, postpartum mood disturbance O90.6 [K].',
    citationId: 'acog-cpg-5-2023',
  },
  {
    category: 'postpartum',
    system: 'snomed',
    prefixes: ['86569001', '58703003'],
    description: 'SNOMED CT 86569001 Postpartum state, 58703003 Postpartum depression [K].',
    citationId: 'acog-cpg-5-2023',
  },
  {
    category: 'suicide-risk',
    system: 'icd10',
    prefixes: [
      'T1491',
      'Z9151',
      'R45851',
      'X71',
      'X72',
      'X73',
      'X74',
      'X75',
      'X76',
      'X77',
      'X78',
      'X79',
      'X80',
      'X81',
      'X82',
      'X83',
    ],
    description:
      'Suicide attempt T14.91, personal history of suicidal behaviour Z91.51, suicidal ideation R45.851, intentional self-harm X71–X83 [K].',
    citationId: 'tachywatch-design',
  },
  {
    category: 'suicide-risk',
    system: 'snomed',
    prefixes: ['82313006', '6471006'],
    description: 'SNOMED CT 82313006 Suicide attempt, 6471006 Suicidal thoughts [K].',
    citationId: 'tachywatch-design',
  },
  {
    category: 'psychosocial-stressor',
    system: 'icd10',
    prefixes: ['Z55', 'Z56', 'Z57', 'Z58', 'Z59', 'Z60', 'Z61', 'Z62', 'Z63', 'Z64', 'Z65'],
    description:
      'Psychosocial and socioeconomic circumstances: ICD-10-CM Z55–Z65 (education, employment, housing, social environment, family, other psychosocial circumstances) [K].',
    citationId: 'icd10cm-z55-z65',
  },
  {
    category: 'psychosocial-stressor',
    system: 'snomed',
    prefixes: ['32911000', '73438004', '1156191002'],
    description:
      'SNOMED CT social-risk findings: 32911000 Homeless, 73438004 Unemployed, 1156191002 Housing instability [K].',
    citationId: 'sdoh-clinicalcare-ig',
  },
  {
    category: 'bipolar',
    system: 'snomed',
    prefixes: ['13746004'],
    description: 'SNOMED CT 13746004 Bipolar disorder [K].',
    citationId: 'cms159',
  },
];

/** ICD-10-CM / ICD-10 codes stating psychotic features (ICD-10-CM F32.3, F33.3). */
export const PSYCHOTIC_FEATURE_ICD10 = ['F323', 'F333'] as const;

/** Z87.891 "Personal history of nicotine dependence": read as a former-smoker status, not a nicotine condition. */
export const FORMER_NICOTINE_ICD10 = 'Z87891';

const SYSTEM_KEYS: Readonly<Record<string, CodeSystemKey>> = {
  [SYSTEMS.icd10cm]: 'icd10',
  [SYSTEMS.icd10]: 'icd10',
  'urn:oid:2.16.840.1.113883.6.90': 'icd10',
  'urn:oid:2.16.840.1.113883.6.3': 'icd10',
  'http://www.cms.gov/medicare/coding/icd10': 'icd10',
  'http://hl7.org/fhir/sid/icd-9-cm': 'icd9',
  'urn:oid:2.16.840.1.113883.6.103': 'icd9',
  [SYSTEMS.snomed]: 'snomed',
  'urn:oid:2.16.840.1.113883.6.96': 'snomed',
};

export function toCodeSystemKey(system: string | undefined): CodeSystemKey | undefined {
  if (!system) {
    return undefined;
  }
  return SYSTEM_KEYS[system.trim().toLowerCase().replace(/\/$/, '')] ?? SYSTEM_KEYS[system.trim()];
}

/** `F31.81` → `F3181`; SNOMED codes unchanged. */
export function normaliseConditionCode(system: CodeSystemKey, code: string): string {
  const trimmed = code.trim();
  return system === 'snomed' ? trimmed : trimmed.replace(/\./g, '').toUpperCase();
}

export interface ConditionCodeMatch {
  readonly category: ConditionCategory;
  readonly psychoticFeatures: boolean;
}

const EXACT = new Map<string, ConditionCodeMatch[]>();
const PSYCHOTIC_FEATURES = new Set<string>();

function addExact(key: string, match: ConditionCodeMatch): void {
  const list = EXACT.get(key);
  if (!list) {
    EXACT.set(key, [match]);
  } else if (!list.some((seen) => seen.category === match.category)) {
    list.push(match);
  }
}

for (const code of PSYCHOTIC_FEATURE_ICD10) {
  PSYCHOTIC_FEATURES.add(`icd10|${code}`);
}
for (const valueSet of CONDITION_VALUE_SETS) {
  for (const { system, code } of valueSet.codes) {
    const key = toCodeSystemKey(system);
    if (key) {
      const normalised = normaliseConditionCode(key, code);
      if (valueSet.psychoticFeatureCodes.includes(code)) {
        PSYCHOTIC_FEATURES.add(`${key}|${normalised}`);
      }
      addExact(`${key}|${normalised}`, { category: valueSet.category, psychoticFeatures: false });
    }
  }
}

/**
 * Categories a coded diagnosis belongs to (usually one; a code in two value sets gives two). Empty when the code
 * is not one the rules use.
 */
export function classifyConditionCode(system: string | undefined, code: string | undefined): ConditionCodeMatch[] {
  const key = toCodeSystemKey(system);
  if (!key || !code) {
    return [];
  }
  const normalised = normaliseConditionCode(key, code);
  if (normalised.length === 0) {
    return [];
  }
  const lookup = `${key}|${normalised}`;
  const psychoticFeatures = PSYCHOTIC_FEATURES.has(lookup);
  const categories = new Set<ConditionCategory>((EXACT.get(lookup) ?? []).map((match) => match.category));
  for (const rule of CONDITION_CODE_RULES) {
    const matches =
      key === 'snomed'
        ? rule.prefixes.includes(normalised)
        : rule.prefixes.some((prefix) => normalised.startsWith(prefix));
    if (rule.system === key && matches) {
      categories.add(rule.category);
    }
  }
  // Nicotine codes are in the VSAC substance-abuse set's source but are their own category here.
  if (categories.has('nicotine')) {
    categories.delete('substance-use');
  }
  return [...categories].map((category) => ({
    category,
    psychoticFeatures: psychoticFeatures && (category === 'major-depression' || category === 'psychotic'),
  }));
}

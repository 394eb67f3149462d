/**
 * Regenerates `src/knowledge/data/condition-value-sets.json` from the VSAC condition value sets checked in next to
 * it: one snapshot per condition category the readers recognise (bipolar and substance use are unions). Only codes
 * are kept (grouped by system) so that the app bundle stays small; the TSVs keep the display names.
 * Run: `npx tsx shared/scripts/build-condition-value-sets.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConditionValueSetFile, StoredConditionValueSet } from '../src/knowledge/condition-value-sets';
import { formatJson, parseValueSetTsv } from './value-set-tsv';

interface ConditionSource {
  readonly id: StoredConditionValueSet['id'];
  readonly category: StoredConditionValueSet['category'];
  readonly name: string;
  readonly files: readonly string[];
  /** Codes dropped from the union, with the reason in `source`. */
  readonly exclude?: (code: { system: string; code: string; display: string }) => boolean;
  readonly note?: string;
}

/** Nicotine dependence is its own category (a CYP1A2 inducer, not a substance use confounder). */
const isNicotine = (code: { code: string; display: string }): boolean =>
  /^F17/i.test(code.code) || /nicotine|tobacco/i.test(code.display);

export const CONDITION_SOURCES: readonly ConditionSource[] = [
  {
    id: 'major-depression',
    category: 'major-depression',
    name: 'Major Depression Including Remission',
    files: ['major-depression-including-remission'],
  },
  { id: 'dysthymia', category: 'dysthymia', name: 'Dysthymia', files: ['dysthymia'] },
  {
    id: 'bipolar',
    category: 'bipolar',
    name: 'Bipolar (union of Bipolar Disorder, Other Bipolar Disorder, Bipolar Diagnosis)',
    files: ['bipolar-disorder', 'other-bipolar-disorder', 'bipolar-diagnosis'],
  },
  {
    id: 'psychotic',
    category: 'psychotic',
    name: 'Schizophrenia or Psychotic Disorder',
    files: ['schizophrenia-or-psychotic-disorder'],
  },
  {
    id: 'substance-use',
    category: 'substance-use',
    name: 'Substance use (union of Substance Abuse, Alcohol and Drug Dependence; nicotine excluded)',
    files: ['substance-abuse', 'alcohol-and-drug-dependence'],
    exclude: isNicotine,
    note: 'nicotine and tobacco codes excluded (see condition-codes.ts)',
  },
];

/**
 * The VSAC OID for "Major Depression Including Remission" is 2.16.840.1.113883.3.67.1.101.3.2444; the TSV
 * header lacks the `.1` after `840`. The snapshot carries the corrected OID.
 */
const OID_CORRECTIONS: Readonly<Record<string, string>> = {
  '2.16.840.113883.3.67.1.101.3.2444': '2.16.840.1.113883.3.67.1.101.3.2444',
};

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'knowledge', 'data');

export function buildConditionValueSets(readTsv: (file: string) => string): ConditionValueSetFile {
  const valueSets = CONDITION_SOURCES.map((source): StoredConditionValueSet => {
    const parsed = source.files.map((file) => parseValueSetTsv(readTsv(file), `${file}.tsv`));
    const seen = new Set<string>();
    const codes = parsed
      .flatMap((tsv) => tsv.codes)
      .filter((code) => !(source.exclude?.(code) ?? false))
      .filter((code) => {
        const key = `${code.system}|${code.code}`;
        if (seen.has(key)) {
          return false;
        }
        seen.add(key);
        return true;
      });
    const oids = parsed.map((tsv) => OID_CORRECTIONS[tsv.oid] ?? tsv.oid);
    const versions = [...new Set(parsed.map((tsv) => tsv.version))];
    const codesBySystem: Record<string, string[]> = {};
    for (const code of codes) {
      (codesBySystem[code.system] ??= []).push(code.code);
    }
    const psychoticFeatureCodes = codes
      .filter((code) => /with psychotic/i.test(code.display) && !/without psychotic/i.test(code.display))
      .map((code) => code.code);
    return {
      id: source.id,
      category: source.category,
      name: source.name,
      ...(oids.length === 1 ? { oid: oids[0] } : {}),
      version: versions.join('; '),
      source: `VSAC ${parsed.map((tsv, index) => `"${tsv.name}" ${oids[index] ?? tsv.oid}`).join(', ')}${
        source.note ? `; ${source.note}` : ''
      }`,
      codesBySystem,
      ...(psychoticFeatureCodes.length > 0 ? { psychoticFeatureCodes } : {}),
    };
  });
  return { generatedBy: 'shared/scripts/build-condition-value-sets.ts', valueSets };
}

async function main(): Promise<void> {
  const file = buildConditionValueSets((name) => readFileSync(join(DATA_DIR, `${name}.tsv`), 'utf8'));
  const target = join(DATA_DIR, 'condition-value-sets.json');
  writeFileSync(target, await formatJson(file));
  const counts = file.valueSets
    .map((valueSet) => `${valueSet.id} ${Object.values(valueSet.codesBySystem).flat().length}`)
    .join(', ');
  process.stdout.write(`wrote ${target}: ${counts}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}

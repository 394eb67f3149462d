/**
 * Regenerates `src/knowledge/data/rxnorm-clinical-drugs.json` from the VSAC medication value sets checked in next
 * to it: RxNorm clinical drug (SCD/SBD/GPCK) RXCUI → ingredients with strength, formulation and source value sets.
 * Run: `npx tsx shared/scripts/build-rxnorm-table.ts`. Fails when a display cannot be parsed or names an ingredient
 * that is neither a catalogue agent nor a listed non-catalogue ingredient.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseClinicalDrugDisplay } from '../src/knowledge/clinical-drug-display';
import { NON_CATALOGUE_INGREDIENTS } from '../src/knowledge/combination-products';
import { SYSTEMS } from '../src/knowledge/codes';
import type { RxnormClinicalDrug, RxnormClinicalDrugTable } from '../src/knowledge/rxnorm-table';
import { formatJson, parseValueSetTsv } from './value-set-tsv';

export const MEDICATION_VALUE_SETS = [
  'antidepressant-medication',
  'adult-depression-medications',
  'adolescent-depression-medications',
  'antidepressants',
] as const;

/**
 * Salt forms whose labelled mg differ from the catalogue's dose reference: Aplenzin bupropion hydrobromide 174 mg
 * ≈ bupropion hydrochloride 150 mg (label) [K].
 */
const DOSE_FACTORS: Readonly<Record<string, number>> = {
  'bupropion hydrobromide': 150 / 174,
};

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'knowledge', 'data');

export function buildRxnormTable(readTsv: (id: string) => string): RxnormClinicalDrugTable {
  const drugs = new Map<string, RxnormClinicalDrug>();
  const valueSets: RxnormClinicalDrugTable['valueSets'][number][] = [];
  for (const id of MEDICATION_VALUE_SETS) {
    const tsv = parseValueSetTsv(readTsv(id), `${id}.tsv`);
    valueSets.push({ id, name: tsv.name, oid: tsv.oid, version: tsv.version, source: `VSAC ${tsv.oid}` });
    for (const { system, code, display } of tsv.codes) {
      if (system !== SYSTEMS.rxnorm) {
        throw new Error(`${id}.tsv: unexpected code system ${system}`);
      }
      const seen = drugs.get(code);
      if (seen) {
        drugs.set(code, { ...seen, valueSets: [...seen.valueSets, id] });
        continue;
      }
      const parsed = parseClinicalDrugDisplay(display);
      if (!parsed) {
        throw new Error(`${id}.tsv: cannot parse RxNorm display "${display}" (${code})`);
      }
      for (const ingredient of parsed.ingredients) {
        if (!ingredient.agentId && !NON_CATALOGUE_INGREDIENTS.includes(ingredient.name)) {
          throw new Error(`${id}.tsv: ingredient "${ingredient.name}" of ${code} is not in the agent catalogue`);
        }
      }
      drugs.set(code, {
        display,
        ingredients: parsed.ingredients.map((ingredient) => {
          const factor = DOSE_FACTORS[ingredient.substance];
          return {
            name: ingredient.name,
            ...(ingredient.agentId ? { agentId: ingredient.agentId } : {}),
            ...(ingredient.strengthMg !== undefined ? { strengthMg: ingredient.strengthMg } : {}),
            per: ingredient.per,
            ...(factor !== undefined ? { doseFactor: Math.round(factor * 1e6) / 1e6 } : {}),
          };
        }),
        formulation: parsed.formulation,
        doseForm: parsed.doseForm,
        ...(parsed.pack ? { pack: true } : {}),
        valueSets: [id],
      });
    }
  }
  const sorted = [...drugs.entries()].sort(([a], [b]) => Number(a) - Number(b));
  return {
    generatedBy: 'shared/scripts/build-rxnorm-table.ts',
    valueSets,
    drugs: Object.fromEntries(sorted),
  };
}

async function main(): Promise<void> {
  const table = buildRxnormTable((id) => readFileSync(join(DATA_DIR, `${id}.tsv`), 'utf8'));
  const target = join(DATA_DIR, 'rxnorm-clinical-drugs.json');
  writeFileSync(target, await formatJson(table));
  process.stdout.write(`wrote ${Object.keys(table.drugs).length} clinical drugs to ${target}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}

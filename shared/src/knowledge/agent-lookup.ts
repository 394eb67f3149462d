import { AGENTS } from './agents';
import { COMBINATION_PRODUCTS } from './combination-products';

/**
 * Indexes over the catalogue for the readers: RxNorm ingredient → agent, ATC → agents, and free-text name matching.
 * Built once at module load; every lookup is a map access or one regular-expression pass.
 */

const BY_RXNORM_INGREDIENT: ReadonlyMap<string, readonly string[]> = groupBy(
  AGENTS.flatMap((agent) => agent.rxnormIngredients.map((code) => [code, agent.id] as const))
);

const BY_ATC: ReadonlyMap<string, readonly string[]> = groupBy([
  ...AGENTS.flatMap((agent) => agent.atc.map((code) => [code.toUpperCase(), agent.id] as const)),
  ...COMBINATION_PRODUCTS.flatMap((product) =>
    product.atc.flatMap((code) => product.agentIds.map((id) => [code.toUpperCase(), id] as const))
  ),
]);

const BY_NAME: ReadonlyMap<string, readonly string[]> = groupBy([
  // Ids are not names (`methylene-blue`), so only the generic name and the synonyms match text.
  ...AGENTS.flatMap((agent) =>
    [agent.name, ...agent.synonyms].map((name) => [normaliseDrugText(name), agent.id] as const)
  ),
  ...COMBINATION_PRODUCTS.flatMap((product) =>
    product.synonyms.flatMap((name) => product.agentIds.map((id) => [normaliseDrugText(name), id] as const))
  ),
]);

function groupBy(pairs: readonly (readonly [string, string])[]): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    const list = map.get(key);
    if (!list) {
      map.set(key, [value]);
    } else if (!list.includes(value)) {
      list.push(value);
    }
  }
  return map;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lower case, typographic apostrophes to `'`, hyphens kept, runs of white space collapsed. */
export function normaliseDrugText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019`\u00b4]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

// Longest names first so that `peginterferon` wins over `interferon alfa`, `lisdexamfetamine` over `amphetamine`.
const NAME_PATTERN = new RegExp(
  `(?<![a-z0-9])(${[...BY_NAME.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})(?![a-z0-9])`,
  'g'
);

export function getAgentIdsByRxnormIngredient(code: string): readonly string[] {
  return BY_RXNORM_INGREDIENT.get(code.trim()) ?? [];
}

export function getAgentIdsByAtc(code: string): readonly string[] {
  return BY_ATC.get(code.trim().toUpperCase()) ?? [];
}

/** Agent ids for an exact name, brand or synonym (case-insensitive). */
export function getAgentIdsByName(name: string): readonly string[] {
  return BY_NAME.get(normaliseDrugText(name)) ?? [];
}

/**
 * Agent ids whose generic name, brand or synonym occurs as a whole word in free text, in order of appearance
 * (`Zoloft 50 mg tablet` → sertraline; `Symbyax 6/25` → olanzapine, fluoxetine).
 */
export function findAgentIdsInText(text: string): readonly string[] {
  const found: string[] = [];
  for (const match of normaliseDrugText(text).matchAll(NAME_PATTERN)) {
    for (const id of BY_NAME.get(match[1] ?? '') ?? []) {
      if (!found.includes(id)) {
        found.push(id);
      }
    }
  }
  return found;
}

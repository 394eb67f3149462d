import type { CitationId } from './citation-ids';

/**
 * Fixed-dose combination products. They are not agents: a record of one resolves to an AgentDose per ingredient
 * agent (an RxNorm multiple-ingredient concept, MIN, counts for each ingredient's mechanism). Ingredients outside the
 * catalogue (chlordiazepoxide) are listed for completeness and ignored by the readers.
 */
export interface CombinationProduct {
  readonly id: string;
  readonly name: string;
  /** Lower-case brand names. */
  readonly synonyms: readonly string[];
  /** Catalogue agent ids, in the order of the product name. */
  readonly agentIds: readonly string[];
  readonly otherIngredients: readonly string[];
  readonly atc: readonly string[];
  readonly citationIds: readonly CitationId[];
}

export const COMBINATION_PRODUCTS: readonly CombinationProduct[] = [
  {
    id: 'olanzapine-fluoxetine',
    name: 'olanzapine / fluoxetine',
    synonyms: ['symbyax'],
    agentIds: ['olanzapine', 'fluoxetine'],
    otherIngredients: [],
    atc: ['N06CA03'],
    citationIds: ['drug-labels', 'rxnorm'],
  },
  {
    id: 'dextromethorphan-bupropion',
    name: 'dextromethorphan / bupropion',
    synonyms: ['auvelity'],
    agentIds: ['dextromethorphan', 'bupropion'],
    otherIngredients: [],
    atc: [],
    citationIds: ['drug-labels', 'rxnorm'],
  },
  {
    id: 'perphenazine-amitriptyline',
    name: 'perphenazine / amitriptyline',
    synonyms: ['triavil', 'etrafon', 'duo-vil'],
    agentIds: ['perphenazine', 'amitriptyline'],
    otherIngredients: [],
    atc: [],
    citationIds: ['drug-labels', 'rxnorm'],
  },
  {
    id: 'chlordiazepoxide-amitriptyline',
    name: 'chlordiazepoxide / amitriptyline',
    synonyms: ['limbitrol'],
    agentIds: ['amitriptyline'],
    otherIngredients: ['chlordiazepoxide'],
    // N06CA01 "amitriptyline and psycholeptics" covers both amitriptyline combinations; it resolves to amitriptyline only.
    atc: ['N06CA01'],
    citationIds: ['drug-labels', 'rxnorm'],
  },
];

/** Ingredients that appear in the antidepressant value sets but are deliberately not catalogue agents. */
export const NON_CATALOGUE_INGREDIENTS: readonly string[] = ['chlordiazepoxide'];

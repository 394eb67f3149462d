import { z } from 'zod';
import { AGENTS } from './agents';
import { CITATION_IDS } from './citation-ids';
import { CITATIONS } from './citations';
import { COMBINATION_PRODUCTS } from './combination-products';
import { CONDITION_CODE_RULES } from './condition-codes';
import { CONDITION_VALUE_SETS } from './condition-value-sets';
import { RXNORM_CLINICAL_DRUGS } from './rxnorm-table';
import { THRESHOLDS } from './thresholds';

/**
 * The knowledge pack: every clinical fact the readers and rules use, versioned together (CalVer YYYY.MM.PATCH).
 * Bump the version and add a CHANGELOG.md entry whenever any table here changes; cards and logs carry it.
 */
export const KNOWLEDGE_VERSION = '2026.11.0';

const CitationIdSchema = z.enum(CITATION_IDS);

export const KnowledgePackSchema = z.object({
  id: z.literal('tachywatch-antidepressant-tachyphylaxis'),
  version: z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/),
  effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  publisher: z.string().min(1),
  citations: z
    .array(
      z.object({
        id: CitationIdSchema,
        title: z.string().min(1),
        url: z.url().optional(),
        year: z.number().int().optional(),
        tag: z.enum(['V', 'V2', 'K', 'D']),
        note: z.string().optional(),
      })
    )
    .min(1),
  thresholds: z
    .array(
      z.object({
        id: z.string().min(1),
        value: z.number(),
        unit: z.enum(['points', 'ratio', 'days', 'weeks', 'years', 'mg/day', 'count']),
        comparator: z.enum(['<', '<=', '>', '>=', '=']),
        description: z.string().min(1),
        citationId: CitationIdSchema,
      })
    )
    .min(1),
  agents: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
        name: z.string().min(1),
        roles: z.array(z.string()).min(1),
        drugClass: z.string().min(1),
        mechanism: z.string().min(1),
        citationIds: z.array(CitationIdSchema).min(1),
      })
    )
    .min(1),
  combinationProducts: z
    .array(
      z.object({
        id: z.string().min(1),
        agentIds: z.array(z.string()).min(1),
        citationIds: z.array(CitationIdSchema).min(1),
      })
    )
    .min(1),
  valueSets: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        oid: z.string().optional(),
        version: z.string().min(1),
        source: z.string().min(1),
        codeCount: z.number().int().positive(),
        citationId: CitationIdSchema,
      })
    )
    .min(1),
  conditionCodeRules: z.array(z.object({ category: z.string(), citationId: CitationIdSchema })).min(1),
});
export type KnowledgePack = z.infer<typeof KnowledgePackSchema>;

export const KNOWLEDGE_PACK: KnowledgePack = KnowledgePackSchema.parse({
  id: 'tachywatch-antidepressant-tachyphylaxis',
  version: KNOWLEDGE_VERSION,
  effectiveDate: '2026-11-22',
  publisher: 'Tachywatch project',
  citations: Object.values(CITATIONS),
  thresholds: Object.values(THRESHOLDS),
  agents: AGENTS,
  combinationProducts: COMBINATION_PRODUCTS,
  valueSets: [
    ...RXNORM_CLINICAL_DRUGS.valueSets.map((valueSet) => ({
      id: valueSet.id,
      name: valueSet.name,
      oid: valueSet.oid,
      version: valueSet.version,
      source: valueSet.source,
      codeCount: Object.values(RXNORM_CLINICAL_DRUGS.drugs).filter((drug) => drug.valueSets.includes(valueSet.id))
        .length,
      citationId: 'vsac-value-sets',
    })),
    ...CONDITION_VALUE_SETS.map((valueSet) => ({
      id: valueSet.id,
      name: valueSet.name,
      oid: valueSet.oid,
      version: valueSet.version,
      source: valueSet.source,
      codeCount: valueSet.codes.length,
      citationId: 'vsac-value-sets',
    })),
  ],
  conditionCodeRules: CONDITION_CODE_RULES,
});

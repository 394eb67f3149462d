import { describe, expect, it } from 'vitest';
import { findAgentIdsInText, getAgentIdsByAtc, getAgentIdsByName, getAgentIdsByRxnormIngredient } from './agent-lookup';
import { AGENTS, AGENTS_WITHOUT_DAILY_ADEQUATE_DOSE, getAgent } from './agents';
import { CITATION_IDS } from './citation-ids';
import { CITATIONS, getCitation } from './citations';
import { COMBINATION_PRODUCTS, NON_CATALOGUE_INGREDIENTS } from './combination-products';
import { classifyConditionCode, CONDITION_CODE_RULES } from './condition-codes';
import { CONDITION_VALUE_SETS } from './condition-value-sets';
import { KNOWLEDGE_PACK, KNOWLEDGE_VERSION } from './pack';
import { getRxnormClinicalDrug, RXNORM_CLINICAL_DRUGS } from './rxnorm-table';
import { THRESHOLDS } from './thresholds';

const citationIds = new Set<string>(CITATION_IDS);

describe('knowledge integrity', () => {
  it('defines every CITATION_IDS entry, keyed by its own id, with a title and an evidence tag', () => {
    expect(Object.keys(CITATIONS).sort()).toEqual([...CITATION_IDS].sort());
    for (const id of CITATION_IDS) {
      const citation = getCitation(id);
      expect(citation.id).toBe(id);
      expect(citation.title.length).toBeGreaterThan(10);
      expect(['V', 'V2', 'K', 'D']).toContain(citation.tag);
    }
  });

  it('tags our own design choices D and the PDC convention K', () => {
    expect(getCitation('tachywatch-design').tag).toBe('D');
    expect(getCitation('pqa-pdc').tag).toBe('K');
  });

  it('resolves every citation id used by agents, combinations, thresholds, rules and value sets', () => {
    const used: string[] = [
      ...AGENTS.flatMap((agent) => agent.citationIds),
      ...COMBINATION_PRODUCTS.flatMap((product) => product.citationIds),
      ...Object.values(THRESHOLDS).map((threshold) => threshold.citationId),
      ...CONDITION_CODE_RULES.map((rule) => rule.citationId),
      ...KNOWLEDGE_PACK.valueSets.map((valueSet) => valueSet.citationId),
    ];
    expect(used.filter((id) => !citationIds.has(id))).toEqual([]);
  });

  it('gives every threshold a unit and a key equal to its id', () => {
    for (const [key, threshold] of Object.entries(THRESHOLDS)) {
      expect(threshold.id).toBe(key);
      expect(threshold.unit.length).toBeGreaterThan(0);
    }
  });

  it('has no empty table or value set', () => {
    expect(AGENTS.length).toBeGreaterThan(50);
    expect(Object.keys(RXNORM_CLINICAL_DRUGS.drugs).length).toBeGreaterThan(200);
    expect(CONDITION_VALUE_SETS.map((valueSet) => valueSet.id).sort()).toEqual(
      ['bipolar', 'dysthymia', 'major-depression', 'psychotic', 'substance-use'].sort()
    );
    for (const valueSet of KNOWLEDGE_PACK.valueSets) {
      expect(valueSet.codeCount, valueSet.id).toBeGreaterThan(0);
    }
    for (const rule of CONDITION_CODE_RULES) {
      expect(rule.prefixes.length).toBeGreaterThan(0);
    }
  });

  it('uses unique kebab-case agent ids', () => {
    const ids = AGENTS.map((agent) => agent.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
  });

  it('gives every antidepressant a class, a mechanism and (except listed session-dosed agents) a minimum adequate dose', () => {
    const antidepressants = AGENTS.filter((agent) => agent.roles.includes('antidepressant'));
    expect(antidepressants.length).toBeGreaterThanOrEqual(30);
    for (const agent of antidepressants) {
      expect(agent.drugClass, agent.id).toBeTruthy();
      expect(agent.mechanism, agent.id).toBeTruthy();
      if (!AGENTS_WITHOUT_DAILY_ADEQUATE_DOSE.includes(agent.id)) {
        expect(agent.dosesMg?.minAdequate, agent.id).toBeGreaterThan(0);
        expect(agent.atc.length, agent.id).toBeGreaterThan(0);
        expect(agent.rxnormIngredients.length, agent.id).toBeGreaterThan(0);
      }
    }
    expect(AGENTS_WITHOUT_DAILY_ADEQUATE_DOSE.every((id) => getAgent(id)?.roles.includes('antidepressant'))).toBe(true);
  });

  it('keeps dose ranges ordered (start ≤ max, minimum adequate ≤ max)', () => {
    for (const agent of AGENTS) {
      const doses = agent.dosesMg;
      if (doses?.start !== undefined && doses.max !== undefined) {
        expect(doses.start, agent.id).toBeLessThanOrEqual(doses.max);
      }
      if (doses?.minAdequate !== undefined && doses.max !== undefined) {
        expect(doses.minAdequate, agent.id).toBeLessThanOrEqual(doses.max);
      }
    }
  });

  it('maps every RxNorm clinical drug to catalogue agents with a positive strength or a pack', () => {
    for (const [rxcui, drug] of Object.entries(RXNORM_CLINICAL_DRUGS.drugs)) {
      const mapped = drug.ingredients.filter((ingredient) => ingredient.agentId !== undefined);
      expect(mapped.length, rxcui).toBeGreaterThan(0);
      for (const ingredient of drug.ingredients) {
        if (ingredient.agentId) {
          expect(getAgent(ingredient.agentId), `${rxcui} ${ingredient.agentId}`).toBeDefined();
        } else {
          expect(NON_CATALOGUE_INGREDIENTS, rxcui).toContain(ingredient.name);
        }
        if (!drug.pack) {
          expect(ingredient.strengthMg, rxcui).toBeGreaterThan(0);
        }
      }
    }
  });

  it('resolves every combination product to existing agents', () => {
    for (const product of COMBINATION_PRODUCTS) {
      for (const id of product.agentIds) {
        expect(getAgent(id), `${product.id} → ${id}`).toBeDefined();
      }
    }
  });

  it('validates the pack and carries a CalVer version', () => {
    expect(KNOWLEDGE_PACK.version).toBe(KNOWLEDGE_VERSION);
    expect(KNOWLEDGE_VERSION).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
  });
});

describe('agent catalogue facts', () => {
  it.each<[string, Partial<{ washout: number; serotonergic: boolean; maoi: boolean; cyp1a2: boolean }>]>([
    ['fluoxetine', { washout: 35, serotonergic: true, maoi: false }],
    ['vortioxetine', { washout: 21 }],
    ['sertraline', { washout: 14 }],
    ['phenelzine', { maoi: true, washout: 14 }],
    ['linezolid', { maoi: true, serotonergic: true }],
    ['methylene-blue', { maoi: true }],
    ['duloxetine', { cyp1a2: true }],
    ['fluvoxamine', { cyp1a2: true }],
    ['mirtazapine', { cyp1a2: true }],
    ['nortriptyline', { cyp1a2: true }],
    ['bupropion', { serotonergic: false, cyp1a2: false }],
    ['tramadol', { serotonergic: true }],
  ])('%s', (id, expected) => {
    const agent = getAgent(id);
    expect(agent).toBeDefined();
    if (expected.washout !== undefined) {
      expect(agent?.washoutBeforeMaoiDays).toBe(expected.washout);
    }
    if (expected.serotonergic !== undefined) {
      expect(agent?.serotonergic).toBe(expected.serotonergic);
    }
    if (expected.maoi !== undefined) {
      expect(agent?.maoi).toBe(expected.maoi);
    }
    if (expected.cyp1a2 !== undefined) {
      expect(agent?.cyp1a2Substrate).toBe(expected.cyp1a2);
    }
  });

  it('marks bupropion and mirtazapine as both antidepressant and augmentation', () => {
    expect(getAgent('bupropion')?.roles).toEqual(expect.arrayContaining(['antidepressant', 'augmentation']));
    expect(getAgent('mirtazapine')?.roles).toEqual(expect.arrayContaining(['antidepressant', 'augmentation']));
  });

  it.each<[string, string[]]>([
    ['sertraline', ['CYP2C19', 'CYP2B6']],
    ['escitalopram', ['CYP2C19']],
    ['paroxetine', ['CYP2D6']],
    ['duloxetine', []],
  ])('CPIC genes of %s', (id, genes) => {
    expect(getAgent(id)?.pgxGenes).toEqual(genes);
  });
});

describe('agent lookups', () => {
  it.each<[string, string[]]>([
    ['36437', ['sertraline']],
    ['4493', ['fluoxetine']],
    ['42351', ['lithium']],
    ['999999999', []],
  ])('RxNorm ingredient %s', (code, expected) => {
    expect(getAgentIdsByRxnormIngredient(code)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['N06AB06', ['sertraline']],
    ['n06ab03', ['fluoxetine']],
    ['N06CA03', ['olanzapine', 'fluoxetine']],
    ['N06CA01', ['amitriptyline']],
    ['A10BA02', []],
  ])('ATC %s', (code, expected) => {
    expect(getAgentIdsByAtc(code)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['Zoloft 50 mg tablet', ['sertraline']],
    ['PROZAC Weekly 90 MG', ['fluoxetine']],
    ['Lexapro', ['escitalopram']],
    ['Symbyax 6-25 capsule', ['olanzapine', 'fluoxetine']],
    ['Auvelity ER tablet', ['dextromethorphan', 'bupropion']],
    ['St. John’s Wort 300 mg', ['st-johns-wort']],
    ['lisdexamfetamine 30 mg', ['lisdexamfetamine']],
    ['peginterferon alfa-2a', ['interferon-alfa']],
    ['fluoxetine 20 MG and olanzapine 5 MG', ['fluoxetine', 'olanzapine']],
    ['paroxetinex', []],
    ['same dose as before', []],
    ['S-adenosylmethionine 400 mg', ['s-adenosylmethionine']],
    ['methylene blue injection', ['methylene-blue']],
    ['vitamin D 1000 unit', []],
    ['', []],
  ])('text %j', (text, expected) => {
    expect(findAgentIdsInText(text)).toEqual(expected);
  });

  it('finds exact brand names case-insensitively', () => {
    expect(getAgentIdsByName('WELLBUTRIN')).toEqual(['bupropion']);
    expect(getAgentIdsByName('wellbutrin xl')).toEqual([]);
  });

  it.each([
    'Zoloft',
    'Prozac',
    'Lexapro',
    'Celexa',
    'Paxil',
    'Effexor',
    'Cymbalta',
    'Wellbutrin',
    'Remeron',
    'Trintellix',
    'Viibryd',
    'Pristiq',
    'Fetzima',
    'Abilify',
    'Rexulti',
    'Vraylar',
    'Seroquel',
    'Spravato',
    'Auvelity',
    'Emsam',
    'Nardil',
    'Parnate',
    'Marplan',
    'Elavil',
    'Pamelor',
    'Tofranil',
    'Anafranil',
    'Desyrel',
  ])('knows the US brand %s', (brand) => {
    expect(findAgentIdsInText(brand).length).toBeGreaterThan(0);
  });
});

describe('RxNorm clinical-drug table', () => {
  it('has sertraline 50 mg tablets as a single-ingredient immediate-release product', () => {
    const drug = getRxnormClinicalDrug('312941');
    expect(drug?.ingredients).toEqual([{ name: 'sertraline', agentId: 'sertraline', strengthMg: 50, per: 'unit' }]);
    expect(drug?.formulation).toBe('immediate-release');
  });

  it('resolves the olanzapine/fluoxetine capsules to both agents', () => {
    const combination = Object.values(RXNORM_CLINICAL_DRUGS.drugs).find((drug) =>
      drug.display.startsWith('fluoxetine 25 MG / olanzapine 6 MG')
    );
    expect(combination?.ingredients.map((ingredient) => [ingredient.agentId, ingredient.strengthMg])).toEqual([
      ['fluoxetine', 25],
      ['olanzapine', 6],
    ]);
  });

  it('stores the selegiline patch per 24 h and bupropion hydrobromide with its hydrochloride factor', () => {
    const patch = Object.values(RXNORM_CLINICAL_DRUGS.drugs).find((drug) =>
      drug.display.includes('selegiline 0.25 MG/HR')
    );
    expect(patch?.ingredients[0]).toMatchObject({ agentId: 'selegiline', strengthMg: 6, per: '24h' });
    expect(patch?.formulation).toBe('transdermal');
    const aplenzin = Object.values(RXNORM_CLINICAL_DRUGS.drugs).find((drug) =>
      drug.display.includes('hydrobromide 348')
    );
    expect(aplenzin?.ingredients[0]?.doseFactor).toBeCloseTo(150 / 174, 5);
  });
});

describe('condition classification', () => {
  it.each<[string, string, string[], boolean?]>([
    ['http://hl7.org/fhir/sid/icd-10-cm', 'F33.1', ['major-depression']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'F331', ['major-depression']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'F33.3', ['major-depression'], true],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'F32.A', ['major-depression']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'F31.81', ['bipolar']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'f34.0', ['bipolar']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'F34.1', ['dysthymia']],
    ['http://hl7.org/fhir/sid/icd-10', 'F20.0', ['psychotic']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'F10.20', ['substance-use']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'F17.210', ['nicotine']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'Z72.0', ['nicotine']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'E03.9', ['hypothyroidism']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'G40.909', ['seizure']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'R56.9', ['seizure']],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'F60.3', ['personality-labile']],
    ['http://snomed.info/sct', '370143000', ['major-depression']],
    ['http://snomed.info/sct', '13746004', ['bipolar']],
    ['http://snomed.info/sct', '430852001', ['major-depression'], true],
    ['http://hl7.org/fhir/sid/icd-10-cm', 'I10', []],
    ['http://snomed.info/sct', '3700', []],
    ['http://example.org/local', 'F33.1', []],
  ])('%s %s', (system, code, categories, psychotic = false) => {
    const matches = classifyConditionCode(system, code);
    expect(matches.map((match) => match.category).sort()).toEqual([...categories].sort());
    for (const match of matches) {
      expect(match.psychoticFeatures).toBe(psychotic);
    }
  });
});

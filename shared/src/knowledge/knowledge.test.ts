import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findAgentIdsInText, getAgentIdsByAtc, getAgentIdsByName, getAgentIdsByRxnormIngredient } from './agent-lookup';
import { AGENTS, AGENTS_WITHOUT_DAILY_ADEQUATE_DOSE, getAgent } from './agents';
import { CITATION_IDS } from './citation-ids';
import { CITATIONS, getCitation } from './citations';
import { COMBINATION_PRODUCTS, NON_CATALOGUE_INGREDIENTS } from './combination-products';
import { classifyConditionCode, CONDITION_CODE_RULES } from './condition-codes';
import { CONDITION_VALUE_SETS } from './condition-value-sets';
import * as agentsModule from './agents';
import * as citationsModule from './citations';
import * as codesModule from './codes';
import * as combinationProductsModule from './combination-products';
import * as conditionCodesModule from './condition-codes';
import * as conditionValueSetsModule from './condition-value-sets';
import { CONFOUNDERS } from './confounders';
import * as confoundersModule from './confounders';
import { ATTRIBUTED_OPTIONS, OPTION_ORDER, OPTIONS, SWITCH_EXCLUDED } from './options';
import * as optionsModule from './options';
import * as reviewRulesModule from './review-rules';
import * as sideEffectOptionsModule from './side-effect-options';
import { CONFOUNDER_IDS, KNOWLEDGE_PACK, KNOWLEDGE_TABLES, KNOWLEDGE_VERSION, OPTION_KINDS } from './pack';
import { getRxnormClinicalDrug, RXNORM_CLINICAL_DRUGS } from './rxnorm-table';
import * as rxnormTableModule from './rxnorm-table';
import { PAEDIATRIC_AGENTS, PAEDIATRIC_DOSE_CEILINGS, QT_DOSE_CAPS } from './safety-rules';
import * as safetyRulesModule from './safety-rules';
import { findBand, MAUDSLEY, MGH_S, THASE_RUSH } from './staging';
import * as stagingModule from './staging';
import { THRESHOLDS } from './thresholds';
import * as thresholdsModule from './thresholds';
import { TMS_POLICIES } from './tms-policies';
import * as tmsPoliciesModule from './tms-policies';

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
    // Secondary-amine TCAs are cleared mainly by CYP2D6; CYP1A2 matters for the tertiary amines (N-demethylation).
    ['nortriptyline', { cyp1a2: false }],
    ['desipramine', { cyp1a2: false }],
    ['imipramine', { cyp1a2: true }],
    ['clomipramine', { cyp1a2: true }],
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

  it.each([
    ['mirtazapine', 45],
    ['desvenlafaxine', 50],
    ['nortriptyline', 150],
    ['citalopram', 40],
  ])('caps %s at the labelled maximum of %i mg/day', (id, max) => {
    expect(getAgent(id)?.dosesMg?.max).toBe(max);
  });

  it('does not offer fluvoxamine as a switch for depression (not FDA-approved for MDD)', () => {
    expect(SWITCH_EXCLUDED.fluvoxamine).toMatch(/not FDA-approved/);
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

describe('knowledge added after the first release (staging, TMS policies, options, confounders, safety rules)', () => {
  it('resolves every citation id they use', () => {
    const used: string[] = [
      THASE_RUSH.citationId,
      ...MAUDSLEY.citationIds,
      ...MGH_S.citationIds,
      ...TMS_POLICIES.flatMap((policy) => policy.citationIds),
      ...Object.values(OPTIONS).flatMap((option) => option.citationIds),
      ...CONFOUNDERS.flatMap((confounder) => confounder.citationIds),
      ...QT_DOSE_CAPS.flatMap((cap) => cap.citationIds),
      ...PAEDIATRIC_DOSE_CEILINGS.flatMap((ceiling) => ceiling.citationIds),
      ...Object.values(ATTRIBUTED_OPTIONS).flatMap((option) => option.citationIds),
    ];
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((id) => !citationIds.has(id))).toEqual([]);
  });

  it('keeps paediatric dose ceilings within the label maximum, for agents the paediatric table offers', () => {
    for (const ceiling of PAEDIATRIC_DOSE_CEILINGS) {
      const max = getAgent(ceiling.agentId)?.dosesMg?.max;
      expect(max, ceiling.agentId).toBeDefined();
      expect(ceiling.maxDailyDoseMg).toBeLessThanOrEqual(max ?? 0);
      const offered = PAEDIATRIC_AGENTS.find((rule) => rule.agentId === ceiling.agentId);
      expect(offered?.minAgeYears, ceiling.agentId).toBeLessThanOrEqual(ceiling.minAgeYears);
    }
    expect(PAEDIATRIC_DOSE_CEILINGS.map((c) => [c.agentId, c.maxDailyDoseMg])).toEqual([
      ['fluoxetine', 20],
      ['escitalopram', 20],
    ]);
  });

  it('never leads an explained worsening or a relapse after ECT with a dose increase', () => {
    for (const key of ['explained-worsening', 'relapse-after-ect'] as const) {
      const order = OPTION_ORDER[key];
      expect(order[0]).toBe('address-explanation');
      expect(order.indexOf('dose-optimisation')).toBeGreaterThan(1);
    }
    expect(OPTION_ORDER['relapse-after-ect'][1]).toBe('ect');
  });

  it('has no empty table', () => {
    expect(THASE_RUSH.stages.map((stage) => stage.stage)).toEqual([1, 2, 3, 4, 5]);
    for (const table of [MAUDSLEY.durationMonths, MAUDSLEY.severityPhq9, MAUDSLEY.failures, MAUDSLEY.bands]) {
      expect(table.length).toBeGreaterThan(0);
    }
    expect(TMS_POLICIES.length).toBeGreaterThanOrEqual(3);
    expect(CONFOUNDERS.length).toBeGreaterThan(0);
    expect(QT_DOSE_CAPS.length).toBeGreaterThan(0);
    for (const order of Object.values(OPTION_ORDER)) {
      expect([...order].sort()).toEqual(Object.values(OPTION_KINDS).sort());
    }
  });

  it('gives every TMS policy criterion a unique id and a label, and every policy a unique id', () => {
    expect(new Set(TMS_POLICIES.map((policy) => policy.id)).size).toBe(TMS_POLICIES.length);
    for (const policy of TMS_POLICIES) {
      expect(policy.name.length, policy.id).toBeGreaterThan(0);
      expect(policy.criteria.length, policy.id).toBeGreaterThan(0);
      for (const criterion of policy.criteria) {
        expect(criterion.id, policy.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
        expect(criterion.label.trim().length, `${policy.id} ${criterion.id}`).toBeGreaterThan(5);
      }
      const ids = policy.criteria.map((criterion) => criterion.id);
      expect(new Set(ids).size, policy.id).toBe(ids.length);
    }
  });

  it('has knowledge text for every OptionKind', () => {
    for (const kind of Object.values(OPTION_KINDS)) {
      const option = OPTIONS[kind];
      expect(option.kind).toBe(kind);
      expect(option.title.length, kind).toBeGreaterThan(10);
      expect(option.rationale.length, kind).toBeGreaterThan(20);
      expect(option.rationaleAfterLoss.length, kind).toBeGreaterThan(20);
      expect(option.citationIds.length, kind).toBeGreaterThan(0);
    }
    expect(Object.keys(OPTIONS).sort()).toEqual(Object.values(OPTION_KINDS).sort());
  });

  it('describes every ConfounderId once', () => {
    expect(CONFOUNDERS.map((confounder) => confounder.id).sort()).toEqual(Object.values(CONFOUNDER_IDS).sort());
  });

  describe('Maudsley staging (Fekadu 2018 Table 3: total 3–15; mild 3–6, moderate 7–10, severe 11–15)', () => {
    const pointsOf = (bands: readonly { points: number }[]) => bands.map((band) => band.points);

    it('keeps every point table ascending and contiguous from zero', () => {
      for (const bands of [MAUDSLEY.durationMonths, MAUDSLEY.failures, MAUDSLEY.bands]) {
        expect(bands[0]?.min).toBe(0);
        const mins = bands.map((band) => band.min);
        expect(mins).toEqual([...mins].sort((a, b) => a - b));
        expect(new Set(mins).size).toBe(mins.length);
      }
      expect(pointsOf(MAUDSLEY.durationMonths)).toEqual([1, 2, 3]);
      expect(pointsOf(MAUDSLEY.severityPhq9)).toEqual([1, 2, 3, 4]);
      expect(MAUDSLEY.severeWithPsychosisPoints).toBe(5);
      expect(pointsOf(MAUDSLEY.failures)).toEqual([0, 1, 2, 3, 4, 5]);
    });

    it.each<[number, number]>([
      [0, 1],
      [12, 1],
      [13, 2],
      [24, 2],
      [25, 3],
      [120, 3],
    ])('duration %i months scores %i', (months, points) => {
      expect(findBand(MAUDSLEY.durationMonths, months)?.points).toBe(points);
    });

    it.each<[number, number]>([
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 3],
      [6, 3],
      [7, 4],
      [10, 4],
      [11, 5],
      [30, 5],
    ])('%i failed antidepressants score %i', (failures, points) => {
      expect(findBand(MAUDSLEY.failures, failures)?.points).toBe(points);
    });

    it('covers every total from 3 to 15 with the documented band', () => {
      const minimum =
        Math.min(...pointsOf(MAUDSLEY.durationMonths)) +
        Math.min(...pointsOf(MAUDSLEY.severityPhq9)) +
        Math.min(...pointsOf(MAUDSLEY.failures).filter((points) => points > 0));
      const maximum =
        Math.max(...pointsOf(MAUDSLEY.durationMonths)) +
        MAUDSLEY.severeWithPsychosisPoints +
        Math.max(...pointsOf(MAUDSLEY.failures)) +
        MAUDSLEY.augmentationPoints +
        MAUDSLEY.ectPoints;
      expect([minimum, maximum]).toEqual([3, 15]);
      for (let total = minimum; total <= maximum; total += 1) {
        const expected = total <= 6 ? 'mild' : total <= 10 ? 'moderate' : 'severe';
        expect(findBand(MAUDSLEY.bands, total)?.label, String(total)).toBe(expected);
      }
    });
  });
});

/** JSON with object keys sorted at every level, so the hash depends on content only, not on key order. */
function toCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => toCanonicalJson(item ?? null)).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${toCanonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The versions of CHANGELOG.md, newest first, with the content hash each entry records (if any). */
function parseChangelogEntries(changelog: string): { version: string; hash?: string }[] {
  return changelog
    .split(/^## /m)
    .slice(1)
    .map((section) => ({
      version: /^(\d{4}\.\d{1,2}\.\d+)/.exec(section)?.[1] ?? section.split('\n')[0] ?? '',
      hash: /Content hash \(SHA-256\): `([0-9a-f]{64})`/.exec(section)?.[1],
    }));
}

describe('knowledge version and content hash', () => {
  const { version: _version, ...packWithoutVersion } = KNOWLEDGE_PACK;
  const contentHash = createHash('sha256')
    .update(toCanonicalJson({ pack: packWithoutVersion, tables: KNOWLEDGE_TABLES }))
    .digest('hex');
  const changelog = readFileSync(new URL('./CHANGELOG.md', import.meta.url), 'utf8');
  const entries = parseChangelogEntries(changelog);

  it('hashes every exported knowledge table (a new table must join KNOWLEDGE_TABLES)', () => {
    const covered = new Set<unknown>(Object.values(KNOWLEDGE_TABLES));
    // CITATION_IDS is the key list of CITATIONS, which is hashed.
    const modules = {
      agentsModule,
      citationsModule,
      codesModule,
      combinationProductsModule,
      conditionCodesModule,
      conditionValueSetsModule,
      rxnormTableModule,
      thresholdsModule,
      stagingModule,
      tmsPoliciesModule,
      optionsModule,
      confoundersModule,
      reviewRulesModule,
      sideEffectOptionsModule,
      safetyRulesModule,
    };
    const missing = Object.entries(modules).flatMap(([moduleName, exports]) =>
      Object.entries(exports)
        .filter(([, value]) => typeof value !== 'function' && !(typeof value === 'object' && 'safeParse' in value))
        .filter(([, value]) => !covered.has(value))
        .map(([name]) => `${moduleName}.${name}`)
    );
    expect(missing).toEqual([]);
  });

  it('records the content hash of the current KNOWLEDGE_VERSION in CHANGELOG.md', () => {
    expect(entries[0]?.version, 'the newest CHANGELOG.md entry must be the current KNOWLEDGE_VERSION').toBe(
      KNOWLEDGE_VERSION
    );
    expect(
      entries.find((entry) => entry.version === KNOWLEDGE_VERSION)?.hash,
      `knowledge changed: bump KNOWLEDGE_VERSION and add a CHANGELOG entry (content hash now ${contentHash})`
    ).toBe(contentHash);
  });

  it('never records the same content under two versions', () => {
    const hashes = entries.flatMap((entry) => (entry.hash ? [entry.hash] : []));
    expect(hashes.length).toBeGreaterThan(0);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(new Set(entries.map((entry) => entry.version)).size).toBe(entries.length);
  });
});

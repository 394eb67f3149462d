// The tables of docs/clinical-basis.md, rendered from the knowledge pack so that the page a clinical reviewer signs
// off cannot drift from what the engine runs. The narrative around them is hand-written; each table sits between
// `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` markers and is replaced by `npm run docs:clinical-basis`.
// A new rule table: add a renderer to CLINICAL_BASIS_TABLES and its marker pair to the page.
import { fileURLToPath } from 'node:url';
import { SUPPRESSING_CONFOUNDERS } from '../src/analysis/analyze-tachyphylaxis';
import { AGENTS, getAgent, hasRole } from '../src/knowledge/agents';
import type { CitationId } from '../src/knowledge/citation-ids';
import { CITATIONS } from '../src/knowledge/citations';
import { CONFOUNDERS, PGX_ACTIONABLE_PHENOTYPES } from '../src/knowledge/confounders';
import { REVIEW_RULES, type ReviewEffectKind } from '../src/knowledge/review-rules';
import { SIDE_EFFECT_OPTIONS } from '../src/knowledge/side-effect-options';
import {
  ATTRIBUTED_OPTIONS,
  AUGMENTATION_CANDIDATES,
  COMBINATION_CANDIDATES,
  DUAL_ACTION_CLASSES,
  EXPLANATION_ACTIONS,
  LATER_LINE_CLASSES,
  OPTION_ORDER,
  OPTIONS,
  SWITCH_EXCLUDED,
  type CandidateInfo,
} from '../src/knowledge/options';
import { KNOWLEDGE_VERSION } from '../src/knowledge/pack';
import { RESIDUAL_DRIFT_CITATIONS, RESIDUAL_SYMPTOM_ITEMS } from '../src/knowledge/residual-symptoms';
import {
  CYP_INDUCER_SCOPE,
  MAOI_COMBINATION_RULE,
  OLDER_ADULT_RULE,
  PAEDIATRIC_AGENTS,
  PAEDIATRIC_DOSE_CEILINGS,
  PAEDIATRIC_RULE,
  PERINATAL_RULE,
  QT_DOSE_CAPS,
  SEROTONERGIC_WARNING_RULE,
  SUICIDE_RISK_RULE,
} from '../src/knowledge/safety-rules';
import { MAUDSLEY, MGH_S, THASE_RUSH, type PointBand } from '../src/knowledge/staging';
import { THRESHOLDS, type ThresholdId } from '../src/knowledge/thresholds';
import { TMS_POLICIES, type TmsCriterionRule } from '../src/knowledge/tms-policies';

/** The page, from the repository root. */
export const CLINICAL_BASIS_PATH = fileURLToPath(new URL('../../docs/clinical-basis.md', import.meta.url));

type Cell = string | number;

function escapeCell(value: Cell): string {
  return String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown table; cells are escaped, so rule texts may contain `|`. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly Cell[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Citation ids as links to the reference list, each with its evidence tag: `[kroenke-2001](#ref-kroenke-2001) V`. */
export function cite(ids: readonly CitationId[]): string {
  return [...new Set(ids)].map((id) => `[${id}](#ref-${id}) ${CITATIONS[id].tag}`).join('; ');
}

const COMPARATOR_SYMBOLS = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '=': '=' } as const;

export function formatThreshold(id: ThresholdId): string {
  const threshold = THRESHOLDS[id];
  const unit = threshold.unit === 'ratio' ? ' (ratio)' : threshold.unit === 'count' ? '' : ` ${threshold.unit}`;
  return `${COMPARATOR_SYMBOLS[threshold.comparator]} ${threshold.value}${unit}`;
}

/**
 * Thresholds by the part of the page that explains them. A threshold in no group is listed under "further
 * thresholds", so the page is complete whatever is added to `thresholds.ts`.
 */
export const THRESHOLD_GROUPS = {
  'thresholds-phq9': ['phq9Max', 'phq9ItemMax', 'bandMild', 'bandModerate', 'bandModeratelySevere', 'bandSevere'],
  'thresholds-definition': [
    'elevatedScore',
    'baselineWindowBeforeStartDays',
    'baselineWindowAfterStartDays',
    'responseMinWeeks',
    'responseRatio',
    'remissionBelow',
    'partialResponseRatio',
    'confirmationMinDays',
    'mcid',
    'maintenanceMinWeeks',
    'recoveryMonthsDays',
    'mergeGapDays',
  ],
  'thresholds-explanations': [
    'adherencePdcMin',
    'adherenceWindowDays',
    'adherenceGapDays',
    'doseChangeLookbackWeeks',
    'trazodoneHypnoticMaxMg',
    'tshUpperLimit',
    'thyroidTestLookbackDays',
  ],
  'thresholds-residual-drift': ['residualDriftMinRise', 'residualDriftMinScores'],
  'thresholds-safety': [
    'item9Positive',
    'item9RecentWindowDays',
    'boxedWarningMaxAge',
    'maoiWashoutDays',
    'fluoxetineMaoiWashoutDays',
  ],
  'thresholds-treatment-resistance': [
    'adequateTrialWeeks',
    'borderlineTrialWeeks',
    'trdMinFailedTrials',
    'episodeSeparationDays',
  ],
  'thresholds-options': ['tmsCommercialMinPhq9', 'tmsCommercialMinAge', 'ectSevereScore'],
} as const satisfies Record<string, readonly ThresholdId[]>;

function thresholdTable(ids: readonly ThresholdId[]): string {
  if (ids.length === 0) {
    return '_None._';
  }
  return markdownTable(
    ['Threshold', 'Rule', 'Meaning', 'Source and evidence'],
    ids.map((id) => [`\`${id}\``, formatThreshold(id), THRESHOLDS[id].description, cite([THRESHOLDS[id].citationId])])
  );
}

function ungroupedThresholds(): ThresholdId[] {
  const grouped = new Set<string>(Object.values(THRESHOLD_GROUPS).flat());
  return (Object.keys(THRESHOLDS) as ThresholdId[]).filter((id) => !grouped.has(id));
}

const agentName = (id: string): string => getAgent(id)?.name ?? id;
const list = (items: readonly string[]): string => items.join(', ');

function confounderTable(): string {
  return markdownTable(
    ['Confounder', 'When present before the worsening', 'What the clinician checks', 'Source and evidence'],
    CONFOUNDERS.map((confounder) => [
      `${confounder.label} (\`${confounder.id}\`)`,
      SUPPRESSING_CONFOUNDERS.includes(confounder.id)
        ? 'suppresses the finding: status `suppressed`, reconsider the diagnosis'
        : confounder.explainsWorsening
          ? 'explains the worsening: status `explained`'
          : 'listed with the finding',
      confounder.whatToCheck,
      cite(confounder.citationIds),
    ])
  );
}

const REVIEW_EFFECTS: Readonly<Record<ReviewEffectKind, string>> = {
  quiet: 'no loss-of-response card while it holds',
  'plan-in-place': 'an information card: the plan is in place since the review',
  'loss-documented': 'the warning card stays, noting the review',
  relapse: 'the finding is labelled a relapse or new episode',
};

function reviewRulesTable(): string {
  return markdownTable(
    ['Conclusion', 'Effect on the card', 'Rule', 'Tag', 'Source and evidence'],
    Object.values(REVIEW_RULES).map((rule) => [
      `\`${rule.conclusion}\``,
      [
        REVIEW_EFFECTS[rule.effect],
        rule.effectWithoutPlan ? `without a plan: ${REVIEW_EFFECTS[rule.effectWithoutPlan]}` : '',
        rule.recheckAfterDays === undefined ? '' : `raised again ${rule.recheckAfterDays} days after the review`,
      ]
        .filter((part) => part !== '')
        .join('; '),
      rule.description,
      rule.tag,
      cite(rule.citationIds),
    ])
  );
}

function sideEffectOptionsTable(): string {
  return markdownTable(
    ['Option', 'For', 'Evidence', 'Not for', 'Cautions', 'Source and evidence'],
    Object.values(SIDE_EFFECT_OPTIONS).map((option) => [
      `${option.title} (\`${option.id}\`)`,
      option.indication,
      option.evidence,
      list(option.notForAgentIds.map(agentName)),
      option.cautions.join(' '),
      cite(option.citationIds),
    ])
  );
}

function doseTable(): string {
  const dose = (value: number | undefined): Cell => (value === undefined ? '—' : value);
  return markdownTable(
    [
      'Antidepressant',
      'Class',
      'Start mg/day',
      'Minimum adequate mg/day',
      'Usual maximum mg/day',
      'Source and evidence',
    ],
    AGENTS.filter((agent) => hasRole(agent, 'antidepressant')).map((agent) => [
      agent.name,
      agent.drugClass,
      dose(agent.dosesMg?.start),
      dose(agent.dosesMg?.minAdequate),
      dose(agent.dosesMg?.max),
      cite(agent.citationIds),
    ])
  );
}

function residualItemsTable(): string {
  return [
    markdownTable(
      ['PHQ-9 item', 'Domain'],
      RESIDUAL_SYMPTOM_ITEMS.map(({ item, label }) => [item, label])
    ),
    '',
    `Sources: ${cite(RESIDUAL_DRIFT_CITATIONS)}.`,
  ].join('\n');
}

function thaseRushTable(): string {
  return [
    markdownTable(
      ['Stage', 'Definition'],
      THASE_RUSH.stages.map(({ stage, description }) => [stage, description])
    ),
    '',
    `Source: ${cite([THASE_RUSH.citationId])}.`,
  ].join('\n');
}

function pointBands(bands: readonly PointBand[]): string {
  return bands.map((band) => `${band.label}: ${band.points}`).join('; ');
}

function maudsleyTable(): string {
  const severity = MAUDSLEY.severityPhq9
    .map((band) => {
      const from =
        band.fromThreshold === undefined ? 'below the first band' : `PHQ-9 ${formatThreshold(band.fromThreshold)}`;
      return `${band.label} (${from}): ${band.points}`;
    })
    .join('; ');
  return [
    markdownTable(
      ['Dimension', 'Points'],
      [
        ['Duration of the current episode (months)', pointBands(MAUDSLEY.durationMonths)],
        [
          'Severity at the start of the episode (baseline PHQ-9; mapping is a design choice)',
          `${severity}; severe with psychosis: ${MAUDSLEY.severeWithPsychosisPoints}; no PHQ-9: ${MAUDSLEY.severityAssumedWhenUnknown.label} (${MAUDSLEY.severityAssumedWhenUnknown.points})`,
        ],
        ['Failed adequate trials', pointBands(MAUDSLEY.failures)],
        ['Augmentation used', `${MAUDSLEY.augmentationPoints}`],
        ['ECT used', `${MAUDSLEY.ectPoints}`],
        ['Total → band', MAUDSLEY.bands.map((band) => `${band.label} from ${band.min}`).join('; ')],
      ]
    ),
    '',
    `Sources: ${cite(MAUDSLEY.citationIds)}.`,
  ].join('\n');
}

function mghTable(): string {
  return [
    markdownTable(
      ['Item', 'Points'],
      [
        ['Each adequate failed trial', MGH_S.perAdequateFailure],
        ['Each dose optimisation', MGH_S.perDoseOptimisation],
        ['Each augmentation', MGH_S.perAugmentation],
        ['ECT', MGH_S.ect],
      ]
    ),
    '',
    `Sources: ${cite(MGH_S.citationIds)}.`,
  ].join('\n');
}

function optionsTable(): string {
  return markdownTable(
    ['Option', 'Text', 'Why, after a loss of response', 'Why, otherwise', 'Sources and evidence'],
    Object.values(OPTIONS).map((option) => [
      `\`${option.kind}\``,
      option.title,
      option.rationaleAfterLoss,
      option.rationale,
      cite(option.citationIds),
    ])
  );
}

/** Option wording that replaces the default when the response was not the drug's alone, or the worsening is explained. */
function optionVariantsTable(): string {
  const attributed: Readonly<Record<keyof typeof ATTRIBUTED_OPTIONS, string>> = {
    ectRelapse: '`ect`, when the response followed an ECT course (a relapse after ECT)',
    tmsRetreatment: '`tms`, when the response came with a TMS course',
    esketamineContinuation: '`esketamine`, when the response came with esketamine (never under 18)',
  };
  const explanationCitations = (id: string): readonly CitationId[] =>
    CONFOUNDERS.find((confounder) => confounder.id === id)?.citationIds ?? [];
  return [
    markdownTable(
      ['Option and when', 'Text', 'Why', 'Sources and evidence'],
      (Object.keys(ATTRIBUTED_OPTIONS) as (keyof typeof ATTRIBUTED_OPTIONS)[]).map((key) => [
        attributed[key],
        ATTRIBUTED_OPTIONS[key].title,
        ATTRIBUTED_OPTIONS[key].rationale,
        cite(ATTRIBUTED_OPTIONS[key].citationIds),
      ])
    ),
    '',
    markdownTable(
      ['Explanation (confounder)', '`address-explanation` text', 'What to do', 'Sources and evidence'],
      Object.entries(EXPLANATION_ACTIONS).map(([id, action]) => [
        `\`${id}\``,
        action?.title ?? '',
        action?.action ?? '',
        cite(explanationCitations(id)),
      ])
    ),
  ].join('\n');
}

function optionOrderTable(): string {
  return markdownTable(
    ['Situation', 'Order (options that do not apply are skipped)'],
    Object.entries(OPTION_ORDER).map(([situation, order]) => [situation, order.join(' → ')])
  );
}

function candidatesTable(): string {
  const rows = (kind: string, candidates: readonly CandidateInfo[]): Cell[][] =>
    candidates.map((candidate) => [
      kind,
      agentName(candidate.agentId),
      candidate.note,
      candidate.antidepressant ? 'yes (left out when bipolar disorder is recorded)' : 'no',
    ]);
  return [
    markdownTable(
      ['Option', 'Agent', 'Note', 'Antidepressant itself'],
      [...rows('augmentation', AUGMENTATION_CANDIDATES), ...rows('combination', COMBINATION_CANDIDATES)]
    ),
    '',
    `Switch candidates: dual-action classes first after an SSRI (${list(DUAL_ACTION_CLASSES)}), later-line classes last (${list(LATER_LINE_CLASSES)}). Never offered as a switch:`,
    '',
    markdownTable(
      ['Agent', 'Why not'],
      Object.entries(SWITCH_EXCLUDED).map(([agentId, why]) => [agentName(agentId), why])
    ),
  ].join('\n');
}

function describeTmsRule(rule: TmsCriterionRule): string {
  switch (rule.kind) {
    case 'adult':
      return `age ${formatThreshold(rule.minAgeThreshold)} (\`${rule.minAgeThreshold}\`)`;
    case 'severity':
      return `latest PHQ-9 ${formatThreshold(rule.minPhq9Threshold)} (\`${rule.minPhq9Threshold}\`)`;
    case 'failed-trials':
      return `≥ ${rule.minTrials} adequate failed trial(s)${rule.differentClasses ? ' of different classes' : ''}${rule.intoleranceCounts ? '; documented intolerance counts (asked, not read)' : ''}`;
    case 'psychotherapy-trial':
      return 'a psychotherapy course in the record';
    case 'no-diagnosis':
      return `none of: ${list(rule.categories)}${rule.psychoticFeatures ? ', psychotic features' : ''}`;
    case 'no-concurrent-esketamine':
      return `no current ${list(rule.drugClasses)} agent`;
    case 'not-in-record':
      return `asked: ${rule.prompt}`;
  }
}

function tmsTable(): string {
  return markdownTable(
    ['Policy', 'Criterion', 'How it is judged', 'Source and evidence'],
    TMS_POLICIES.flatMap((policy) =>
      policy.criteria.map((criterion) => [
        policy.name,
        criterion.label,
        describeTmsRule(criterion.rule),
        cite(policy.citationIds),
      ])
    )
  );
}

function safetyRulesTable(): string {
  const rows: Cell[][] = [
    ...QT_DOSE_CAPS.map((cap) => [
      `QT dose cap: ${agentName(cap.agentId)}`,
      `at most ${cap.maxDailyDoseMg} mg/day; ${cap.olderAdultMaxDailyDoseMg} mg/day when older than ${cap.olderAdultAge} or a ${list(cap.poorMetaboliserGenes)} poor metaboliser`,
      cite(cap.citationIds),
    ]),
    [
      'MAOI combinations',
      `never with an MAOI: classes ${list(MAOI_COMBINATION_RULE.contraindicatedClasses)}; agents ${list(MAOI_COMBINATION_RULE.contraindicatedAgentIds.map(agentName))}; washouts \`maoiWashoutDays\` and each agent's washout before an MAOI`,
      cite(MAOI_COMBINATION_RULE.citationIds),
    ],
    ...PAEDIATRIC_AGENTS.map((rule) => [
      `Under ${PAEDIATRIC_RULE.adultAgeYears}: ${agentName(rule.agentId)}`,
      `from age ${rule.minAgeYears} (${rule.status}): ${rule.note}`,
      cite(rule.citationIds),
    ]),
    ...PAEDIATRIC_DOSE_CEILINGS.map((ceiling) => [
      `Under ${PAEDIATRIC_RULE.adultAgeYears}: dose ceiling, ${agentName(ceiling.agentId)}`,
      `dose options name at most ${ceiling.maxDailyDoseMg} mg/day from age ${ceiling.minAgeYears} (${ceiling.basis}); an agent without a ceiling here gets no dose-increase option under ${PAEDIATRIC_RULE.adultAgeYears}`,
      cite(ceiling.citationIds),
    ]),
    [
      `Under ${PAEDIATRIC_RULE.adultAgeYears}: everything else`,
      `not offered; ${Object.entries(PAEDIATRIC_RULE.notOffered)
        .map(([what, why]) => `${what}: ${why}`)
        .join(
          '; '
        )}. ${PAEDIATRIC_RULE.addOnNote} ${PAEDIATRIC_RULE.ectNote} TMS from ${PAEDIATRIC_RULE.tmsMinAgeYears}: ${PAEDIATRIC_RULE.tmsNote}`,
      cite(PAEDIATRIC_RULE.citationIds),
    ],
    [
      `Age ${OLDER_ADULT_RULE.minAgeYears} or over`,
      `${OLDER_ADULT_RULE.hyponatraemiaNote} (classes ${list(OLDER_ADULT_RULE.hyponatraemiaClasses)}) ${OLDER_ADULT_RULE.fallsNote}`,
      cite(OLDER_ADULT_RULE.citationIds),
    ],
    [
      'Pregnancy and postpartum',
      `pregnancy counts for ${PERINATAL_RULE.pregnancyDays} days without a later record, postpartum for ${PERINATAL_RULE.postpartumDays} days. ${PERINATAL_RULE.generalNote}`,
      cite(PERINATAL_RULE.citationIds),
    ],
    ...PERINATAL_RULE.agents.map((agent) => [
      `Pregnancy and postpartum: ${agentName(agent.agentId)}`,
      `${agent.caution}${agent.notForNewStart ? ' Not suggested as a new start.' : ''}`,
      cite(agent.citationIds),
    ]),
    [
      'Suicide risk (positive item 9, or a recorded attempt or ideation)',
      `${list(SUICIDE_RISK_RULE.highLethalityClasses)} listed last. ${SUICIDE_RISK_RULE.overdoseNote} ${SUICIDE_RISK_RULE.quantityNote}`,
      cite(SUICIDE_RISK_RULE.citationIds),
    ],
    [
      'Serotonergic combinations',
      `a warning needs two agents that carry the risk; alone with one antidepressant, ${list(SEROTONERGIC_WARNING_RULE.weakContributorIds.map(agentName))} and trazodone at a hypnotic dose (\`trazodoneHypnoticMaxMg\`) do not warn`,
      cite(SEROTONERGIC_WARNING_RULE.citationIds),
    ],
    ...CYP_INDUCER_SCOPE.map((scope) => [
      `CYP inducer scope: ${agentName(scope.inducerId)}`,
      `${scope.note} Affects: ${scope.affects === 'all' ? 'all antidepressants' : list(scope.affects.map(agentName))}`,
      cite(['drug-labels']),
    ]),
    [
      'Pharmacogenomic phenotypes',
      `phenotypes that make a pharmacogenomic explanation plausible: ${list(PGX_ACTIONABLE_PHENOTYPES)}`,
      cite(['cpic-2023-ssri', 'cpic-2017-tca']),
    ],
  ];
  return markdownTable(['Rule', 'What it enforces', 'Sources and evidence'], rows);
}

function referencesTable(): string {
  return markdownTable(
    ['Id', 'Source', 'Evidence', 'What it supports here'],
    Object.values(CITATIONS).map((citation) => [
      `<a id="ref-${citation.id}"></a>\`${citation.id}\``,
      citation.url ? `[${citation.title}](${citation.url})` : citation.title,
      citation.tag,
      citation.note ?? '',
    ])
  );
}

/** Every generated table of the page, by marker name. */
export const CLINICAL_BASIS_TABLES: Readonly<Record<string, () => string>> = {
  'knowledge-version': () => `Knowledge pack version **${KNOWLEDGE_VERSION}** (\`KNOWLEDGE_VERSION\`).`,
  ...Object.fromEntries(
    Object.entries(THRESHOLD_GROUPS).map(([name, ids]) => [name, () => thresholdTable(ids)] as const)
  ),
  'thresholds-further': () => thresholdTable(ungroupedThresholds()),
  confounders: confounderTable,
  'review-rules': reviewRulesTable,
  'side-effect-options': sideEffectOptionsTable,
  'residual-items': residualItemsTable,
  'staging-thase-rush': thaseRushTable,
  'staging-maudsley': maudsleyTable,
  'staging-mgh': mghTable,
  options: optionsTable,
  'option-variants': optionVariantsTable,
  'option-order': optionOrderTable,
  candidates: candidatesTable,
  'safety-rules': safetyRulesTable,
  'antidepressant-doses': doseTable,
  'tms-policies': tmsTable,
  references: referencesTable,
};

const MARKER = /<!-- generated:([a-z0-9-]+) -->\n[\s\S]*?<!-- \/generated:\1 -->/g;

/**
 * The page with every generated block rebuilt from the knowledge pack. Throws on a marker without a renderer, or a
 * renderer without a marker, so that neither a stale nor a missing table can pass unnoticed.
 */
export function renderClinicalBasis(page: string): string {
  const seen = new Set<string>();
  const rendered = page.replace(MARKER, (_block, name: string) => {
    const render = CLINICAL_BASIS_TABLES[name];
    if (!render) {
      throw new Error(`docs/clinical-basis.md: no renderer for <!-- generated:${name} -->`);
    }
    seen.add(name);
    return `<!-- generated:${name} -->\n${render()}\n<!-- /generated:${name} -->`;
  });
  const missing = Object.keys(CLINICAL_BASIS_TABLES).filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new Error(`docs/clinical-basis.md: no marker for ${missing.map((name) => `generated:${name}`).join(', ')}`);
  }
  return rendered;
}

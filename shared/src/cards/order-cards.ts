import type { Assessment, OrderFinding } from '../domain/assessment';
import type { Card } from '../schemas/cds-hooks';
import {
  getOverrideReasons,
  buildAppLink,
  buildSource,
  buildTopic,
  escapeMarkdown,
  formatDetailFooter,
  stripEmpty,
  toCardSummary,
  type BuiltCard,
  type CardBuildOptions,
} from './card-parts';
import { buildSafetyCards } from './patient-view-cards';

const ORDER_TOPIC_DISPLAY: Readonly<Record<OrderFinding['kind'], string>> = {
  'prior-loss-same-drug': 'Earlier loss of response to the same drug',
  'prior-loss-same-class': 'Earlier loss of response to the same class',
  'prior-failure-same-drug': 'Earlier failed trial of the same drug',
  'serotonergic-combination': 'Serotonergic combination',
  'maoi-washout': 'MAOI washout',
  'switch-matches-history': 'Switch that matches the treatment history',
  'boxed-warning-young-adult': 'Antidepressant boxed warning (age 24 or under)',
  'bipolar-caution': 'Antidepressant in bipolar disorder',
  'age-not-approved': 'Antidepressant without paediatric evidence',
  'dose-above-cap': 'Dose above the safety cap',
  'perinatal-caution': 'Pregnancy or postpartum caution',
};

const SEVERITY_ORDER: Readonly<Record<OrderFinding['severity'], number>> = { critical: 0, warning: 1, info: 2 };

/**
 * order-select / order-sign cards: critical safety flags first, then one card per order finding from
 * `assessOrder`, most severe first. Each card carries its `orderKey` (the draft orders and the finding) so the
 * service can show it once per ordering session: at order-select, and at order-sign only if select did not show it.
 */
export function buildOrderCards(
  assessment: Assessment,
  findings: readonly OrderFinding[],
  options: CardBuildOptions,
  draftRefs: readonly string[] = []
): BuiltCard[] {
  const ordered = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const session = [...new Set([...draftRefs, ...findings.map((finding) => finding.orderRef)])].sort().join(',');
  return [
    ...buildSafetyCards(assessment, options).map((built) => ({ ...built, orderKey: `${session}|${built.kind}` })),
    ...ordered.map((finding) => ({
      kind: `order-${finding.kind}`,
      card: buildOrderCard(assessment, finding, options),
      orderKey: `${finding.orderRef}|order-${finding.kind}`,
    })),
  ];
}

function buildOrderCard(assessment: Assessment, finding: OrderFinding, options: CardBuildOptions): Card {
  const topic = buildTopic(finding.kind, ORDER_TOPIC_DISPLAY[finding.kind]);
  const detail = [
    escapeMarkdown(finding.detail),
    formatDetailFooter(finding.citationIds, assessment.knowledgeVersion, options.getCitation),
  ].join('\n\n');
  return stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(finding.summary),
    detail,
    indicator: finding.severity,
    source: buildSource(topic),
    overrideReasons: getOverrideReasons(finding.severity, finding.kind),
    links: buildAppLink(options, 'Review antidepressant history in Tachywatch', {
      focus: 'order',
      agentId: finding.agentId,
    }),
  });
}

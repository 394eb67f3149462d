import type { Assessment, Confounder, SafetyFlag, TachyphylaxisFinding, Trial } from '../domain/assessment';
import type { Card } from '../schemas/cds-hooks';
import {
  OVERRIDE_REASONS,
  buildAppLink,
  buildSource,
  buildTopic,
  escapeMarkdown,
  formatDetailFooter,
  getPrimaryCitation,
  stripEmpty,
  toCardSummary,
  type BuiltCard,
  type CardBuildOptions,
} from './card-parts';
import { buildRepeatPhq9Suggestion, buildTmsReferralSuggestion } from './suggestions';

const CONFOUNDER_STATE_LABEL: Readonly<Record<Confounder['state'], string>> = {
  present: 'Present',
  absent: 'Absent',
  unknown: 'Unknown',
};

/**
 * The patient-view cards for an assessment: critical safety flags always (PHQ-9 item 9 first), then one
 * tachyphylaxis card when the finding is `possible` (warning) or, if enabled, `emerging` (info). A finding
 * suppressed by a bipolar diagnosis gives no tachyphylaxis card but a bipolar caution card; no signal, no card.
 */
export function buildPatientViewCards(assessment: Assessment, options: CardBuildOptions): BuiltCard[] {
  const cards = buildSafetyCards(assessment, options);
  const finding = assessment.tachyphylaxis;
  if (finding.status === 'possible' || (finding.status === 'emerging' && options.includeEmerging)) {
    cards.push(buildTachyphylaxisCard(assessment, finding, options));
  }
  const bipolar = assessment.safety.find((flag) => flag.id === 'bipolar-antidepressant-caution');
  if (finding.status === 'suppressed' && bipolar) {
    cards.push(buildBipolarCautionCard(assessment, finding, bipolar, options));
  }
  return cards;
}

/** The loss-of-response pattern in a patient with a bipolar diagnosis: a caution, not a tachyphylaxis card. */
function buildBipolarCautionCard(
  assessment: Assessment,
  finding: TachyphylaxisFinding,
  flag: SafetyFlag,
  options: CardBuildOptions
): BuiltCard {
  const topic = buildTopic(flag.id, 'Antidepressant in bipolar disorder');
  const detail = [
    `**${escapeMarkdown(flag.message)}**`,
    escapeMarkdown(flag.detail),
    finding.reason ? `Why no tachyphylaxis card: ${escapeMarkdown(finding.reason)}` : '',
    finding.evidence.length > 0 ? finding.evidence.map((line) => `- ${escapeMarkdown(line)}`).join('\n') : '',
    formatDetailFooter([...flag.citationIds, ...finding.citationIds], assessment.knowledgeVersion, options.getCitation),
  ]
    .filter((block) => block !== '')
    .join('\n\n');
  const card = stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(flag.message),
    detail,
    indicator: flag.severity,
    source: buildSource(topic, getPrimaryCitation(flag.citationIds, options.getCitation)),
    overrideReasons: [...OVERRIDE_REASONS],
    links: buildAppLink(options, 'Review antidepressant history in Tachywatch', {
      focus: 'tachyphylaxis',
      ...(finding.trialId ? { trialId: finding.trialId } : {}),
    }),
  });
  return stripEmpty<BuiltCard>({ kind: 'bipolar-caution', card, episodeKey: finding.episodeKey });
}

/** One critical card per critical safety flag (PHQ-9 item 9): shown whatever else is found. */
export function buildSafetyCards(assessment: Assessment, options: CardBuildOptions): BuiltCard[] {
  return assessment.safety
    .filter((flag) => flag.severity === 'critical')
    .map((flag) => ({ kind: `safety-${flag.id}`, card: buildSafetyCard(assessment, flag, options) }));
}

function buildSafetyCard(assessment: Assessment, flag: SafetyFlag, options: CardBuildOptions): Card {
  const topic = buildTopic(flag.id, 'Safety flag');
  const dated = flag.date ? `Recorded ${flag.date}. ` : '';
  const detail = [
    `**${escapeMarkdown(flag.message)}**`,
    `${dated}${escapeMarkdown(flag.detail)}`,
    formatDetailFooter(flag.citationIds, assessment.knowledgeVersion, options.getCitation),
  ].join('\n\n');
  return stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(flag.message),
    detail,
    indicator: 'critical',
    source: buildSource(topic, getPrimaryCitation(flag.citationIds, options.getCitation)),
    overrideReasons: [...OVERRIDE_REASONS],
    links: buildAppLink(options, 'Open the Tachywatch review', { focus: 'safety' }),
  });
}

function buildTachyphylaxisCard(
  assessment: Assessment,
  finding: TachyphylaxisFinding,
  options: CardBuildOptions
): BuiltCard {
  const possible = finding.status === 'possible';
  const trial = assessment.trials.find((candidate) => candidate.id === finding.trialId);
  const drug = formatDrugAndDose(finding);
  const latest = finding.confirmation ?? finding.worsening;
  const change = finding.nadir && latest ? `: PHQ-9 ${finding.nadir.total} → ${latest.total}` : '';
  const summary = possible
    ? `Possible loss of response to ${drug}${change}`
    : `Emerging loss of response to ${drug}${change}; re-check PHQ-9 soon`;
  const topic = buildTopic('antidepressant-tachyphylaxis', 'Possible antidepressant tachyphylaxis');
  const patientId = assessment.patient.id;
  const suggestions = patientId
    ? [
        buildRepeatPhq9Suggestion(patientId, assessment.asOf, options.newId),
        ...(possible && assessment.treatmentResistance.meetsTrdDefinition && hasTmsOption(assessment)
          ? [buildTmsReferralSuggestion(patientId, options.newId)]
          : []),
      ]
    : [];
  const card = stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(summary),
    detail: buildTachyphylaxisDetail(assessment, finding, trial, options),
    indicator: possible ? 'warning' : 'info',
    source: buildSource(topic, getPrimaryCitation(finding.citationIds, options.getCitation)),
    suggestions,
    selectionBehavior: suggestions.length > 0 ? 'any' : undefined,
    overrideReasons: [...OVERRIDE_REASONS],
    links: buildAppLink(options, 'Review antidepressant history in Tachywatch', {
      focus: 'tachyphylaxis',
      ...(finding.trialId ? { trialId: finding.trialId } : {}),
    }),
  });
  return stripEmpty<BuiltCard>({ kind: `tachyphylaxis-${finding.status}`, card, episodeKey: finding.episodeKey });
}

function hasTmsOption(assessment: Assessment): boolean {
  return assessment.options.some((option) => option.kind === 'tms');
}

function formatDrugAndDose(finding: TachyphylaxisFinding): string {
  const name = finding.drugName ?? 'the current antidepressant';
  return finding.dailyDoseMg !== undefined ? `${name} ${finding.dailyDoseMg} mg/day` : name;
}

function buildTachyphylaxisDetail(
  assessment: Assessment,
  finding: TachyphylaxisFinding,
  trial: Trial | undefined,
  options: CardBuildOptions
): string {
  const heading =
    finding.status === 'possible'
      ? '**Possible loss of antidepressant response (tachyphylaxis)** — a pattern for clinician review, not a diagnosis.'
      : '**Emerging loss of antidepressant response** — not yet confirmed; a repeat PHQ-9 would confirm or refute it.';
  const scoreRows = (
    [
      ['Baseline', finding.baseline],
      ['Response', finding.response],
      ['Nadir', finding.nadir],
      ['Worsening', finding.worsening],
      ['Confirmation', finding.confirmation],
    ] as const
  )
    .filter(([, score]) => score !== undefined)
    .map(([label, score]) => `| ${label} | ${score?.date} | ${score?.total} |`);
  const scores = scoreRows.length > 0 ? ['| PHQ-9 | Date | Score |', '|---|---|---|', ...scoreRows].join('\n') : '';

  const facts = [
    `- **Drug:** ${escapeMarkdown(formatDrugAndDose(finding))}${finding.drugClass ? ` (${finding.drugClass})` : ''}`,
    finding.daysOnStableDose !== undefined
      ? `- **Time on the stable dose:** ${finding.daysOnStableDose} days up to the worsening`
      : '- **Time on the stable dose:** unknown',
    `- **Adherence:** ${formatAdherence(trial)}`,
    finding.timing ? `- **Timing:** ${finding.timing}` : '',
  ].filter((line) => line !== '');

  const evidence = finding.evidence.map((line) => `- ${escapeMarkdown(line)}`);
  const confounders =
    finding.confounders.length > 0
      ? [
          '| Confounder | State | What the data shows | What to check |',
          '|---|---|---|---|',
          ...finding.confounders.map(
            (confounder) =>
              `| ${escapeMarkdown(confounder.label)} | ${CONFOUNDER_STATE_LABEL[confounder.state]} | ${escapeMarkdown(
                confounder.evidence
              )} | ${escapeMarkdown(confounder.whatToCheck)} |`
          ),
        ].join('\n')
      : '';
  const priorLosses = finding.priorLossesOfResponse.map(
    (loss) =>
      `- ${escapeMarkdown(loss.name)} (${loss.drugClass}): loss of response by ${loss.lossAt.date} (PHQ-9 ${loss.lossAt.total})`
  );
  const otherSafety = assessment.safety
    .filter((flag) => flag.severity !== 'critical')
    .map((flag) => `- ${escapeMarkdown(flag.message)}`);
  const citationIds = [...finding.citationIds, ...finding.confounders.flatMap((confounder) => confounder.citationIds)];

  return [
    heading,
    scores,
    facts.join('\n'),
    evidence.length > 0 ? `**Evidence**\n\n${evidence.join('\n')}` : '',
    confounders ? `**Confounders**\n\n${confounders}` : '',
    priorLosses.length > 0 ? `**Earlier loss of response**\n\n${priorLosses.join('\n')}` : '',
    otherSafety.length > 0 ? `**Safety**\n\n${otherSafety.join('\n')}` : '',
    formatDetailFooter(citationIds, assessment.knowledgeVersion, options.getCitation),
  ]
    .filter((block) => block !== '')
    .join('\n\n');
}

function formatAdherence(trial: Trial | undefined): string {
  if (!trial || trial.adherence.pdc === undefined) return 'unknown (no supply data)';
  const { adherence } = trial;
  const pdc = Math.round((adherence.pdc ?? 0) * 100);
  const basis = adherence.basis === 'dispenses' ? 'dispenses' : 'prescribed supply';
  const gap = adherence.longestGapDays > 0 ? `, longest gap ${adherence.longestGapDays} days` : '';
  return `PDC ${pdc} % from ${basis}, ${adherence.windowStart} to ${adherence.windowEnd}${gap}`;
}

import type {
  Adherence,
  Assessment,
  Confounder,
  ResidualDrift,
  SafetyFlag,
  TachyphylaxisFinding,
} from '../domain/assessment';
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
  'not-recorded': 'None recorded',
  unknown: 'Unknown',
};

/**
 * The patient-view cards for an assessment: critical safety flags always (PHQ-9 item 9 first), then one
 * tachyphylaxis card when the finding is `possible` or a confirmed `explained` worsening (warning; the summary of an
 * explained one leads with what to check first) or, if enabled, `emerging` or unconfirmed `explained` (info); a
 * `managed` finding gives no card (the clinician has acted; the app shows it). A finding
 * suppressed by a bipolar diagnosis gives no tachyphylaxis card but a bipolar caution card; no signal, no card.
 */
export function buildPatientViewCards(assessment: Assessment, options: CardBuildOptions): BuiltCard[] {
  const cards = buildSafetyCards(assessment, options);
  const finding = assessment.tachyphylaxis;
  const confirmed = finding.status === 'explained' && isConfirmed(finding);
  if (
    finding.status === 'possible' ||
    confirmed ||
    ((finding.status === 'emerging' || finding.status === 'explained') && options.includeEmerging)
  ) {
    cards.push(buildTachyphylaxisCard(assessment, finding, options));
  }
  const drift = assessment.residualDrift;
  if (options.includeResidualDrift === true && drift?.status === 'drift' && finding.status === 'none') {
    cards.push(buildResidualDriftCard(assessment, drift, options));
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

/** Residual symptoms returning under a low total: an info card, only when the site turns it on. */
function buildResidualDriftCard(assessment: Assessment, drift: ResidualDrift, options: CardBuildOptions): BuiltCard {
  const topic = buildTopic('residual-symptom-drift', 'Residual symptoms rising after a response');
  const summary = `${drift.drugName}: interest, sleep, energy, concentration rising (${drift.from?.subscore ?? 0} → ${
    drift.to?.subscore ?? 0
  } of 12) while the PHQ-9 total stays low`;
  const card = stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(summary),
    detail: [
      escapeMarkdown(drift.statement),
      'A possible early sign of lost response, for review; not a validated threshold.',
      formatDetailFooter(drift.citationIds, assessment.knowledgeVersion, options.getCitation),
    ].join('\n\n'),
    indicator: 'info',
    source: buildSource(topic, getPrimaryCitation(drift.citationIds, options.getCitation)),
    overrideReasons: [...OVERRIDE_REASONS],
    links: buildAppLink(options, 'Review PHQ-9 items in Tachywatch', {
      focus: 'tachyphylaxis',
      trialId: drift.trialId,
    }),
  });
  return { kind: 'residual-drift', card, episodeKey: `${drift.trialId}:drift:${drift.to?.date ?? ''}` };
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
  const explained = finding.status === 'explained';
  const possible = finding.status === 'possible' || (explained && isConfirmed(finding));
  const summary = buildTachyphylaxisSummary(finding);
  const topic = explained
    ? buildTopic('antidepressant-worsening-explained', 'Worsening on an antidepressant with an explanation to check')
    : buildTopic('antidepressant-tachyphylaxis', 'Possible antidepressant tachyphylaxis');
  const patientId = assessment.patient.id;
  const suggestions = patientId
    ? [
        buildRepeatPhq9Suggestion(patientId, assessment.asOf, options.newId),
        ...(finding.status === 'possible' &&
        assessment.treatmentResistance.meetsTrdDefinition &&
        hasTmsOption(assessment)
          ? [buildTmsReferralSuggestion(patientId, options.newId)]
          : []),
      ]
    : [];
  const card = stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(summary),
    detail: buildTachyphylaxisDetail(assessment, finding, options),
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

/** Confirmed by a second score, or by a positive item 9 that skips the wait (shown in the evidence). */
function isConfirmed(finding: TachyphylaxisFinding): boolean {
  return finding.confirmation !== undefined || finding.status === 'possible';
}

/**
 * The summary leads with what to check first when the worsening has an explanation ("PHQ-9 3 → 15 on escitalopram:
 * check adherence first (PDC 44 % in the 90 days before)"); otherwise it names whose response was lost (the drug, the
 * regimen, or ECT's).
 */
export function buildTachyphylaxisSummary(finding: TachyphylaxisFinding): string {
  const drug = formatDrugAndDose(finding);
  const latest = finding.confirmation ?? finding.worsening;
  const path = finding.nadir && latest ? `PHQ-9 ${finding.nadir.total} → ${latest.total}` : '';
  const first = finding.explanations?.[0];
  if (finding.status === 'explained' && first) {
    return `${path || 'Worsening'} on ${finding.drugName ?? 'the antidepressant'}: ${first.checkFirst}`;
  }
  const change = path ? `: ${path}` : '';
  const attribution = finding.attribution;
  const whose =
    attribution?.kind === 'ect'
      ? `relapse after ECT, now on ${drug}`
      : attribution?.kind === 'regimen'
        ? `loss of response to ${[drug, ...attribution.coTreatments.map((item) => item.name)].join(' + ')}`
        : `loss of response to ${drug}`;
  return finding.status === 'possible'
    ? `Possible ${whose}${change}`
    : `Emerging ${whose}${change}; re-check PHQ-9 soon`;
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
  options: CardBuildOptions
): string {
  const heading =
    finding.status === 'explained'
      ? '**Worsening with an explanation to check first** — not called tachyphylaxis while this explanation stands.'
      : finding.status === 'possible'
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
    `- **Adherence before the worsening:** ${formatAdherence(finding.adherenceBeforeWorsening)}`,
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

function formatAdherence(adherence: Adherence | undefined): string {
  if (!adherence || adherence.pdc === undefined || adherence.basis !== 'dispenses') {
    return adherence?.basis === 'request-supply' ? 'unknown (prescriptions only, no fills)' : 'unknown (no fills)';
  }
  const pdc = Math.round(adherence.pdc * 100);
  const gap =
    adherence.longestGapDays > 0
      ? `, longest gap ${adherence.longestGapDays} ${adherence.longestGapDays === 1 ? 'day' : 'days'}`
      : '';
  return `PDC ${pdc} % from pharmacy fills, ${adherence.windowStart} to ${adherence.windowEnd}${gap}`;
}

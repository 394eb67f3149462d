import type {
  Assessment,
  Confounder,
  ConfounderId,
  SafetyFlag,
  ScoreAt,
  TachyphylaxisFinding,
  Trial,
} from '../domain/assessment';
import { formatDatesInText, formatDisplayDate } from '../domain/display-date';
import type { CitationId } from '../knowledge/citation-ids';
import type { Card } from '../schemas/cds-hooks';
import {
  OVERRIDE_REASONS,
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
import {
  buildRepeatPhq9Suggestion,
  buildSuicideRiskAssessmentSuggestion,
  buildTmsReferralSuggestion,
} from './suggestions';

/** Present confounders shown on the card, one line each; the rest are counted and live in the app. */
const MAX_PRESENT_CONFOUNDER_LINES = 3;

/** Safety flags that have a card of their own on patient-view; the others are a line on the finding's card. */
const OWN_CARD_FLAGS: ReadonlySet<SafetyFlag['id']> = new Set(['citalopram-qt-dose', 'bipolar-antidepressant-caution']);

/**
 * Why a loss-of-response pattern is not called tachyphylaxis, per suppressing confounder: the caution card's topic,
 * wording and references (on topic: the guideline for the disorder and the labels' warning, not a quality measure).
 */
const SUPPRESSION_CAUTIONS: Readonly<
  Partial<Record<ConfounderId, { code: string; display: string; recorded: string; citationIds: CitationId[] }>>
> = {
  bipolar: {
    code: 'bipolar-antidepressant-caution',
    display: 'Antidepressant in bipolar disorder',
    recorded: 'bipolar disorder is recorded',
    citationIds: ['canmat-2023', 'drug-labels'],
  },
  psychotic: {
    code: 'psychotic-features-caution',
    display: 'Antidepressant in depression with psychotic features',
    recorded: 'psychotic features are recorded',
    citationIds: ['canmat-2023', 'apa-2010'],
  },
};

/**
 * The patient-view cards for an assessment, one per finding, most urgent first:
 * - critical safety flags (PHQ-9 item 9 first), whatever else is found;
 * - the loss-of-response pattern: `possible` (warning), `emerging` (info, if enabled), or, when a bipolar or
 *   psychotic diagnosis suppresses it, a caution about the diagnosis instead;
 * - a dose above a safety cap for age (citalopram and QT);
 * - the treatment-resistance definition met (info, with a TMS referral when a coverage policy's criteria are met).
 */
export function buildPatientViewCards(assessment: Assessment, options: CardBuildOptions): BuiltCard[] {
  const cards = buildSafetyCards(assessment, options);
  const finding = assessment.tachyphylaxis;
  if (finding.status === 'possible' || (finding.status === 'emerging' && options.includeEmerging)) {
    cards.push(buildTachyphylaxisCard(assessment, finding, options));
  }
  if (finding.status === 'suppressed') {
    const caution = buildSuppressionCautionCard(assessment, finding, options);
    if (caution) cards.push(caution);
  }
  for (const flag of assessment.safety) {
    if (flag.id === 'citalopram-qt-dose' && flag.severity !== 'critical') {
      cards.push(buildDoseCapCard(assessment, flag, options));
    }
  }
  if (assessment.treatmentResistance.meetsTrdDefinition) {
    cards.push(buildTreatmentResistanceCard(assessment, options));
  }
  return cards;
}

/** One critical card per critical safety flag (PHQ-9 item 9): shown whatever else is found. */
export function buildSafetyCards(assessment: Assessment, options: CardBuildOptions): BuiltCard[] {
  return assessment.safety
    .filter((flag) => flag.severity === 'critical')
    .map((flag) => ({ kind: `safety-${flag.id}`, card: buildSafetyCard(assessment, flag, options) }));
}

function buildSafetyCard(assessment: Assessment, flag: SafetyFlag, options: CardBuildOptions): Card {
  const item9 = flag.id === 'phq9-item9-positive';
  const topic = buildTopic(flag.id, item9 ? 'Suicide risk (PHQ-9 item 9)' : 'Safety flag');
  const date = flag.date ? formatDisplayDate(flag.date, options.locale) : undefined;
  const summary = item9
    ? `PHQ-9 item 9 (thoughts of self-harm) positive${date ? ` on ${date}` : ''}: assess suicide risk today`
    : formatDatesInText(flag.message, options.locale);
  const detail = [
    engineText(flag.detail, options),
    item9 && options.crisisLine ? `**Crisis line:** ${escapeMarkdown(options.crisisLine)}` : '',
    formatDetailFooter(flag.citationIds, assessment.knowledgeVersion, options.getCitation),
  ];
  const patientId = assessment.patient.id;
  const suggestions =
    item9 && patientId ? [buildSuicideRiskAssessmentSuggestion(patientId, assessment.asOf, options.newId)] : [];
  return stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(summary),
    detail: joinLines(detail),
    indicator: 'critical',
    source: buildSource(topic),
    suggestions,
    selectionBehavior: suggestions.length > 0 ? 'any' : undefined,
    overrideReasons: getOverrideReasons('critical', flag.id),
    links: buildAppLink(options, item9 ? 'Open the safety section in Tachywatch' : 'Review in Tachywatch', {
      focus: 'safety',
    }),
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
  const change = finding.nadir && latest ? `PHQ-9 ${finding.nadir.total} → ${latest.total}` : 'PHQ-9 rising again';
  const explanation = finding.confounders.find(
    (confounder) => confounder.state === 'present' && !SUPPRESSION_CAUTIONS[confounder.id]
  );
  let summary: string;
  if (!possible) {
    summary = `${change} on ${drug}, not yet confirmed: repeat the PHQ-9 within 2 weeks`;
  } else if (explanation) {
    summary = `${change} on ${drug}: check ${lowerFirst(explanation.label)} first (possible loss of response)`;
  } else {
    summary = `Possible loss of response to ${drug}: ${change} on the same dose`;
  }
  const topic = buildTopic('antidepressant-tachyphylaxis', 'Possible antidepressant tachyphylaxis');
  const patientId = assessment.patient.id;
  const suggestions = patientId ? [buildRepeatPhq9Suggestion(patientId, assessment.asOf, options.newId)] : [];
  const card = stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(summary),
    detail: buildTachyphylaxisDetail(assessment, finding, trial, options),
    indicator: possible ? 'warning' : 'info',
    source: buildSource(topic),
    suggestions,
    selectionBehavior: suggestions.length > 0 ? 'any' : undefined,
    overrideReasons: [...OVERRIDE_REASONS],
    links: buildAppLink(options, 'Review antidepressant history in Tachywatch', {
      focus: 'assessment',
      ...(finding.trialId ? { trialId: finding.trialId } : {}),
    }),
  });
  return stripEmpty<BuiltCard>({ kind: `tachyphylaxis-${finding.status}`, card, episodeKey: finding.episodeKey });
}

function buildTachyphylaxisDetail(
  assessment: Assessment,
  finding: TachyphylaxisFinding,
  trial: Trial | undefined,
  options: CardBuildOptions
): string {
  const adherenceConfounder = finding.confounders.find((confounder) => confounder.id === 'adherence-gap');
  const others = finding.confounders.filter((confounder) => confounder !== adherenceConfounder);
  const present = others.filter((confounder) => confounder.state === 'present');
  const unknown = others.filter((confounder) => confounder.state === 'unknown');
  const absentCount = others.filter((confounder) => confounder.state === 'absent').length;
  const presentLines = present
    .slice(0, MAX_PRESENT_CONFOUNDER_LINES)
    .map(
      (confounder) =>
        `- **${escapeMarkdown(confounder.label)}:** ${engineText(confounder.evidence, options)} — ${escapeMarkdown(confounder.whatToCheck)}`
    );
  const morePresent = present.length - presentLines.length;
  const priorLosses = finding.priorLossesOfResponse.map(
    (loss) => `${escapeMarkdown(loss.name)} (${formatDisplayDate(loss.lossAt.date, options.locale)})`
  );
  const otherSafety = assessment.safety
    .filter((flag) => flag.severity !== 'critical' && !OWN_CARD_FLAGS.has(flag.id))
    .map((flag) => engineText(flag.message, options));
  const citationIds = [...finding.citationIds, ...present.flatMap((confounder) => confounder.citationIds)];
  return joinLines([
    formatPhq9Path(finding, options),
    formatDrugLine(finding),
    `**Adherence before the worsening:** ${formatAdherence(adherenceConfounder, trial, options)}`,
    finding.status === 'emerging' ? 'One raised score so far: a repeat PHQ-9 would confirm or refute it.' : '',
    ...presentLines,
    morePresent > 0 ? `- ${morePresent} more possible ${plural(morePresent, 'explanation')} in the app` : '',
    unknown.length > 0
      ? `**Not known from the record:** ${unknown.map((confounder) => escapeMarkdown(lowerFirst(confounder.label))).join(', ')}`
      : '',
    absentCount > 0 ? `${absentCount} other ${plural(absentCount, 'explanation')} checked: none found.` : '',
    priorLosses.length > 0 ? `**Earlier loss of response:** ${priorLosses.join(', ')}` : '',
    otherSafety.length > 0 ? `**Also:** ${otherSafety.join(' ')}` : '',
    formatDetailFooter(citationIds, assessment.knowledgeVersion, options.getCitation),
  ]);
}

/**
 * A loss-of-response pattern in a patient with a recorded bipolar disorder or psychotic features: a caution about the
 * diagnosis, not a tachyphylaxis card. The evidence that was set aside is one line; the app has the rest.
 */
function buildSuppressionCautionCard(
  assessment: Assessment,
  finding: TachyphylaxisFinding,
  options: CardBuildOptions
): BuiltCard | undefined {
  const bipolarFlag = assessment.safety.find((flag) => flag.id === 'bipolar-antidepressant-caution');
  const suppressingId =
    finding.confounders.find((confounder) => confounder.state === 'present' && SUPPRESSION_CAUTIONS[confounder.id])
      ?.id ?? (bipolarFlag ? 'bipolar' : undefined);
  const caution = suppressingId ? SUPPRESSION_CAUTIONS[suppressingId] : undefined;
  if (!suppressingId || !caution) return undefined;
  const suppressing = finding.confounders.find((confounder) => confounder.id === suppressingId);
  const flag = suppressingId === 'bipolar' ? bipolarFlag : undefined;
  const latest = finding.confirmation ?? finding.worsening;
  const change = finding.nadir && latest ? `PHQ-9 ${finding.nadir.total} → ${latest.total} on ` : 'Worsening on ';
  const summary = `${change}${formatDrugAndDose(finding)}, but ${caution.recorded}: review the diagnosis and regimen`;
  const detail = joinLines([
    `**Why not called tachyphylaxis:** ${engineText(finding.reason ?? suppressing?.evidence ?? caution.recorded, options)}`,
    engineText(flag?.detail ?? suppressing?.whatToCheck ?? '', options),
    formatPhq9Path(finding, options),
    formatDrugLine(finding),
    formatDetailFooter(caution.citationIds, assessment.knowledgeVersion, options.getCitation),
  ]);
  const card = stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(summary),
    detail,
    indicator: 'warning',
    source: buildSource(buildTopic(caution.code, caution.display)),
    overrideReasons: [...OVERRIDE_REASONS],
    links: buildAppLink(options, 'Review antidepressant history in Tachywatch', {
      focus: 'assessment',
      ...(finding.trialId ? { trialId: finding.trialId } : {}),
    }),
  });
  return stripEmpty<BuiltCard>({
    kind: suppressingId === 'bipolar' ? 'bipolar-caution' : 'psychotic-features-caution',
    card,
    episodeKey: finding.episodeKey,
  });
}

/** A current dose above the safety cap for the patient's age (citalopram and QT prolongation). */
function buildDoseCapCard(assessment: Assessment, flag: SafetyFlag, options: CardBuildOptions): BuiltCard {
  const card = stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(`${formatDatesInText(flag.message, options.locale).replace(/\.$/, '')}: review the dose`),
    detail: joinLines([
      engineText(flag.detail, options),
      formatDetailFooter(flag.citationIds, assessment.knowledgeVersion, options.getCitation),
    ]),
    indicator: flag.severity,
    source: buildSource(buildTopic(flag.id, 'Dose above the safety cap for age')),
    overrideReasons: [...OVERRIDE_REASONS],
    links: buildAppLink(options, 'Review in Tachywatch', { focus: 'safety' }),
  });
  return { kind: `safety-${flag.id}`, card };
}

/** The record meets the treatment-resistance definition: staging and options are in the app. */
function buildTreatmentResistanceCard(assessment: Assessment, options: CardBuildOptions): BuiltCard {
  const resistance = assessment.treatmentResistance;
  const failed = resistance.adequateFailedTrialIds.flatMap((id) => {
    const trial = assessment.trials.find((candidate) => candidate.id === id);
    return trial ? [trial] : [];
  });
  const count = resistance.adequateFailedTrialIds.length;
  const tms = assessment.options.find((option) => option.kind === 'tms');
  const tmsCriteriaMet = tms?.tmsEligibility?.some((policy) => policy.overall === 'criteria-met') === true;
  const summary = `Treatment-resistant depression criteria met: ${count} adequate ${plural(count, 'trial')} failed in this episode${
    tmsCriteriaMet ? '; options include TMS' : ''
  }`;
  const patientId = assessment.patient.id;
  const suggestions = patientId && tmsCriteriaMet ? [buildTmsReferralSuggestion(patientId, options.newId)] : [];
  const staging = [
    `Thase–Rush stage ${resistance.thaseRush.value}`,
    `Maudsley ${resistance.maudsley.value.score} (${resistance.maudsley.value.band})`,
    `MGH-S ${resistance.mghS.value}`,
  ].join(' · ');
  const card = stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(summary),
    detail: joinLines([
      failed.length > 0
        ? `**Adequate trials that failed:** ${failed
            .map((trial) => `${escapeMarkdown(trial.name)} (${formatDisplayDate(trial.start, options.locale)})`)
            .join(', ')}`
        : '',
      `**Staging:** ${staging}; the app explains each scale and what was missing.`,
      tms
        ? `**TMS:** ${tmsCriteriaMet ? 'a coverage policy’s criteria are met on the record' : 'coverage criteria not met or not known from the record'}.`
        : '',
      formatDetailFooter(resistance.citationIds, assessment.knowledgeVersion, options.getCitation),
    ]),
    indicator: 'info',
    source: buildSource(buildTopic('treatment-resistant-depression', 'Treatment-resistant depression')),
    suggestions,
    selectionBehavior: suggestions.length > 0 ? 'any' : undefined,
    overrideReasons: [...OVERRIDE_REASONS],
    links: buildAppLink(options, 'Review staging and options in Tachywatch', { focus: 'resistance' }),
  });
  return { kind: 'treatment-resistance', card };
}

/** "PHQ-9: 19 (2 Jan 2025) → 4 (1 May 2025) → 13 (1 Nov 2025) → 14 (20 Nov 2025)": the path in one line. */
function formatPhq9Path(finding: TachyphylaxisFinding, options: CardBuildOptions): string {
  const points = [finding.baseline, finding.nadir ?? finding.response, finding.worsening, finding.confirmation].filter(
    (score): score is ScoreAt => score !== undefined
  );
  if (points.length === 0) return '';
  const path = points.map((score) => `${score.total} (${formatDisplayDate(score.date, options.locale)})`).join(' → ');
  return `**PHQ-9:** ${path}`;
}

function formatDrugLine(finding: TachyphylaxisFinding): string {
  const drugClass = finding.drugClass ? ` (${finding.drugClass})` : '';
  const time =
    finding.daysOnStableDose !== undefined
      ? `, same dose for ${finding.daysOnStableDose} ${plural(finding.daysOnStableDose, 'day')} before the worsening`
      : ', time on this dose unknown';
  return `**Drug:** ${escapeMarkdown(formatDrugAndDose(finding))}${drugClass}${time}`;
}

function formatDrugAndDose(finding: TachyphylaxisFinding): string {
  const name = finding.drugName ?? 'the current antidepressant';
  return finding.dailyDoseMg !== undefined ? `${name} ${finding.dailyDoseMg} mg/day` : name;
}

/**
 * Adherence in the window before the worsening (the adherence confounder's evidence); without it, the trial's
 * whole-window figure, labelled as such.
 */
function formatAdherence(
  confounder: Confounder | undefined,
  trial: Trial | undefined,
  options: CardBuildOptions
): string {
  if (confounder && confounder.state !== 'absent') {
    const flag = confounder.state === 'present' ? 'below the threshold: ' : 'unknown: ';
    return `${flag}${engineText(confounder.evidence, options)} — ${escapeMarkdown(confounder.whatToCheck)}`;
  }
  if (confounder) return engineText(confounder.evidence, options);
  if (!trial || trial.adherence.pdc === undefined) return 'unknown (no supply data)';
  const { adherence } = trial;
  const pdc = Math.round((adherence.pdc ?? 0) * 100);
  const basis = adherence.basis === 'dispenses' ? 'dispenses' : 'prescribed supply';
  const gap =
    adherence.longestGapDays > 0
      ? `, longest gap ${adherence.longestGapDays} ${plural(adherence.longestGapDays, 'day')}`
      : '';
  return `PDC ${pdc} % over the whole trial (${basis})${gap}`;
}

/** A sentence from the engine, with its ISO dates in the display format, escaped for Markdown. */
function engineText(text: string, options: CardBuildOptions): string {
  return escapeMarkdown(formatDatesInText(text, options.locale));
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}

function joinLines(lines: readonly string[]): string {
  return lines.filter((line) => line !== '').join('\n\n');
}

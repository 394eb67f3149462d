import type {
  Adherence,
  Assessment,
  ConfounderId,
  DocumentedReviewStatus,
  ResidualDrift,
  SafetyFlag,
  ScoreAt,
  TachyphylaxisFinding,
} from '../domain/assessment';
import { formatDatesInText, formatDisplayDate } from '../domain/display-date';
import type { CitationId } from '../knowledge/citation-ids';
import { describeReviewPlan } from '../review/questionnaire';
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
 * - the loss-of-response pattern: `possible` or a confirmed `explained` worsening (warning; an explained one leads with
 *   what to check first), `emerging` or an unconfirmed `explained` one (info, if enabled); `managed` gives no card
 *   (the clinician has acted; the app shows it); when a bipolar or psychotic diagnosis suppresses it, a caution about
 *   the diagnosis instead;
 * - residual-symptom drift (info), only when the site turns it on;
 * - a dose above a safety cap for age (citalopram and QT);
 * - the treatment-resistance definition met (info, with a TMS referral when a coverage policy's criteria are met).
 */
export function buildPatientViewCards(assessment: Assessment, options: CardBuildOptions): BuiltCard[] {
  const cards = buildSafetyCards(assessment, options);
  const finding = assessment.tachyphylaxis;
  const confirmedExplained = finding.status === 'explained' && isConfirmed(finding);
  const quietByReview = assessment.documentedReview?.effect === 'quiet';
  if (
    !quietByReview &&
    (finding.status === 'possible' ||
      confirmedExplained ||
      ((finding.status === 'emerging' || finding.status === 'explained') && options.includeEmerging))
  ) {
    cards.push(buildTachyphylaxisCard(assessment, finding, options));
  }
  const drift = assessment.residualDrift;
  if (options.includeResidualDrift === true && drift?.status === 'drift' && finding.status === 'none') {
    cards.push(buildResidualDriftCard(assessment, drift, options));
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
  const explained = finding.status === 'explained';
  const effect = assessment.documentedReview?.effect;
  const warning = effect !== 'plan-in-place' && (finding.status === 'possible' || (explained && isConfirmed(finding)));
  const topic =
    effect === 'plan-in-place'
      ? buildTopic('antidepressant-loss-plan-in-place', 'Documented loss of antidepressant response, plan in place')
      : effect === 'relapse'
        ? buildTopic('antidepressant-relapse-documented', 'Relapse or new episode on an antidepressant (documented)')
        : explained
          ? buildTopic(
              'antidepressant-worsening-explained',
              'Worsening on an antidepressant with an explanation to check'
            )
          : buildTopic('antidepressant-tachyphylaxis', 'Possible antidepressant tachyphylaxis');
  const patientId = assessment.patient.id;
  const suggestions = patientId ? [buildRepeatPhq9Suggestion(patientId, assessment.asOf, options.newId)] : [];
  const card = stripEmpty<Card>({
    uuid: options.newId(),
    summary: toCardSummary(
      formatDatesInText(buildTachyphylaxisSummary(finding, assessment.documentedReview), options.locale)
    ),
    detail: buildTachyphylaxisDetail(assessment, finding, options),
    indicator: warning ? 'warning' : 'info',
    source: buildSource(topic),
    suggestions,
    selectionBehavior: suggestions.length > 0 ? 'any' : undefined,
    overrideReasons: [...OVERRIDE_REASONS],
    links: buildAppLink(options, 'Review antidepressant history in Tachywatch', {
      focus: 'assessment',
      ...(finding.trialId ? { trialId: finding.trialId } : {}),
    }),
  });
  const kind =
    effect === 'plan-in-place' || effect === 'relapse' ? `tachyphylaxis-${effect}` : `tachyphylaxis-${finding.status}`;
  return stripEmpty<BuiltCard>({ kind, card, episodeKey: finding.episodeKey });
}

/** Confirmed by a second score, or by a positive item 9 that skips the wait (shown in the evidence). */
function isConfirmed(finding: TachyphylaxisFinding): boolean {
  return finding.confirmation !== undefined || finding.status === 'possible';
}

/**
 * The card's summary, what and why: it leads with what to check first when the worsening has an explanation
 * ("PHQ-9 3 → 15 on escitalopram: check adherence first (PDC 44 % in the 90 days before)"); otherwise it names whose
 * response was lost (the drug, the regimen, or ECT's) and that the dose did not change; an unconfirmed worsening says
 * what would confirm it.
 */
export function buildTachyphylaxisSummary(finding: TachyphylaxisFinding, review?: DocumentedReviewStatus): string {
  const drug = formatDrugAndDose(finding);
  const latest = finding.confirmation ?? finding.worsening;
  const path = finding.nadir && latest ? `PHQ-9 ${finding.nadir.total} → ${latest.total}` : '';
  if (review?.effect === 'plan-in-place') {
    return `Loss of response to ${drug} documented ${review.date}; plan in place since then (${describeReviewPlan(review.plan)})`;
  }
  if (review?.effect === 'relapse') {
    return `Relapse or new episode on ${drug} (documented ${review.date})${path ? `: ${path}` : ''}`;
  }
  const first = finding.explanations?.[0];
  if (finding.status === 'explained' && first) {
    return `${path || 'Worsening'} on ${finding.drugName ?? 'the antidepressant'}: ${first.checkFirst}`;
  }
  const attribution = finding.attribution;
  const whose =
    attribution?.kind === 'ect'
      ? `relapse after ECT, now on ${drug}`
      : attribution?.kind === 'regimen'
        ? `loss of response to ${[drug, ...attribution.coTreatments.map((item) => item.name)].join(' + ')}`
        : `loss of response to ${drug}`;
  if (finding.status === 'possible') {
    return `Possible ${whose}${path ? `: ${path} on the same dose` : ''}`;
  }
  return `${path || 'PHQ-9 rising again'} on ${drug}, not yet confirmed: repeat the PHQ-9 within 2 weeks`;
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
    detail: joinLines([
      engineText(drift.statement, options),
      'A possible early sign of lost response, for review; not a validated threshold.',
      formatDetailFooter(drift.citationIds, assessment.knowledgeVersion, options.getCitation),
    ]),
    indicator: 'info',
    source: buildSource(topic),
    overrideReasons: [...OVERRIDE_REASONS],
    links: buildAppLink(options, 'Review PHQ-9 items in Tachywatch', { focus: 'assessment', trialId: drift.trialId }),
  });
  return { kind: 'residual-drift', card, episodeKey: `${drift.trialId}:drift:${drift.to?.date ?? ''}` };
}

function buildTachyphylaxisDetail(
  assessment: Assessment,
  finding: TachyphylaxisFinding,
  options: CardBuildOptions
): string {
  const others = finding.confounders.filter((confounder) => confounder.id !== 'adherence-gap');
  const present = others.filter((confounder) => confounder.state === 'present');
  const unknown = others.filter((confounder) => confounder.state === 'unknown');
  const checkedCount = others.filter(
    (confounder) => confounder.state === 'absent' || confounder.state === 'not-recorded'
  ).length;
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
  const citationIds = [
    ...finding.citationIds,
    ...present.flatMap((confounder) => confounder.citationIds),
    ...(assessment.documentedReview?.citationIds ?? []),
  ];
  const review = assessment.documentedReview;
  return joinLines([
    review ? `**Clinician review:** ${engineText(review.statement, options)}` : '',
    formatPhq9Path(finding, options),
    formatDrugLine(finding),
    `**Adherence before the worsening:** ${formatAdherence(finding.adherenceBeforeWorsening, options)}`,
    finding.attribution && finding.attribution.kind !== 'drug'
      ? engineText(finding.attribution.statement, options)
      : '',
    finding.status === 'emerging' ? 'One raised score so far: a repeat PHQ-9 would confirm or refute it.' : '',
    ...presentLines,
    morePresent > 0 ? `- ${morePresent} more possible ${plural(morePresent, 'explanation')} in the app` : '',
    unknown.length > 0
      ? `**Not known from the record:** ${unknown.map((confounder) => escapeMarkdown(lowerFirst(confounder.label))).join(', ')}`
      : '',
    checkedCount > 0 ? `${checkedCount} other ${plural(checkedCount, 'explanation')} checked: none found.` : '',
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
 * Adherence in the window before the worsening, from pharmacy fills; prescriptions written are not adherence, so
 * without fills it is unknown.
 */
function formatAdherence(adherence: Adherence | undefined, options: CardBuildOptions): string {
  if (!adherence || adherence.pdc === undefined || adherence.basis !== 'dispenses') {
    return adherence?.basis === 'request-supply' ? 'unknown (prescriptions only, no fills)' : 'unknown (no fills)';
  }
  const pdc = Math.round(adherence.pdc * 100);
  const gap =
    adherence.longestGapDays > 0
      ? `, longest gap ${adherence.longestGapDays} ${plural(adherence.longestGapDays, 'day')}`
      : '';
  const window = `${formatDisplayDate(adherence.windowStart, options.locale)} to ${formatDisplayDate(adherence.windowEnd, options.locale)}`;
  return `PDC ${pdc} % from pharmacy fills, ${window}${gap}`;
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

import { addDays, daysBetween, getPhq9Bands, getPhq9ReferenceLines, showsLossOfResponse } from '@tachywatch/shared';
import type {
  Assessment,
  InterventionCourse,
  IsoDate,
  Phq9BandRange,
  Phq9Point,
  Phq9ReferenceLine,
  Trial,
} from '@tachywatch/shared';
import { formatDate, plural } from '../../../lib/format';

export type TimelineZoom = 'last-year' | 'all';
export type MarkerKind = 'baseline' | 'response' | 'nadir' | 'loss' | 'worsening';

export interface TimelineMarker {
  readonly kind: MarkerKind;
  readonly date: IsoDate;
  readonly total: number;
  /** The trial the marker belongs to (its name, for labels). */
  readonly trialName?: string;
}

export interface TimelineSegment {
  /** Drawn from (clipped to the zoomed period). */
  readonly start: IsoDate;
  /** Drawn to, inclusive (clipped; `asOf` while ongoing). */
  readonly end: IsoDate;
  /** The segment's real dates, for labels. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly ongoing: boolean;
  readonly dailyDoseMg?: number;
  /** 0–1: the dose relative to the trial's highest, for the bar's shading. */
  readonly relativeDose: number;
}

export interface TimelineLane {
  readonly id: string;
  readonly label: string;
  readonly kind: 'antidepressant' | 'augmentation' | 'tms' | 'ect' | 'esketamine';
  readonly segments: readonly TimelineSegment[];
  readonly ongoing: boolean;
  readonly description: string;
}

export interface TimelineModel {
  readonly domain: readonly [IsoDate, IsoDate];
  /** PHQ-9 severity bands drawn behind the scores: the assessment's own (site thresholds), from @tachywatch/shared. */
  readonly bands: readonly Phq9BandRange[];
  readonly lanes: readonly TimelineLane[];
  readonly points: readonly Phq9Point[];
  readonly markers: readonly TimelineMarker[];
  /** Response (50 % of baseline) and MCID lines for the trial the finding is about. */
  readonly referenceLines: readonly Phq9ReferenceLine[];
}

const PADDING_DAYS = 14;
const INTERVENTION_LABELS = { tms: 'TMS course', ect: 'ECT course', esketamine: 'Esketamine course' } as const;

function isWithin(date: IsoDate, [from, to]: readonly [IsoDate, IsoDate]): boolean {
  return date >= from && date <= to;
}

function overlaps(start: IsoDate, end: IsoDate, [from, to]: readonly [IsoDate, IsoDate]): boolean {
  return start <= to && end >= from;
}

function toTrialLane(trial: Trial, asOf: IsoDate, domain: readonly [IsoDate, IsoDate]): TimelineLane | undefined {
  const maxDose = Math.max(0, ...trial.doseSegments.map((segment) => segment.dailyDoseMg ?? 0));
  const segments = trial.doseSegments
    .map((segment): TimelineSegment => {
      const end = segment.end ?? trial.end ?? asOf;
      return {
        start: segment.start < domain[0] ? domain[0] : segment.start,
        end: end > domain[1] ? domain[1] : end,
        from: segment.start,
        to: end,
        ongoing: segment.end === undefined && trial.ongoing,
        dailyDoseMg: segment.dailyDoseMg,
        relativeDose: maxDose > 0 && segment.dailyDoseMg !== undefined ? segment.dailyDoseMg / maxDose : 0.5,
      };
    })
    .filter((segment) => overlaps(segment.start, segment.end, domain));
  if (segments.length === 0) {
    return undefined;
  }
  const steps = trial.doseSegments.map((segment) =>
    segment.dailyDoseMg === undefined
      ? `dose unknown from ${formatDate(segment.start)}`
      : `${segment.dailyDoseMg} mg/day from ${formatDate(segment.start)}`
  );
  return {
    id: trial.id,
    label: trial.name,
    kind: trial.role,
    segments,
    ongoing: trial.ongoing,
    description: `${trial.name} (${trial.role === 'augmentation' ? 'augmenting agent' : trial.drugClass}), ${formatDate(trial.start)} to ${
      trial.ongoing ? 'now' : trial.end ? formatDate(trial.end) : 'unknown'
    }: ${steps.join('; ')}`,
  };
}

function toInterventionLane(course: InterventionCourse, domain: readonly [IsoDate, IsoDate]): TimelineLane | undefined {
  if (!overlaps(course.start, course.end, domain)) {
    return undefined;
  }
  return {
    id: `${course.kind}:${course.start}`,
    label: INTERVENTION_LABELS[course.kind],
    kind: course.kind,
    ongoing: false,
    segments: [
      {
        start: course.start < domain[0] ? domain[0] : course.start,
        end: course.end > domain[1] ? domain[1] : course.end,
        from: course.start,
        to: course.end,
        ongoing: false,
        relativeDose: 1,
      },
    ],
    description: `${INTERVENTION_LABELS[course.kind]}, ${formatDate(course.start)} to ${formatDate(course.end)}, ${plural(course.sessions, 'session')}`,
  };
}

function collectMarkers(assessment: Assessment): TimelineMarker[] {
  const markers: TimelineMarker[] = [];
  for (const trial of assessment.trials) {
    if (trial.role !== 'antidepressant') {
      continue;
    }
    const add = (kind: MarkerKind, at: { date: IsoDate; total: number } | undefined): void => {
      if (at) {
        markers.push({ kind, date: at.date, total: at.total, trialName: trial.name });
      }
    };
    add('baseline', trial.baseline);
    add('response', trial.responseAt);
    add('nadir', trial.nadir);
    if (showsLossOfResponse(trial, assessment.tachyphylaxis)) {
      add('loss', trial.lossAt);
    }
  }
  const worsening = assessment.tachyphylaxis.worsening;
  if (worsening) {
    markers.push({ kind: 'worsening', ...worsening, trialName: assessment.tachyphylaxis.drugName });
  }
  const seen = new Set<string>();
  return markers.filter((marker) => {
    const key = `${marker.kind}:${marker.date}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function getFullDomain(assessment: Assessment): [IsoDate, IsoDate] {
  const starts = [
    ...assessment.trials.map((trial) => trial.start),
    ...assessment.phq9.map((point) => point.date),
    ...assessment.interventions.map((course) => course.start),
  ].sort();
  const first = starts[0] ?? addDays(assessment.asOf, -365);
  return [addDays(first, -PADDING_DAYS), addDays(assessment.asOf, PADDING_DAYS)];
}

/** Everything the timeline draws, for one zoom level. Pure, so the chart and its table show the same data. */
export function buildTimelineModel(assessment: Assessment, zoom: TimelineZoom): TimelineModel {
  const full = getFullDomain(assessment);
  const lastYear: [IsoDate, IsoDate] = [addDays(assessment.asOf, -365), full[1]];
  const domain: [IsoDate, IsoDate] = zoom === 'all' || daysBetween(full[0], lastYear[0]) < 0 ? full : lastYear;
  const lanes = [
    ...assessment.trials.map((trial) => toTrialLane(trial, assessment.asOf, domain)),
    ...assessment.interventions.map((course) => toInterventionLane(course, domain)),
  ].filter((lane): lane is TimelineLane => lane !== undefined);
  const points = [...assessment.phq9]
    .filter((point) => isWithin(point.date, domain))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const markers = collectMarkers(assessment).filter((marker) => isWithin(marker.date, domain));
  return {
    domain,
    bands: assessment.phq9Bands ?? getPhq9Bands(),
    lanes,
    points,
    markers,
    referenceLines: getPhq9ReferenceLines(assessment.tachyphylaxis),
  };
}

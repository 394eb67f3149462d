import { getReviewState, type Assessment, type PatientInfo } from '@tachywatch/shared';
import { useEffect, useMemo } from 'react';
import type { ReactElement } from 'react';
import { SectionErrorBoundary } from '../../components/errors/error-boundary';
import { LaunchErrorView } from '../../components/errors/launch-error-view';
import { Section } from '../../components/ui/section';
import type { SectionId } from '../../components/ui/section';
import { STRINGS } from '../../config/strings';
import { AssessmentPanel } from '../../features/assessment/components/assessment-panel';
import { DataNotes, DegradedNote } from '../../features/data-notes/components/data-notes';
import { OptionsPanel } from '../../features/options/components/options-panel';
import { PatientBanner } from '../../features/patient-banner/components/patient-banner';
import { LoadingProgress } from '../../features/patient-data/components/loading-progress';
import { usePatientAssessment } from '../../features/patient-data/hooks/use-patient-assessment';
import { PrintButton } from '../../features/print/components/print-button';
import { PrintHeader } from '../../features/print/components/print-header';
import { ReviewStep } from '../../features/review/components/review-step';
import { getWriteBack, type WriteBack } from '../../features/review/utils/write-back';
import { ResistancePanel } from '../../features/resistance/components/resistance-panel';
import { SummaryStrip } from '../../features/summary/components/summary-strip';
import { TimelineSection, preloadTimelineChart } from '../../features/timeline/components/timeline-section';
import { TrialsTable } from '../../features/trials/components/trials-table';
import { useFhirClient } from '../../lib/fhir-client-context';
import { formatDate } from '../../lib/format';
import { getLaunchInfo } from '../../lib/launch-info';
import type { AppContext, LaunchInfo } from '../../lib/launch-info';
import { toLaunchError } from '../../lib/launch-error';

function getFocusSection(appContext: AppContext | undefined): SectionId | undefined {
  // The safety flags lead the summary section.
  if (appContext?.focus === 'safety') return 'summary';
  return appContext?.focus ?? (appContext?.trialId ? 'trials' : undefined);
}

interface ReviewProps {
  readonly assessment: Assessment;
  readonly patient?: PatientInfo;
  readonly launch: LaunchInfo;
  readonly failedQueries: readonly string[];
  /** Whether and how the clinician's review is saved to the EHR; off when not given. */
  readonly writeBack?: WriteBack;
}

const WRITE_BACK_OFF: WriteBack = { status: 'off' };

/** The whole review for one patient; each view renders part of the Assessment and does no reasoning of its own. */
export function Review({
  assessment,
  patient,
  launch,
  failedQueries,
  writeBack = WRITE_BACK_OFF,
}: ReviewProps): ReactElement {
  const focus = getFocusSection(launch.appContext);
  const state = getReviewState(assessment);
  const finding = assessment.tachyphylaxis;
  const highlightTrialId = launch.appContext?.trialId ?? (finding.status === 'none' ? undefined : finding.trialId);
  return (
    <div className="review" data-review-state={state}>
      <header className="app-header">
        <div>
          <h1>{STRINGS.appName}: antidepressant response review</h1>
          <p className="app-header__meta">
            As of {formatDate(assessment.asOf)} · knowledge {assessment.knowledgeVersion}
          </p>
        </div>
        <PrintButton />
      </header>
      <PrintHeader assessment={assessment} patient={patient} />
      {launch.needPatientBanner ? <PatientBanner patient={patient} ageYears={assessment.patient.ageYears} /> : null}
      <main>
        <p className="disclaimer">{STRINGS.possiblePattern}</p>
        <DegradedNote failedQueries={failedQueries} />
        <Section id="summary" title="Summary" focused={focus === 'summary'}>
          <SectionErrorBoundary name="summary">
            <SummaryStrip assessment={assessment} />
          </SectionErrorBoundary>
        </Section>
        {state === 'no-depression-data' ? (
          <Section id="assessment" title="Assessment" focused={focus === 'assessment'}>
            <div className="empty-state" role="status">
              <p>
                <strong>No depression data in this record.</strong> Tachywatch found no PHQ-9 scores and no
                antidepressant prescriptions, statements or dispenses for this patient, so there is nothing to assess:
                no trial, no staging and no options.
              </p>
              <p>If the patient is treated for depression, check that PHQ-9 results and medications are recorded.</p>
            </div>
          </Section>
        ) : (
          <>
            <Section id="assessment" title="Assessment" focused={focus === 'assessment'}>
              <SectionErrorBoundary name="assessment">
                <AssessmentPanel finding={assessment.tachyphylaxis} />
              </SectionErrorBoundary>
            </Section>
            <Section id="timeline" title="Timeline" focused={focus === 'timeline'}>
              <SectionErrorBoundary name="timeline">
                <TimelineSection assessment={assessment} highlightTrialId={highlightTrialId} />
              </SectionErrorBoundary>
            </Section>
            <Section id="trials" title="Antidepressant trials" focused={focus === 'trials'}>
              <SectionErrorBoundary name="trials table">
                <TrialsTable
                  trials={assessment.trials}
                  finding={assessment.tachyphylaxis}
                  highlightTrialId={launch.appContext?.trialId}
                />
              </SectionErrorBoundary>
            </Section>
            <Section id="resistance" title="Treatment resistance" focused={focus === 'resistance'}>
              <SectionErrorBoundary name="treatment resistance">
                <ResistancePanel resistance={assessment.treatmentResistance} trials={assessment.trials} />
              </SectionErrorBoundary>
            </Section>
            <Section id="options" title="Options to consider" focused={focus === 'options'}>
              <SectionErrorBoundary name="options">
                <OptionsPanel options={assessment.options} finding={assessment.tachyphylaxis} />
              </SectionErrorBoundary>
            </Section>
            <Section id="review" title="Your review" focused={focus === 'review'}>
              <SectionErrorBoundary name="review">
                <ReviewStep assessment={assessment} writeBack={writeBack} />
              </SectionErrorBoundary>
            </Section>
          </>
        )}
        <Section id="data-notes" title="Data notes">
          <DataNotes issues={assessment.issues} />
        </Section>
      </main>
    </div>
  );
}

/** Loads and assesses the patient in context, then shows the review (or the progress, or the relaunch message). */
export function PatientReview({ now }: { now?: Date | string }): ReactElement {
  const client = useFhirClient();
  const launch = useMemo(() => {
    try {
      return getLaunchInfo(client);
    } catch (error) {
      return toLaunchError(error);
    }
  }, [client]);
  if (launch instanceof Error) {
    return <LaunchErrorView error={launch} />;
  }
  return <LoadedReview launch={launch} now={now} />;
}

function LoadedReview({ launch, now }: { launch: LaunchInfo; now?: Date | string }): ReactElement {
  const client = useFhirClient();
  const state = usePatientAssessment(client, launch.patientId, now);
  const siteWriteBack = state.status === 'ready' && state.site.flags.writeBack;
  const writeBack = useMemo(
    () => getWriteBack(client, launch.patientId, siteWriteBack),
    [client, launch.patientId, siteWriteBack]
  );
  useEffect(preloadTimelineChart, []);
  switch (state.status) {
    case 'loading':
      return (
        <main className="review review--loading">
          <LoadingProgress queries={state.queries} />
        </main>
      );
    case 'error':
      return <LaunchErrorView error={state.error} />;
    case 'ready':
      return (
        <Review
          assessment={state.assessment}
          patient={state.patient}
          launch={launch}
          failedQueries={state.degraded.map((query) => query.key)}
          writeBack={writeBack}
        />
      );
  }
}

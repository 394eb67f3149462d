import {
  buildDraftServiceRequest,
  buildReviewQuestionnaireResponse,
  prefillReview,
  REVIEW_CONCLUSION_OPTIONS,
  type Assessment,
  type ClinicianReviewInput,
  type DraftServiceRequestKind,
} from '@tachywatch/shared';
import { useMemo, useRef, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { formatDateTime, formatText } from '../../../lib/format';
import type { SavedResource } from '../api/review-writer';
import { describeWriteFailure, type WriteFailure } from '../api/write-failure';
import { formatReviewText } from '../utils/review-text';
import type { WriteBack } from '../utils/write-back';
import { ReviewForm, type ReviewFormErrors } from './review-form';

type WriteState =
  | { readonly status: 'idle' }
  | { readonly status: 'saving' }
  | { readonly status: 'saved'; readonly saved: SavedResource }
  | { readonly status: 'failed'; readonly failure: WriteFailure };

const REFERRAL_KINDS: readonly DraftServiceRequestKind[] = ['tms', 'psychotherapy'];
const REFERRAL_LABELS: Readonly<Record<DraftServiceRequestKind, string>> = {
  tms: 'TMS referral',
  psychotherapy: 'psychotherapy referral',
};

function validate(input: ClinicianReviewInput): ReviewFormErrors {
  return input.conclusion === 'explained' && input.explainedBy === undefined
    ? { explainedBy: 'Choose what explains the worsening, or pick another conclusion.' }
    : {};
}

function WriteStatus({ state, what }: { state: WriteState; what: string }): ReactElement | null {
  switch (state.status) {
    case 'idle':
      return null;
    case 'saving':
      return <p className="write-status">Saving {what}…</p>;
    case 'saved':
      return (
        <p className="write-status write-status--saved">
          Saved to the EHR: {state.saved.resourceType}/{state.saved.id}, {formatDateTime(state.saved.savedAt)}.
        </p>
      );
    case 'failed':
      return (
        <div className="write-status write-status--failed" role="alert">
          <p>
            <strong>Not saved.</strong> {state.failure.message}
          </p>
          {state.failure.detail ? <p className="write-status__detail">Detail: {state.failure.detail}</p> : null}
        </div>
      );
  }
}

function WriteBackNote({ writeBack }: { writeBack: WriteBack }): ReactElement | null {
  if (writeBack.status === 'off') {
    return (
      <p className="review-step__note" id="review-write-back-note">
        Saving to the EHR is not turned on for this site (its configuration does not enable write-back), so nothing is
        sent to the EHR. Complete the review, then copy it into your note or print it.
      </p>
    );
  }
  if (writeBack.canSaveReview === false) {
    return (
      <p className="review-step__note" id="review-write-back-note">
        The EHR did not grant Tachywatch permission to save reviews in this session, so the review cannot be saved here.
        Copy it into your note or print it.
      </p>
    );
  }
  return null;
}

/**
 * The clinician's review: the pre-filled form, then save to the EHR (a QuestionnaireResponse; an amendment after
 * the first save) or copy/print when the site does not write back. A failed write changes nothing on screen but
 * the message: the answers stay, and saving can be tried again.
 */
export function ReviewStep({ assessment, writeBack }: { assessment: Assessment; writeBack: WriteBack }): ReactElement {
  const prefill = useMemo(() => prefillReview(assessment), [assessment]);
  const [input, setInput] = useState<ClinicianReviewInput>(prefill);
  const [errors, setErrors] = useState<ReviewFormErrors>({});
  const [review, setReview] = useState<WriteState>({ status: 'idle' });
  /** The review's resource once saved: later saves amend it. */
  const [lastSaved, setLastSaved] = useState<SavedResource | undefined>();
  const [referrals, setReferrals] = useState<Partial<Record<DraftServiceRequestKind, WriteState>>>({});
  const [copied, setCopied] = useState<string | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  const canSave = writeBack.status === 'on' && writeBack.canSaveReview !== false;

  const checkForm = (): boolean => {
    const found = validate(input);
    setErrors(found);
    if (found.explainedBy) {
      formRef.current?.querySelector<HTMLInputElement>('[data-question="explained-by"] input')?.focus();
      return false;
    }
    return true;
  };

  const onChange = (next: ClinicianReviewInput): void => {
    setInput(next);
    if (errors.explainedBy && next.explainedBy !== undefined) setErrors({});
    if (review.status === 'saved') setReview({ status: 'idle' });
  };

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (writeBack.status !== 'on' || review.status === 'saving' || !checkForm()) return;
    setReview({ status: 'saving' });
    const response = buildReviewQuestionnaireResponse(input, {
      patientId: writeBack.patientId,
      authored: new Date().toISOString(),
      author: writeBack.author,
      encounterId: writeBack.encounterId,
    });
    try {
      let saved: SavedResource;
      if (lastSaved) {
        // A later save amends the resource saved first (same id), as FHIR's `amended` status says.
        const amended: fhir4.QuestionnaireResponse & { id: string } = {
          ...response,
          id: lastSaved.id,
          status: 'amended',
        };
        saved = await writeBack.writer.update(amended);
      } else {
        saved = await writeBack.writer.create(response);
      }
      setLastSaved(saved);
      setReview({ status: 'saved', saved });
    } catch (error) {
      setReview({ status: 'failed', failure: describeWriteFailure(error) });
    }
  };

  const propose = async (kind: DraftServiceRequestKind): Promise<void> => {
    if (writeBack.status !== 'on' || referrals[kind]?.status === 'saving') return;
    setReferrals((current) => ({ ...current, [kind]: { status: 'saving' } }));
    const conclusion = REVIEW_CONCLUSION_OPTIONS.find(([code]) => code === input.conclusion)?.[1];
    const draft = buildDraftServiceRequest(kind, {
      patientId: writeBack.patientId,
      authored: new Date().toISOString(),
      requester: writeBack.author,
      reasonText: [`Tachywatch review: ${conclusion ?? input.conclusion}`, input.trial?.display]
        .filter(Boolean)
        .join(', '),
    });
    let next: WriteState;
    try {
      next = { status: 'saved', saved: await writeBack.writer.create(draft) };
    } catch (error) {
      next = { status: 'failed', failure: describeWriteFailure(error) };
    }
    setReferrals((current) => ({ ...current, [kind]: next }));
  };

  const copy = async (): Promise<void> => {
    if (!checkForm()) return;
    const text = formatReviewText(input, formatDateTime(new Date().toISOString()));
    try {
      await navigator.clipboard.writeText(text);
      setCopied('The review was copied: paste it into your note.');
    } catch {
      setCopied('Copying was blocked by the browser: print the review instead.');
    }
  };

  const print = (): void => {
    if (!checkForm()) return;
    // Prints this section alone (app.css), with the print header that names the patient.
    const root = document.documentElement;
    root.dataset.print = 'review';
    window.addEventListener('afterprint', () => delete root.dataset.print, { once: true });
    window.print();
  };

  const proposable = REFERRAL_KINDS.filter((kind) => input.plan.includes(kind));
  return (
    <form ref={formRef} className="review-step" aria-label="Clinician review" noValidate onSubmit={(e) => void save(e)}>
      {assessment.documentedReview ? (
        <p className="review-step__previous" data-effect={assessment.documentedReview.effect}>
          <strong>Last documented review:</strong> {formatText(assessment.documentedReview.statement)}
        </p>
      ) : null}
      <p className="review-step__intro">
        About a minute. The external factors are pre-filled from what the record shows; correct them if you know
        otherwise.
      </p>
      <ReviewForm
        value={input}
        onChange={onChange}
        prefill={prefill}
        options={assessment.options}
        errors={errors}
        disabled={review.status === 'saving'}
      />
      <WriteBackNote writeBack={writeBack} />
      <div className="review-step__actions">
        {canSave ? (
          <button type="submit" className="button--primary" aria-disabled={review.status === 'saving'}>
            {lastSaved ? 'Save changes to the EHR (amend)' : 'Save review to the EHR'}
          </button>
        ) : null}
        <button
          type="button"
          onClick={() => void copy()}
          aria-describedby={canSave ? undefined : 'review-write-back-note'}
        >
          Copy review as text
        </button>
        <button type="button" onClick={print}>
          Print review
        </button>
      </div>
      <div aria-live="polite" className="review-step__status">
        <WriteStatus state={review} what="the review" />
        {copied ? <p className="write-status">{copied}</p> : null}
      </div>
      {writeBack.status === 'on' && proposable.length > 0 ? (
        <div className="review-step__referrals">
          <h3>Draft referrals</h3>
          <p className="review-step__note">
            A draft is a proposal only: it appears in the EHR for you to complete and sign there.
          </p>
          {writeBack.canProposeReferral === false ? (
            <p className="review-step__note">The EHR did not grant Tachywatch permission to propose referrals.</p>
          ) : (
            proposable.map((kind) => {
              const state = referrals[kind] ?? { status: 'idle' };
              return (
                <div key={kind} className="review-step__referral">
                  {state.status === 'saved' ? null : (
                    <button type="button" onClick={() => void propose(kind)} aria-disabled={state.status === 'saving'}>
                      Propose a draft {REFERRAL_LABELS[kind]}
                    </button>
                  )}
                  <div aria-live="polite">
                    <WriteStatus state={state} what={`the draft ${REFERRAL_LABELS[kind]}`} />
                  </div>
                </div>
              );
            })
          )}
        </div>
      ) : null}
    </form>
  );
}

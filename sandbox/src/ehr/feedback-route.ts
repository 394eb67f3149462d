import type { FeedbackItem } from '@tachywatch/shared';
import type { Express } from 'express';
import { findShownCard, remember, type EhrContext, type StoredCard } from './ehr-context';
import { renderError } from './views';

/** How many overridden cards the chart lists per patient. */
const MAX_SILENCED_PER_PATIENT = 20;

type FeedbackForm = Record<string, string | undefined>;

/** The CDS Hooks feedback for the clinician's answer, or a message saying why it cannot be sent. */
function buildFeedbackItem(stored: StoredCard, form: FeedbackForm, at: Date): FeedbackItem | string {
  const outcome = form.outcome === 'accepted' ? 'accepted' : 'overridden';
  const item: FeedbackItem = { card: stored.card.uuid ?? '', outcome, outcomeTimestamp: at.toISOString() };
  if (outcome === 'accepted') {
    const suggestion = stored.card.suggestions?.find((candidate) => candidate.uuid === form.suggestion);
    if (!suggestion?.uuid) return 'Unknown suggestion';
    item.acceptedSuggestions = [{ id: suggestion.uuid }];
    return item;
  }
  const reason = form.reason ? stored.card.overrideReasons?.[Number(form.reason)] : undefined;
  if (stored.card.indicator === 'critical' && !reason) {
    return 'A critical card can only be overridden with one of its reasons; go back and choose one.';
  }
  const comment = form.comment?.trim();
  if (reason || comment) {
    item.overrideReason = { ...(reason ? { reason } : {}), ...(comment ? { userComment: comment } : {}) };
  }
  return item;
}

/** An overridden card leaves the chart and joins the patient's silenced list. */
function silenceCard(context: EhrContext, stored: StoredCard, item: FeedbackItem): void {
  const list = context.silenced.get(stored.patientId) ?? [];
  const reason = item.overrideReason?.reason;
  list.push({
    serviceId: stored.serviceId,
    card: stored.card,
    at: item.outcomeTimestamp,
    ...(reason && 'display' in reason && typeof reason.display === 'string' ? { reason: reason.display } : {}),
  });
  remember(context.silenced, stored.patientId, list.slice(-MAX_SILENCED_PER_PATIENT));
}

/** `POST /patients/:id/cards/:uuid/feedback`: accept a suggestion or override a card, then back to the chart. */
export function registerFeedbackRoute(app: Express, context: EhrContext): void {
  app.post('/patients/:id/cards/:uuid/feedback', async (req, res) => {
    const stored = findShownCard(context, req);
    if (!stored) {
      res.status(404).type('html').send(renderError('This card is no longer shown; reopen the chart.'));
      return;
    }
    const item = buildFeedbackItem(stored, req.body as FeedbackForm, context.now());
    if (typeof item === 'string') {
      res.status(400).type('html').send(renderError(item));
      return;
    }
    await context.deps.cds.sendFeedback(stored.serviceId, [item]);
    if (item.outcome === 'overridden') silenceCard(context, stored, item);
    res.redirect(303, `/patients/${encodeURIComponent(stored.patientId)}?notice=feedback-${item.outcome}`);
  });
}

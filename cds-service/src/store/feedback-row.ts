import type { FeedbackItem } from '@tachywatch/shared';
import { toCanonicalInstant } from './instant';

/** The `feedback` table's columns, in the order `feedbackRow` gives their values. */
export const FEEDBACK_COLUMNS =
  'card_uuid, service_id, outcome, outcome_timestamp, outcome_instant, accepted_suggestions, override_system, override_code, user_comment, received_at';

export type FeedbackRow = readonly [
  cardUuid: string,
  serviceId: string,
  outcome: string,
  outcomeTimestamp: string,
  outcomeInstant: string,
  acceptedSuggestions: string | null,
  overrideSystem: string | null,
  overrideCode: string | null,
  userComment: string | null,
  receivedAt: number,
];

/** One feedback item as a `feedback` row (both stores): the instant is canonical so a resent item is a duplicate. */
export function feedbackRow(serviceId: string, item: FeedbackItem, receivedAtMs: number): FeedbackRow {
  return [
    item.card,
    serviceId,
    item.outcome,
    item.outcomeTimestamp,
    toCanonicalInstant(item.outcomeTimestamp) ?? item.outcomeTimestamp,
    item.acceptedSuggestions ? JSON.stringify(item.acceptedSuggestions.map((suggestion) => suggestion.id)) : null,
    item.overrideReason?.reason?.system ?? null,
    item.overrideReason?.reason?.code ?? null,
    item.overrideReason?.userComment ?? null,
    receivedAtMs,
  ];
}

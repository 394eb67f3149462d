import type { Request, Response } from 'express';
import { FeedbackRequestSchema, formatSchemaIssues } from '@tachywatch/shared';
import { BadRequestError, NotFoundError, ServiceUnavailableError } from '../errors';
import type { FeedbackStore } from '../store/types';
import type { ServiceMetrics } from '../ops/metrics';
import { getCdsService } from '../services/registry';

/** POST /cds-services/{id}/feedback: validated, stored durably and idempotently; overrides suppress the episode. */
export function feedbackRoute(deps: {
  readonly feedback: FeedbackStore;
  readonly metrics: ServiceMetrics;
  readonly now: () => Date;
}) {
  return async (req: Request<{ id: string }>, res: Response): Promise<void> => {
    res.locals.route = 'feedback';
    const service = getCdsService(req.params.id);
    if (!service) throw new NotFoundError('Unknown CDS service id');
    const parsed = FeedbackRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new BadRequestError(formatSchemaIssues(parsed.error));
    let result;
    try {
      result = await deps.feedback.saveFeedback(service.id, parsed.data.feedback, deps.now().getTime());
    } catch {
      throw new ServiceUnavailableError('Feedback could not be stored; nothing was saved, retry later');
    }
    for (const item of parsed.data.feedback) deps.metrics.feedback.inc({ service: service.id, outcome: item.outcome });
    res.locals.logFields = { serviceId: service.id, feedback: parsed.data.feedback.length, ...result };
    res.status(200).json({});
  };
}

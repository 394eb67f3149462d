import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics, one registry per app instance so tests can build several apps side by side. */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'service' | 'hook' | 'status'>;
  readonly cards: Counter<'service'>;
  readonly fhirFetchErrors: Counter<'key' | 'reason'>;
  readonly hookReplays: Counter<'service'>;
  readonly authFailures: Counter<'reason'>;
  readonly feedback: Counter<'service' | 'outcome'>;
  readonly hookWorkerEvents: Counter<'event'>;
  readonly hookWork: Counter<'thread'>;
}

export function createMetrics(options: { collectDefaults: boolean }): ServiceMetrics {
  const registry = new Registry();
  if (options.collectDefaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestDuration: new Histogram({
      name: 'cds_request_duration_seconds',
      help: 'CDS service invocation latency',
      labelNames: ['service', 'hook', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8],
      registers: [registry],
    }),
    cards: new Counter({
      name: 'cds_cards_total',
      // No kind or indicator label: those are clinical categories (e.g. a positive PHQ-9 item 9), not operations.
      help: 'Cards returned',
      labelNames: ['service'],
      registers: [registry],
    }),
    fhirFetchErrors: new Counter({
      name: 'cds_fhir_fetch_errors_total',
      help: 'FHIR data that could not be obtained, by prefetch key and reason',
      labelNames: ['key', 'reason'],
      registers: [registry],
    }),
    hookReplays: new Counter({
      name: 'cds_hook_replays_total',
      help: 'Invocations answered from the hookInstance cache',
      labelNames: ['service'],
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'cds_auth_failures_total',
      help: 'Rejected CDS client JWTs, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    feedback: new Counter({
      name: 'cds_feedback_total',
      help: 'Feedback items stored, by outcome',
      labelNames: ['service', 'outcome'],
      registers: [registry],
    }),
    hookWorkerEvents: new Counter({
      name: 'cds_hook_worker_events_total',
      help: 'Hook worker pool events: crash, timeout, queue-full, queue-timeout, start-failure',
      labelNames: ['event'],
      registers: [registry],
    }),
    hookWork: new Counter({
      name: 'cds_hook_work_total',
      help: 'Hook calls whose parse, assessment and cards ran in a worker thread or on the event loop',
      labelNames: ['thread'],
      registers: [registry],
    }),
  };
}

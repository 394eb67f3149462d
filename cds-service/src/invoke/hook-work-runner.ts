import type { ServiceConfig } from '../config';
import type { Logger } from '../ops/logger';
import type { ServiceMetrics } from '../ops/metrics';
import { SHARED_ENGINE, type CdsEngine } from './engine';
import { runHookWork, toHookWorkSettings, type HookWorkInput, type HookWorkResult } from './hook-work';
import { HookWorkerPool } from './hook-worker-pool';

/** Runs the CPU-bound part of hook calls: on the event loop, or in the pool of worker threads. */
export interface HookWorkRunner {
  readonly mode: 'event-loop' | 'workers';
  run(input: HookWorkInput): Promise<HookWorkResult>;
  /** False while the workers are still loading (the event loop stands in meanwhile). */
  isReady(): boolean;
  /** Resolves once every worker has loaded (at once on the event loop). */
  whenReady(): Promise<void>;
  close(): Promise<void>;
}

export interface HookWorkRunnerOptions {
  readonly config: ServiceConfig;
  /** An injected engine (tests observe or replace it) can only run on the event loop. */
  readonly engine: CdsEngine;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
}

/** HOOK_WORKERS=0, or an injected engine: the event loop does the work; otherwise a pool of that many workers. */
export function createHookWorkRunner(options: HookWorkRunnerOptions): HookWorkRunner {
  const { config, engine } = options;
  const settings = toHookWorkSettings(config);
  const count = (thread: 'worker' | 'event-loop'): void => options.metrics.hookWork.inc({ thread });
  const onEventLoop = (input: HookWorkInput): Promise<HookWorkResult> => {
    count('event-loop');
    return runHookWork(input, settings, engine);
  };
  if (config.hookWorkers === 0 || engine !== SHARED_ENGINE) {
    return {
      mode: 'event-loop',
      run: onEventLoop,
      isReady: () => true,
      whenReady: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  }
  const pool = new HookWorkerPool({
    size: config.hookWorkers,
    queueLimit: config.hookQueueLimit,
    deadlineMs: config.deadlineMs,
    settings,
    logger: options.logger,
    onEvent: (event) => options.metrics.hookWorkerEvents.inc({ event }),
  });
  return {
    mode: 'workers',
    // Until a worker has loaded (just after start), or if workers cannot start at all (a broken install), the
    // event loop does the work: a call never waits for a worker that is not there.
    run: (input) => {
      if (!pool.ready) return onEventLoop(input);
      count('worker');
      return pool.run(input);
    },
    // Ready once a worker has loaded, or once the pool gave up and the event loop does the work for good.
    isReady: () => pool.ready || pool.unavailable,
    whenReady: () => pool.whenReady(),
    close: () => pool.close(),
  };
}

import { Worker } from 'node:worker_threads';
import { ServiceUnavailableError } from '../errors';
import type { Logger } from '../ops/logger';
import type { HookWorkInput, HookWorkResult, HookWorkSettings } from './hook-work';
import type { HookWorkerReply, HookWorkerTask } from './hook-worker-protocol';

/**
 * From the TypeScript sources (tests, `npm start`) the worker needs tsx registered in its thread; the production
 * build bundles `dist/hook-worker.js` beside `dist/index.js`.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./hook-worker-entry.mjs', import.meta.url)
  : new URL('./hook-worker.js', import.meta.url);

/** Each worker's heap: a 5 MB body parses to well under this, so memory stays bounded whatever is sent. */
const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256 } as const;

/**
 * Calls posted to one worker at a time: the next waits in the worker's own message queue, so the worker starts it
 * the moment it answers the last, without waiting for the event loop to read that answer and post another.
 */
const CALLS_PER_WORKER = 2;

/** A worker that exits before it is ready this many times in a row means the workers cannot start. */
const MAX_START_FAILURES = 3;

export type HookWorkerEvent = 'crash' | 'timeout' | 'queue-full' | 'queue-timeout' | 'start-failure';

export interface HookWorkerPoolOptions {
  readonly size: number;
  /** The worker script; tests pass one that misbehaves on purpose. Default: the hook worker. */
  readonly entry?: URL;
  /** Calls waiting for a free worker; past it a call gets a 503 at once (load shedding, bounded memory). */
  readonly queueLimit: number;
  /** From submission: a call not answered by then gets a 503, and a worker still busy with it is replaced. */
  readonly deadlineMs: number;
  readonly settings: HookWorkSettings;
  readonly logger: Logger;
  readonly onEvent?: (event: HookWorkerEvent) => void;
}

interface PendingTask {
  readonly task: HookWorkerTask;
  readonly transfer: ArrayBuffer[];
  readonly resolve: (result: HookWorkResult) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  worker?: PoolWorker;
}

interface PoolWorker {
  readonly thread: Worker;
  /** Has loaded the engine and takes tasks. */
  ready: boolean;
  /** Terminated by the pool (deadline overrun), not lost by accident. */
  retired: boolean;
  /** Calls posted to it and not answered yet, oldest first (it works them in order). */
  readonly inFlight: PendingTask[];
}

const atCapacity = (): ServiceUnavailableError =>
  new ServiceUnavailableError('The service is at capacity; retry shortly');

/**
 * A fixed pool of worker threads for the CPU-bound part of hook calls (parse, validate, read, assess, cards), so
 * the event loop stays free for I/O, health checks and other calls, and a multi-core host answers calls in
 * parallel. Bounded: a queue limit, a deadline per call, a heap cap per worker; a worker that crashes or overruns
 * the deadline is replaced.
 */
export class HookWorkerPool {
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: PendingTask[] = [];
  private readonly readyWaiters: (() => void)[] = [];
  private nextId = 1;
  private startFailures = 0;
  private closed = false;

  constructor(private readonly options: HookWorkerPoolOptions) {
    for (let index = 0; index < options.size; index += 1) this.spawn();
  }

  /**
   * False while no worker has loaded yet (just after start) and once the workers have failed to start too often:
   * the caller then does the work itself rather than keep a call waiting.
   */
  get ready(): boolean {
    return (
      this.startFailures < MAX_START_FAILURES && [...this.workers].some((worker) => worker.ready && !worker.retired)
    );
  }

  /** The workers failed to start too often: the pool has given up (see `ready`). */
  get unavailable(): boolean {
    return this.startFailures >= MAX_START_FAILURES;
  }

  /** Resolves when every worker has loaded, or the workers are found unable to start (`ready` stays false). */
  whenReady(): Promise<void> {
    if (this.settled()) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private settled(): boolean {
    return this.closed || this.unavailable || [...this.workers].every((worker) => worker.ready);
  }

  private notifyIfSettled(): void {
    if (this.settled()) for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  run(input: HookWorkInput): Promise<HookWorkResult> {
    if (this.closed) return Promise.reject(new ServiceUnavailableError('The service is shutting down'));
    if (this.queue.length >= this.options.queueLimit) {
      this.options.onEvent?.('queue-full');
      return Promise.reject(atCapacity());
    }
    const { body, transfer } = toTransferable(input.body);
    return new Promise<HookWorkResult>((resolve, reject) => {
      const pending: PendingTask = {
        task: { id: this.nextId++, serviceId: input.serviceId, nowMs: input.nowMs, body },
        transfer,
        resolve,
        reject,
        timer: setTimeout(() => this.expire(pending), this.options.deadlineMs),
      };
      pending.timer.unref();
      this.queue.push(pending);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.notifyIfSettled();
    for (const pending of this.queue.splice(0)) this.settle(pending, new ServiceUnavailableError('Shutting down'));
    for (const worker of this.workers) {
      for (const pending of worker.inFlight.splice(0))
        this.settle(pending, new ServiceUnavailableError('Shutting down'));
    }
    const threads = [...this.workers].map((worker) => worker.thread);
    this.workers.clear();
    await Promise.all(threads.map((thread) => thread.terminate()));
  }

  private spawn(): void {
    const worker: PoolWorker = {
      thread: new Worker(this.options.entry ?? WORKER_ENTRY, {
        workerData: this.options.settings,
        resourceLimits: WORKER_RESOURCE_LIMITS,
      }),
      ready: false,
      retired: false,
      inFlight: [],
    };
    this.workers.add(worker);
    worker.thread.on('message', (reply: HookWorkerReply) => this.receive(worker, reply));
    // An 'error' is always followed by 'exit'; the exit handler does the replacing.
    worker.thread.on('error', () => undefined);
    worker.thread.once('exit', () => this.lose(worker));
  }

  /** Posts waiting calls to the least busy ready workers, up to CALLS_PER_WORKER each. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let target: PoolWorker | undefined;
      for (const worker of this.workers) {
        if (!worker.ready || worker.retired || worker.inFlight.length >= CALLS_PER_WORKER) continue;
        if (!target || worker.inFlight.length < target.inFlight.length) target = worker;
      }
      const pending = target && this.queue.shift();
      if (!target || !pending) return;
      target.inFlight.push(pending);
      pending.worker = target;
      target.thread.postMessage(pending.task, pending.transfer);
    }
  }

  private receive(worker: PoolWorker, reply: HookWorkerReply): void {
    if ('ready' in reply) {
      worker.ready = true;
      this.startFailures = 0;
      this.dispatch();
      this.notifyIfSettled();
      return;
    }
    const index = worker.inFlight.findIndex((pending) => pending.task.id === reply.id);
    const pending = worker.inFlight[index];
    if (!pending) return;
    worker.inFlight.splice(index, 1);
    if ('result' in reply) this.settle(pending, undefined, reply.result);
    else this.settle(pending, new Error(`The hook work failed in a worker (${reply.failure})`));
    this.dispatch();
  }

  /**
   * The deadline passed: a waiting call is dropped; a posted one takes its worker down (a worker cannot be
   * interrupted), with the calls queued behind it, which get a 503 too; a new worker starts.
   */
  private expire(pending: PendingTask): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.options.onEvent?.('queue-timeout');
      this.settle(pending, new ServiceUnavailableError('The hook could not be evaluated within the deadline'));
      return;
    }
    const worker = pending.worker;
    if (!worker || !worker.inFlight.includes(pending)) return;
    this.options.onEvent?.('timeout');
    this.options.logger.warn({ event: 'hook-worker-timeout' }, 'a hook worker overran the deadline; replaced');
    worker.retired = true;
    for (const call of worker.inFlight.splice(0)) {
      this.settle(call, new ServiceUnavailableError('The hook could not be evaluated within the deadline'));
    }
    void worker.thread.terminate();
  }

  /** A worker exited (crash, heap cap, termination): its calls get a 503 and, unless closing, a new worker starts. */
  private lose(worker: PoolWorker): void {
    if (!this.workers.delete(worker)) return;
    const calls = worker.inFlight.splice(0);
    if (calls.length > 0) {
      this.options.onEvent?.('crash');
      this.options.logger.warn({ event: 'hook-worker-crash' }, 'a hook worker exited during a call; replaced');
      for (const call of calls)
        this.settle(call, new ServiceUnavailableError('The hook could not be evaluated; retry'));
    }
    if (this.closed) return;
    if (!worker.ready) {
      this.startFailures += 1;
      this.options.onEvent?.('start-failure');
      if (this.unavailable) {
        this.options.logger.error(
          { event: 'hook-workers-unavailable' },
          'hook workers cannot start; hook calls run on the event loop'
        );
        for (const pending of this.queue.splice(0)) this.settle(pending, atCapacity());
        this.notifyIfSettled();
        return;
      }
    } else if (calls.length === 0 && !worker.retired) {
      this.options.logger.warn({ event: 'hook-worker-exit' }, 'an idle hook worker exited; replaced');
    }
    this.spawn();
  }

  private settle(pending: PendingTask, error: Error | undefined, result?: HookWorkResult): void {
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else if (result) pending.resolve(result);
  }
}

/** The body's own memory moves to the worker without a copy; a view into a shared slab is copied first. */
function toTransferable(body: Uint8Array): { body: Uint8Array; transfer: ArrayBuffer[] } {
  const { buffer } = body;
  if (buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === buffer.byteLength) {
    return { body, transfer: [buffer] };
  }
  const copy = new Uint8Array(body);
  return { body: copy, transfer: [copy.buffer] };
}

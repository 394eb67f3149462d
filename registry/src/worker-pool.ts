import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AssessBatch, AssessBatchResult } from './assess-patients';

/**
 * The worker's entry beside this module. From source (`npm run registry`, the tests: this file is .ts, run by tsx)
 * a bootstrap registers tsx in the worker thread first; the production build (`dist/cli.js`) ships the worker
 * bundled as plain JavaScript, `dist/assess-worker.js`, and needs no tsx.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./assess-worker-entry.mjs', import.meta.url)
  : new URL('./assess-worker.js', import.meta.url);

/** Each worker's V8 old-generation cap: memory stays bounded; a batch that exceeds it is lost, not the run. */
const WORKER_HEAP_MB = 256;

/** Workers: one per core the process may use (at least one). */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

function startWorker(): Worker {
  return new Worker(WORKER_ENTRY, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
}

/**
 * A fixed pool of assessment workers with a bounded queue: `submit` resolves once a worker is free to take the
 * batch, so the producer never runs ahead of the pool by more than one batch per worker. A worker that dies (out of
 * memory, a crash in native code) is replaced and its batch reported through `onLost`.
 */
export class WorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: Error | undefined;

  constructor(
    size: number,
    private readonly onResult: (result: AssessBatchResult) => void,
    private readonly onLost: (batch: AssessBatch) => void
  ) {
    for (let index = 0; index < size; index += 1) this.release(this.spawn());
  }

  private spawn(): Worker {
    const worker = startWorker();
    this.workers.add(worker);
    return worker;
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop();
    if (worker) return Promise.resolve(worker);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  /** Waits for a free worker, hands it the batch and returns; the result arrives through `onResult`. */
  async submit(batch: AssessBatch): Promise<void> {
    if (this.failure) throw this.failure;
    const worker = await this.acquire();
    const task = new Promise<'done' | 'lost'>((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onLost);
        worker.off('exit', onLost);
      };
      const onMessage = (result: AssessBatchResult): void => {
        cleanup();
        try {
          this.onResult(result);
          resolve('done');
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      const onLost = (): void => {
        cleanup();
        resolve('lost');
      };
      worker.on('message', onMessage);
      worker.once('error', onLost);
      worker.once('exit', onLost);
      worker.postMessage(batch);
    }).then(
      (outcome) => {
        this.inFlight.delete(task);
        if (outcome === 'done') {
          this.release(worker);
          return;
        }
        this.workers.delete(worker);
        void worker.terminate();
        this.onLost(batch);
        this.release(this.spawn());
      },
      (error: unknown) => {
        this.inFlight.delete(task);
        this.failure = error instanceof Error ? error : new Error(String(error));
      }
    );
    this.inFlight.add(task);
  }

  /** Waits for every submitted batch. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.idle.length = 0;
    const workers = [...this.workers];
    this.workers.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

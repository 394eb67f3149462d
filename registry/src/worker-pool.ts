import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AssessBatch, AssessBatchResult } from './assess-patients';

const WORKER_ENTRY = new URL('./assess-worker-entry.mjs', import.meta.url);

/** Workers: one per core the process may use (at least one). */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A fixed pool of assessment workers with a bounded queue: `submit` resolves once a worker is free to take the
 * batch, so the producer never runs ahead of the pool by more than one batch per worker.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: Error | undefined;

  constructor(
    size: number,
    private readonly onResult: (result: AssessBatchResult) => void
  ) {
    for (let index = 0; index < size; index += 1) {
      const worker = new Worker(WORKER_ENTRY);
      this.workers.push(worker);
      this.idle.push(worker);
    }
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
    const task = new Promise<void>((resolve, reject) => {
      const onMessage = (result: AssessBatchResult): void => {
        worker.off('error', onError);
        try {
          this.onResult(result);
          resolve();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      const onError = (error: Error): void => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage(batch);
    }).then(
      () => {
        this.inFlight.delete(task);
        this.release(worker);
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
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }
}

import { afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../errors';
import { createLogger } from '../ops/logger';
import { HookWorkerPool, type HookWorkerEvent, type HookWorkerPoolOptions } from './hook-worker-pool';
import type { HookWorkResult } from './hook-work';

const MISBEHAVING = new URL('../testing/misbehaving-hook-worker.mjs', import.meta.url);
const UNSTARTABLE = new URL('../testing/unstartable-hook-worker.mjs', import.meta.url);

let pool: HookWorkerPool | undefined;
let events: HookWorkerEvent[] = [];

function startPool(options: Partial<HookWorkerPoolOptions> = {}): HookWorkerPool {
  events = [];
  pool = new HookWorkerPool({
    size: 2,
    queueLimit: 8,
    deadlineMs: 60_000,
    entry: MISBEHAVING,
    settings: {
      analysis: {} as HookWorkerPoolOptions['settings']['analysis'],
      emergingCards: true,
      crisisLine: '',
      allowedFhirServers: [],
      fhirMaxPages: 1,
    },
    logger: createLogger('silent'),
    onEvent: (event) => events.push(event),
    ...options,
  });
  return pool;
}

const call = (target: HookWorkerPool, text: string): Promise<HookWorkResult> =>
  target.run({ serviceId: 'tachyphylaxis-patient-view', body: new TextEncoder().encode(text), nowMs: 0 });

const answered = (text: string): HookWorkResult => ({ kind: 'invalid', details: [text] });

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('the hook worker pool', () => {
  it('answers each call with its own result, more calls than workers', async () => {
    const workers = startPool();
    await workers.whenReady();
    expect(workers.ready).toBe(true);
    const texts = ['a', 'b', 'c', 'd', 'e'];
    expect(await Promise.all(texts.map((text) => call(workers, text)))).toEqual(texts.map(answered));
  });

  it('moves the body to the worker without copying it', async () => {
    const workers = startPool();
    await workers.whenReady();
    const body = new Uint8Array(new TextEncoder().encode('moved'));
    const result = workers.run({ serviceId: 'x', body, nowMs: 0 });
    expect(body.byteLength).toBe(0);
    expect(await result).toEqual(answered('moved'));
  });

  it('a call past its deadline gets a 503, its worker is replaced, and the next call is answered', async () => {
    const workers = startPool({ size: 1, deadlineMs: 300 });
    await workers.whenReady();
    await expect(call(workers, 'hang')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(events).toEqual(['timeout']);
    expect(await call(workers, 'after')).toEqual(answered('after'));
  });

  it('a worker that dies mid-call: its calls get a 503, a new worker answers the next call', async () => {
    const workers = startPool({ size: 1 });
    await workers.whenReady();
    const results = await Promise.allSettled([call(workers, 'exit'), call(workers, 'posted behind it')]);
    expect(results).toMatchObject([
      { status: 'rejected', reason: { status: 503 } },
      { status: 'rejected', reason: { status: 503 } },
    ]);
    expect(events).toEqual(['crash']);
    await workers.whenReady();
    expect(await call(workers, 'next')).toEqual(answered('next'));
  });

  it('posts a second call to a busy worker, so it starts the moment the first is answered', async () => {
    const workers = startPool({ size: 1, deadlineMs: 300 });
    await workers.whenReady();
    // The hanging call holds the worker; the one posted behind it can only be answered by that worker.
    const results = await Promise.allSettled([call(workers, 'hang'), call(workers, 'behind'), call(workers, 'third')]);
    expect(results).toMatchObject([
      { status: 'rejected', reason: { status: 503 } },
      { status: 'rejected', reason: { status: 503 } },
      { status: 'rejected', reason: { status: 503 } },
    ]);
    expect(events).toEqual(['timeout', 'queue-timeout']);
  });

  it('a failure inside the work is an error (a defect: 500), not a 503', async () => {
    const workers = startPool({ size: 1 });
    await workers.whenReady();
    const failure = await call(workers, 'throw').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ServiceUnavailableError);
    expect(String(failure)).toContain('TypeError');
    expect(await call(workers, 'still here')).toEqual(answered('still here'));
  });

  it('past the queue limit a call gets a 503 at once; closing refuses what still waits', async () => {
    const workers = startPool({ size: 1, queueLimit: 1 });
    await workers.whenReady();
    const running = call(workers, 'hang');
    const posted = call(workers, 'posted to the busy worker');
    const waiting = call(workers, 'waiting');
    await expect(call(workers, 'one too many')).rejects.toMatchObject({ status: 503 });
    expect(events).toEqual(['queue-full']);
    const closing = workers.close();
    await expect(waiting).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(posted).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(running).rejects.toBeInstanceOf(ServiceUnavailableError);
    await closing;
    await expect(call(workers, 'after close')).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('workers that cannot start: the pool gives up after three tries and says it is not ready', async () => {
    const workers = startPool({ size: 1, entry: UNSTARTABLE });
    await workers.whenReady();
    expect(workers.ready).toBe(false);
    expect(workers.unavailable).toBe(true);
    expect(events).toEqual(['start-failure', 'start-failure', 'start-failure']);
  });
});

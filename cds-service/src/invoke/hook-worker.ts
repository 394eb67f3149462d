// A hook worker thread: runs `runHookWork` for the requests the pool sends and posts each result back.
// It never logs, touches the store or the network: the event loop does those.
import { parentPort, workerData } from 'node:worker_threads';
import { SHARED_ENGINE } from './engine';
import { runHookWork, type HookWorkSettings } from './hook-work';
import type { HookWorkerReply, HookWorkerTask } from './hook-worker-protocol';

const settings = workerData as HookWorkSettings;
const port = parentPort;

port?.on('message', (task: HookWorkerTask) => {
  runHookWork(task, settings, SHARED_ENGINE).then(
    (result) => port.postMessage({ id: task.id, result } satisfies HookWorkerReply),
    (error: unknown) =>
      port.postMessage({
        id: task.id,
        failure: error instanceof Error ? error.name : typeof error,
      } satisfies HookWorkerReply)
  );
});

port?.postMessage({ ready: true } satisfies HookWorkerReply);

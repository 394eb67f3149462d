import { parentPort } from 'node:worker_threads';
import { assessBatch, type AssessBatch } from './assess-patients';

// One worker of the pool: assesses the batches the main thread sends and posts the results back.
parentPort?.on('message', (batch: AssessBatch) => {
  parentPort?.postMessage(assessBatch(batch));
});
